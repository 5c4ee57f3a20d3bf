"""Orphanet's text as it was meant: C1 control characters read as Windows-1252.

Some Orphanet definitions carry bytes of Windows-1252 that were decoded as Latin-1 on the way, so
U+0092 stands where a right quotation mark (’) was meant and U+0096 where an en dash (–) was.
`clean_entity` maps them once, when a release is read, so every page, JSON-LD block, search
document and export sees the meant character. C1 codes Windows-1252 leaves undefined are dropped.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, TypeVar

from build_tools.orphanet.model import Gene, OrphaEntity, Phenotype, Prevalence

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_C1_RE = re.compile("[\u0080-\u009f]")
_Record = TypeVar("_Record", bound="DataclassInstance")  # an entity, or a gene, phenotype or prevalence of one


def _meant(match: re.Match[str]) -> str:
    try:
        return bytes([ord(match.group())]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no character in Windows-1252
        return ""


def clean(text: str) -> str:
    """`text` with every C1 control character replaced by what Windows-1252 means by it."""
    return _C1_RE.sub(_meant, text) if _C1_RE.search(text) else text


def _clean_value(value: object) -> object:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, tuple):
        return tuple(_clean_value(v) for v in value)
    if isinstance(value, Gene | Phenotype | Prevalence):
        return _clean_fields(value)
    return value


def _clean_fields(item: _Record) -> _Record:
    changes = {f.name: new for f in dataclasses.fields(item) if (new := _clean_value(old := getattr(item, f.name))) != old}
    # Each changed field keeps its type: text stays text, a tuple stays a tuple of the same records.
    return dataclasses.replace(item, **changes) if changes else item


def clean_entity(entity: OrphaEntity) -> OrphaEntity:
    """The entity with C1 control characters mapped in its names, synonyms, definition, genes,
    phenotypes and prevalences."""
    return _clean_fields(entity)
