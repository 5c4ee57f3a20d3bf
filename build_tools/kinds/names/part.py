"""The names kind's part of the site: the editors' Norwegian names, the Norwegian ICD-10 and the lay names."""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.kinds.names.icd10 import Icd10Norsk
from build_tools.kinds.names.model import NorwegianNames
from build_tools.orphanet.model import OrphaCode


@dataclass(frozen=True)
class NamesPart:
    names: dict[OrphaCode, NorwegianNames]  # data/norske-navn.yml
    icd10: Icd10Norsk | None  # data/icd10/icd10-no.tsv: the Norwegian ICD-10
    names_icd10: dict[OrphaCode, NorwegianNames]  # exact ICD-10 mappings' Norwegian texts
    icd10_categories: dict[OrphaCode, tuple[str, ...]]  # broader ICD-10 codes' texts (search only)
    names_lay: dict[OrphaCode, NorwegianNames]  # data/folkelige-navn.yml: what readers call it
