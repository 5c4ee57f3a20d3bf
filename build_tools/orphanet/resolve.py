"""Resolving an ORPHA code an editor wrote: the entity, or what is wrong with the code, worded once.

Every place that takes an ORPHA code from content (diagnosis pages, courses, links, Norwegian names,
group summaries, `sjelden new`) asks `resolve`, so an unknown, retired or moved code reads the same
everywhere (tests/test_architecture.py checks that the wording lives here only). The caller adds the
path, the line and the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.orphanet.model import OrphaCode, OrphaData, OrphaEntity, Status

STATUS_TEXT = {
    Status.OBSOLETE: "er utgått (obsolete)",
    Status.DEPRECATED: "er trukket tilbake (deprecated)",
    Status.NON_RARE: "regnes ikke som sjelden i Europa og er ikke aktiv",
    Status.INACTIVE: "er ikke aktiv",
}
CHECK_CODE = "sjekk koden på orpha.net"
FIND_CURRENT = "finn den gjeldende koden på orpha.net"


@dataclass(frozen=True)
class CodeProblem:
    """Why a code cannot be used: `what` is wrong (code, name, status, release), `fix` says what to do."""

    code: OrphaCode
    entity: OrphaEntity | None  # None: Orphanet does not know the code
    what: str
    fix: str

    @property
    def message(self) -> str:
        return f"{self.what}; {self.fix}"


def resolve(orpha: OrphaData, code: OrphaCode, use: str = "bruk den koden", unknown: str = CHECK_CODE, retired: str = FIND_CURRENT) -> OrphaEntity | CodeProblem:
    """The active entity of `code`, or the problem with it. `use` ends the advice when Orphanet moved
    the code (to ORPHA:988, «…, bruk den koden»); `unknown` and `retired` are the advice
    when it does not know the code, or retired it without a successor."""
    entity = orpha.get(code)
    if entity is None:
        return CodeProblem(code, None, f"{code} finnes ikke i Orphanet-data ({orpha.release})", unknown)
    if entity.active:
        return entity
    what = f"{code} ({entity.name}) {STATUS_TEXT.get(entity.status, 'er ikke aktiv')} i Orphanet-data ({orpha.release})"
    moved = ", ".join(str(c) for c in entity.moved_to)
    return CodeProblem(code, entity, what, f"Orphanet har flyttet den til {moved}, {use}" if moved else retired)
