"""Typed Orphanet entities: what the rest of the code sees of Orphanet's data.

Only the readers in this package know Orphanet's file formats; they all produce the types below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from enum import StrEnum

_CODE_RE = re.compile(r"^\s*(?:orpha(?:net)?\s*[:_ ]?\s*)?(\d{1,7})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True, slots=True)
class OrphaCode:
    """An ORPHAcode. Written `ORPHA:558`; the number alone is `value`."""

    value: int

    @classmethod
    def parse(cls, text: str | int) -> OrphaCode:
        """Accept `558`, `"558"`, `"ORPHA:558"`, `"ORPHA 558"`, `"orpha558"`, `"Orphanet_558"`."""
        if isinstance(text, bool):
            raise ValueError(f"not an ORPHA code: {text!r}")
        if isinstance(text, int):
            if text <= 0:
                raise ValueError(f"not an ORPHA code: {text!r}")
            return cls(text)
        match = _CODE_RE.match(str(text))
        if not match or int(match.group(1)) == 0:
            raise ValueError(f"not an ORPHA code: {text!r}")
        return cls(int(match.group(1)))

    def __str__(self) -> str:
        return f"ORPHA:{self.value}"

    @property
    def url(self) -> str:
        """The entity's page on orpha.net."""
        return f"https://www.orpha.net/en/disease/detail/{self.value}"


class Level(StrEnum):
    """Orphanet's classification level of an entity."""

    GROUP = "group"
    DISORDER = "disorder"
    SUBTYPE = "subtype"


class Status(StrEnum):
    ACTIVE = "active"
    OBSOLETE = "obsolete"
    DEPRECATED = "deprecated"
    NON_RARE = "non-rare"
    INACTIVE = "inactive"  # inactive, reason not given by the data at hand


class Relation(StrEnum):
    """Orphanet's mapping relation, read from the ORPHA side."""

    E = "E"  # exact: the two concepts are equivalent
    NTBT = "NTBT"  # the ORPHA entity is narrower than the target code
    BTNT = "BTNT"  # the ORPHA entity is broader than the target code
    ND = "ND"  # not yet decided

    @classmethod
    def from_text(cls, text: str) -> Relation:
        """Match the leading token: the wording after it changed between releases."""
        token = text.strip().split(" ", 1)[0].upper()
        return cls(token)


# DisorderType names by level; groups are Category and Clinical group (Orphanet's DisorderGroup 36540).
_GROUP_TYPES = {"Category", "Clinical group"}
_SUBTYPE_TYPES = {"Clinical subtype", "Etiological subtype", "Histopathological subtype"}


def level_of(disorder_type: str) -> Level:
    if disorder_type in _GROUP_TYPES:
        return Level.GROUP
    if disorder_type in _SUBTYPE_TYPES:
        return Level.SUBTYPE
    return Level.DISORDER


@dataclass(frozen=True, slots=True)
class CodeMapping:
    """A cross-reference to another terminology (ICD-10, ICD-11, OMIM) with its relation."""

    system: str
    code: str
    relation: Relation


# Orphanet's gene-disease association types that say the gene causes the disease (product6's
# DisorderGeneAssociationType). A fusion gene is the acquired cause of the tumours it is listed
# for (e.g. RUNX1::RUNX1T1 in AML with t(8;21)). The others (modifying, major susceptibility factor,
# role in the phenotype, candidate gene, biomarker) do not cause the disease on their own.
CAUSAL_ASSOCIATIONS = frozenset({
    "Disease-causing germline mutation(s) in",
    "Disease-causing germline mutation(s) (loss of function) in",
    "Disease-causing germline mutation(s) (gain of function) in",
    "Disease-causing somatic mutation(s) in",
    "Part of a fusion gene in",
})


@dataclass(frozen=True, slots=True)
class Gene:
    symbol: str
    name: str
    association: str = ""

    @property
    def causal(self) -> bool:
        """Whether Orphanet marks the gene as causing the disease (not a modifier, risk factor, candidate...)."""
        return self.association in CAUSAL_ASSOCIATIONS


@dataclass(frozen=True, slots=True)
class Phenotype:
    hpo_id: str
    term: str
    frequency: str


@dataclass(frozen=True, slots=True)
class Prevalence:
    kind: str  # "Point prevalence", "Prevalence at birth", "Annual incidence", "Cases/families"
    qualification: str
    prevalence_class: str  # e.g. "1-5 / 10 000"; empty where Orphanet gives none
    mean: str
    geographic: str
    source: str


