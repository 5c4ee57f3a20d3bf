"""What the search finds of one page: the document each content kind gives the search index.

Kinds make them (`Kind.documents`), derived/search/documents.py collects them and
derived/search/index.py turns them into the prebuilt index.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SearchDoc:
    url: str  # site-relative, no leading slash, e.g. "diagnoser/marfans-syndrom/" or "orpha/558/"
    title: str  # shown as the result title
    kind: str  # "diagnose" (authored page), "orpha" (catalogue page), "gruppe" (group page), "side" (other page)
    names: tuple[str, ...] = ()  # Norwegian title, synonyms, lay terms (authored pages)
    names_en: tuple[str, ...] = ()  # English preferred name + synonyms (Orphanet)
    orpha: tuple[int, ...] = ()  # ORPHA codes the page is about
    icd10: tuple[tuple[str, str], ...] = ()  # (code like "Q87.4", relation "E"/"NTBT"/"BTNT")
    icd11: tuple[tuple[str, str], ...] = ()
    omim: tuple[str, ...] = ()
    genes: tuple[str, ...] = ()  # symbols of the genes that cause the disease (shown with the result)
    genes_other: tuple[str, ...] = ()  # genes associated otherwise (modifiers, risk factors...): found, ranked lower
    text: str = ""  # plain text: authored body or the Orphanet definition (for full text + the result snippet)
