"""The ORPHA-keyed entries of a names file (data/norske-navn.yml, data/folkelige-navn.yml): each key
read as a code, a code given twice refused, the entry validated and the code resolved, every
problem worded once for both files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel

from build_tools.core.errors import Problem
from build_tools.core.read import MappingDocument, YamlValue
from build_tools.core.validate import validate_entry
from build_tools.orphanet.model import OrphaCode, OrphaData
from build_tools.orphanet.resolve import CodeProblem, resolve


def orpha_number(key: object) -> int | None:
    """`905`, `ORPHA:905` → 905; anything else (a leading zero included) → None."""
    text = str(key).strip()
    if text.upper().startswith("ORPHA:"):
        text = text[6:].strip()
    return int(text) if text.isdigit() and not text.startswith("0") else None


M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Entry(Generic[M]):
    key: str
    value: YamlValue  # the entry as read (for line_of)
    line: int
    code: OrphaCode
    item: M | None  # the validated model, or None when it has problems


def orpha_entries(doc: MappingDocument, display: str, model: type[M], orpha: OrphaData, example: int, problems: list[Problem]) -> Iterator[Entry[M]]:
    """Every entry whose key is a new, active ORPHA code; problems are appended to `problems`.
    `example`: the code the «skriv bare tallet» hint shows."""
    seen: dict[int, int] = {}  # code → line of its first entry
    for key, value in doc.data.items():
        line = doc.data.lines[key]
        number = orpha_number(key)
        if number is None:
            problems.append(Problem(display, line, str(key), f"ugyldig ORPHA-kode; skriv bare tallet, f.eks. {example}: (eller ORPHA:{example}:)"))
            continue
        if number in seen:
            problems.append(Problem(display, line, str(key), f"ORPHA:{number} står to ganger (første gang på linje {seen[number]}); slå oppføringene sammen"))
            continue
        seen[number] = line
        item, found = validate_entry(model, doc, str(key), value)
        problems += found
        entity = resolve(orpha, OrphaCode(number), use="flytt navnet dit", retired="bruk koden som erstatter den, eller fjern oppføringen")
        if isinstance(entity, CodeProblem):
            problems.append(Problem(display, line, str(key), entity.message))
            continue
        yield Entry(str(key), value, line, OrphaCode(number), item)