@dataclass(frozen=True, slots=True)
class OrphaEntity:
    code: OrphaCode
    name: str
    disorder_type: str
    level: Level
    status: Status = Status.ACTIVE
    moved_to: tuple[OrphaCode, ...] = ()
    synonyms: tuple[str, ...] = ()
    definition: str = ""
    parents: tuple[OrphaCode, ...] = ()
    children: tuple[OrphaCode, ...] = ()
    genes: tuple[Gene, ...] = ()
    phenotypes: tuple[Phenotype, ...] = ()
    prevalences: tuple[Prevalence, ...] = ()
    onsets: tuple[str, ...] = ()
    inheritance: tuple[str, ...] = ()
    mappings: tuple[CodeMapping, ...] = ()
    subtype_genes: tuple[Gene, ...] = ()  # genes Orphanet gives on the entity's subtypes
    subtype_count: int = 0  # the entity's subtypes in Orphanet's classification
    subtype_causal: tuple[tuple[str, int], ...] = ()  # (gene symbol, how many subtypes it causes)
    subtype_listed: tuple[tuple[str, int], ...] = ()  # (gene symbol, how many subtypes list it, in any role)

    def subtypes_with(self, gene: Gene) -> int:
        """How many of the entity's subtypes list `gene`: as a cause where the gene is causal, else in any role."""
        counts = self.subtype_causal if gene.causal else self.subtype_listed
        return next((n for s, n in counts if s == gene.symbol), 0)

    @property
    def active(self) -> bool:
        return self.status is Status.ACTIVE

    def codes(self, system: str) -> tuple[CodeMapping, ...]:
        """Mappings to one system (`"ICD-10"`, `"ICD-11"`, `"OMIM"`), exact ones first."""
        found = [m for m in self.mappings if m.system == system]
        order = {Relation.E: 0, Relation.NTBT: 1, Relation.BTNT: 2, Relation.ND: 3}
        return tuple(sorted(found, key=lambda m: (order[m.relation], m.code)))

    @property
    def icd10(self) -> tuple[CodeMapping, ...]:
        return self.codes("ICD-10")

    @property
    def icd11(self) -> tuple[CodeMapping, ...]:
        return self.codes("ICD-11")

    @property
    def omim(self) -> tuple[CodeMapping, ...]:
        return self.codes("OMIM")


@dataclass(frozen=True, slots=True)
class Classification:
    """One Orphanet classification (product3 file): its head and its parent→child edges."""

    id: int
    name: str
    head: OrphaCode
    edges: tuple[tuple[OrphaCode, OrphaCode], ...]

    @property
    def roots(self) -> list[OrphaCode]:
        """The classification's top entities: parents that are no one's child. (The head number
        names the classification itself, not an entity.)"""
        parents = {p for p, _ in self.edges}
        children = {c for _, c in self.edges}
        return sorted(parents - children) or [self.head]


@dataclass(slots=True)
class OrphaData:
    """Everything the site needs from one Orphanet release."""

    release: str  # "2025-12": shown beside every credit
    release_date: str  # "2025-12-09"
    entities: dict[OrphaCode, OrphaEntity]
    classifications: tuple[Classification, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)
    key: str = ""  # content + code fingerprint of the files this was read from
    # What is computed from this release once and kept with it (its classification graph): it lives
    # and dies with the data, so no module keeps anything between builds.
    derived: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def get(self, code: OrphaCode) -> OrphaEntity | None:
        return self.entities.get(code)

    def active(self) -> list[OrphaEntity]:
        return sorted((e for e in self.entities.values() if e.active), key=lambda e: e.code)

    @property
    def credit(self) -> str:
        return f"Orphanet / INSERM, {self.release}"


def _pickled_as_a_tuple(cls: type) -> None:
    """Pickle a slotted dataclass as the tuple of its fields' values. The state dataclasses give
    slotted classes looks up the class's fields again for every object, which took more than half
    the time of reading the parsed snapshot (.cache/sjelden, about 230,000 objects) back."""
    names = tuple(f.name for f in fields(cls))

    def getstate(self: object) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in names)

    def setstate(self: object, state: tuple[object, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    setattr(cls, "__getstate__", getstate)  # noqa: B010 - replaces what @dataclass(slots=True) set
    setattr(cls, "__setstate__", setstate)  # noqa: B010


for _cls in (OrphaCode, CodeMapping, Gene, Phenotype, Prevalence, OrphaEntity, Classification, OrphaData):
    _pickled_as_a_tuple(_cls)
