"""The joined site: Orphanet data, centres and every content kind, as the pipeline returns it.

The pipeline assembles one frozen `Site` at the end of loading (`Site.assemble`), from the part each
kind's `load` returned (kinds/parts.py) and the digests of what they were made from; nothing changes
it afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from build_tools.kinds.courses.model import CourseList
from build_tools.kinds.diagnoses.model import Centre, DiagnosesPart, Diagnosis, Ern
from build_tools.kinds.glossary.model import Glossary
from build_tools.kinds.names.icd10 import Icd10Norsk
from build_tools.kinds.names.model import NorwegianNames
from build_tools.kinds.names.part import NamesPart
from build_tools.kinds.parts import part_of
from build_tools.kinds.summaries.model import SummariesPart, Summary
from build_tools.orphanet.model import Level, OrphaCode, OrphaData, OrphaEntity

P = TypeVar("P")


def _no_digests() -> Mapping[str, str]:
    return MappingProxyType({})


def _no_parts() -> Mapping[str, object]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Site:
    orpha: OrphaData
    centres: dict[str, Centre]
    diagnoses: list[Diagnosis]
    by_code: dict[OrphaCode, Diagnosis]  # which authored page covers an ORPHA code
    members: dict[OrphaCode, list[OrphaCode]]  # group → active children
    courses: CourseList = field(default_factory=CourseList.empty)
    summaries: list[Summary] = field(default_factory=list)
    names: dict[OrphaCode, NorwegianNames] = field(default_factory=dict)  # data/norske-navn.yml
    erns: dict[str, Ern] = field(default_factory=dict)  # data/ern.yml
    glossary: Glossary = field(default_factory=Glossary)  # data/ordliste.yml
    icd10: Icd10Norsk | None = None  # data/icd10/icd10-no.tsv: the Norwegian ICD-10
    names_icd10: dict[OrphaCode, NorwegianNames] = field(default_factory=dict)  # exact ICD-10 mappings' Norwegian texts
    icd10_categories: dict[OrphaCode, tuple[str, ...]] = field(default_factory=dict)  # broader ICD-10 codes' texts (search only)
    names_lay: dict[OrphaCode, NorwegianNames] = field(default_factory=dict)  # data/folkelige-navn.yml: what readers call it
    # What each input was made from: a kind's name → a digest of its source files; "orpha" → the
    # release's key; "settings" → the options. Pages declare which inputs they read (core/state.py).
    digests: Mapping[str, str] = field(default_factory=_no_digests)
    # Every kind's part, by the kind's name, as its `load` returned it. A kind added from outside
    # build_tools (`extra_kinds`) reads its own back with `part` (tests/fixtures/kinds/registries.py).
    parts: Mapping[str, object] = field(default_factory=_no_parts)

    @classmethod
    def assemble(cls, orpha: OrphaData, parts: Mapping[str, object], digests: Mapping[str, str]) -> Site:
        """The site from the built-in kinds' parts (by kind name; a missing one is empty) and any others."""
        d = parts.get("diagnoses")
        d = d if isinstance(d, DiagnosesPart) else DiagnosesPart({}, [], {}, {}, {})
        n = parts.get("names")
        n = n if isinstance(n, NamesPart) else NamesPart({}, None, {}, {}, {})
        glossary, courses, summaries = parts.get("glossary"), parts.get("courses"), parts.get("summaries")
        return cls(
            orpha=orpha, centres=d.centres, diagnoses=d.diagnoses, by_code=d.by_code, members=d.members, erns=d.erns,
            courses=courses if isinstance(courses, CourseList) else CourseList.empty(),
            summaries=summaries.summaries if isinstance(summaries, SummariesPart) else [],
            glossary=glossary if isinstance(glossary, Glossary) else Glossary(),
            names=n.names, icd10=n.icd10, names_icd10=n.names_icd10, icd10_categories=n.icd10_categories, names_lay=n.names_lay,
            digests=MappingProxyType(dict(digests)), parts=MappingProxyType(dict(parts)),
        )

    def part(self, name: str, cls: type[P]) -> P:
        """The part the kind `name` loaded, as its type `cls`."""
        return part_of(self.parts, name, cls)

    def inputs(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The digests of the named inputs: equal as long as none of them changed."""
        return tuple(self.digests.get(name, "") for name in names)

    def example_count(self) -> int:
        """How many diagnosis pages, knowledge summaries and courses are example content
        (`eksempeltekst: true`). While any is, the whole site says so (`Settings.example_notice`)."""
        flags = [*(d.meta.eksempeltekst for d in self.diagnoses), *(s.meta.eksempeltekst for s in self.summaries), *(c.meta.eksempeltekst for c in self.courses)]
        return sum(flags)

    def newest_date(self) -> str:
        """The newest content date (ISO): the Orphanet release's or the latest revision of an authored
        page. Stable per commit: the engine stamps pages with it instead of the build date."""
        return max([self.orpha.release_date, *(d.meta.sist_revidert.isoformat() for d in self.diagnoses)])

    def name_nb(self, code: OrphaCode) -> str | None:
        """The approved Norwegian name of an ORPHA code, if it has one (suggestions are not titles)."""
        entry = self.names.get(code)
        return entry.name if entry is not None and entry.approved else None

    def name_icd10(self, code: OrphaCode) -> str | None:
        """The Norwegian ICD-10 text of the code's exact mapping, where no editor's entry names it."""
        entry = self.names_icd10.get(code)
        return entry.name if entry is not None and code not in self.names else None

    def title_of(self, entity: OrphaEntity) -> str:
        """What a catalogue page is called: the approved Norwegian name, else Orphanet's English one."""
        return self.name_nb(entity.code) or entity.name

    def groups_of(self, entity: OrphaEntity) -> list[OrphaEntity]:
        out = []
        for parent in entity.parents:
            p = self.orpha.get(parent)
            if p is not None and p.active and p.level is Level.GROUP:
                out.append(p)
        return out
