"""Validation of what editors write: typed models, and problems mapped back to YAML lines.

Takes `Document`s from `read` and a pydantic model, returns the validated model or `Problem`s, each
with the file, the line of the offending key and a Norwegian message that says how to fix it.
Pydantic checks types and unknown keys; its location paths (`('pasientforening', 'navn')`) are mapped
back to YAML lines. Every content kind's model derives from `Model`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from build_tools.core.errors import Problem
from build_tools.core.read import Document, LineDict, LineList

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _iso_date(value: Any) -> Any:
    # YAML dates are kept as text by the reader; refuse numbers, which pydantic would read as epochs.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("iso_date")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("impossible_date") from None

IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"})]
Text = Annotated[str, Field(min_length=1), BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, arbitrary_types_allowed=True)


def _message(error: Any, field_name: str, model: type[BaseModel]) -> str:
    kind = error["type"]
    ctx_error = str(error.get("ctx", {}).get("error", ""))
    if kind == "missing":
        hint = getattr(model, "FIELD_HELP", {}).get(field_name.split(".")[-1])
        return "mangler; legg til feltet" + (f" ({hint})" if hint else "")
    if kind == "extra_forbidden":
        known = list(model.model_fields)
        close = difflib.get_close_matches(field_name.split(".")[-1], known, n=1)
        suggestion = f"; mente du «{close[0]}»?" if close else f"; gyldige felt er {', '.join(known)}"
        return "ukjent felt" + suggestion
    if "iso_date" in ctx_error or kind in {"date_type", "date_parsing"}:
        return "må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2025-03-01"
    if "impossible_date" in ctx_error:
        return "datoen finnes ikke; sjekk dag og måned (ÅÅÅÅ-MM-DD)"
    if "orpha_code" in ctx_error:
        return "ugyldig ORPHA-kode; skriv tallet, f.eks. 558 eller ORPHA:558"
    if "duplicate_code" in ctx_error:
        return "samme ORPHA-kode står flere ganger; fjern duplikatet"
    if kind == "string_too_short":
        return "kan ikke være tom; fyll inn en verdi"
    if kind == "too_short":
        return "listen kan ikke være tom; legg til minst én"
    if kind == "string_type":
        return "må være tekst"
    if kind == "list_type":
        return "må være en liste, f.eks. [a, b] eller én verdi per linje med -"
    if kind == "bool_type":
        return "må være true eller false"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "må være et oppslag med felt (navn: verdi)"
    if kind == "string_pattern_mismatch":
        return "må være en fullstendig https://-adresse"
    return f"ugyldig verdi ({error.get('msg', kind)})"


def line_of(data: Any, loc: tuple[Any, ...], default: int) -> int:
    """The YAML line of a pydantic location path, as close to it as the data allows."""
    line = getattr(data, "line", 0) or default
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lines[part]
            node = node[part]
        else:
            break
    return line


def validate(model: type[BaseModel], doc: Document, data: Any = None) -> tuple[Any | None, list[Problem]]:
    """Validate `doc.data` (or `data`, a part of it) against `model`: (instance or None, problems)."""
    data = doc.data if data is None else data
    default_line = getattr(data, "line", 0) or doc.meta_line
    if not isinstance(data, dict):
        return None, [Problem(doc.display, default_line, None, "forventet felt på formen «navn: verdi»")]
    try:
        return model.model_validate(dict(data)), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            ctx_error = str(error.get("ctx", {}).get("error", ""))
            if not loc and ctx_error in getattr(model, "MODEL_ERRORS", {}):
                field_name, message = getattr(model, "MODEL_ERRORS", {})[ctx_error]
                problems.append(Problem(doc.display, line_of(data, (field_name,), default_line), field_name, message))
                continue
            field_name = ".".join(str(p) for p in loc) or None
            problems.append(Problem(doc.display, line_of(data, loc, default_line), field_name, _message(error, field_name or "", model)))
        return None, problems


@dataclass(frozen=True)
class Section:
    title: str
    line: int
    text: str


_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")


def headings(body: str, first_line: int) -> list[tuple[int, str, int]]:
    """(level, text, file line) for every ATX heading outside code fences."""
    out = []
    fenced = False
    for i, line in enumerate(body.split("\n")):
        if _FENCE_RE.match(line):
            fenced = not fenced
            continue
        m = None if fenced else _HEADING_RE.match(line)
        if m:
            out.append((len(m.group(1)), m.group(2), first_line + i))
    return out


def check_sections(doc: Document, required: tuple[str, ...]) -> tuple[list[Section], list[Problem]]:
    """The body's `##` sections against the template: present, in order, not empty."""
    problems: list[Problem] = []
    lines = doc.body.split("\n")
    found = headings(doc.body, doc.body_line)
    sections: list[Section] = []
    h2 = [(text, line) for level, text, line in found if level == 2]
    for level, _text, line in found:
        if level == 1:
            problems.append(Problem(doc.display, line, None, "overskrift på nivå 1 (#) er ikke tillatt i teksten; tittelen kommer fra «tittel», bruk ## for avsnitt"))
    for index, (text, line) in enumerate(h2):
        end = h2[index + 1][1] if index + 1 < len(h2) else doc.body_line + len(lines)
        content = "\n".join(lines[line - doc.body_line + 1 : end - doc.body_line]).strip()
        sections.append(Section(text, line, content))
        if text not in required:
            close = difflib.get_close_matches(text, required, n=1)
            hint = f"; mente du «{close[0]}»?" if close else f"; malen har {', '.join(required)}"
            problems.append(Problem(doc.display, line, None, f"ukjent avsnitt «{text}»{hint}"))
        elif not content:
            problems.append(Problem(doc.display, line, None, f"avsnittet «{text}» er tomt; skriv minst én setning"))
    titles = [s.title for s in sections]
    for name in required:
        if name not in titles:
            problems.append(Problem(doc.display, doc.body_line, None, f"mangler avsnittet «## {name}»; legg det til i malens rekkefølge"))
    present = [t for t in titles if t in required]
    expected = [t for t in required if t in present]
    if present != expected and len(set(present)) == len(present):
        wrong = next((s for s in sections if s.title in required and present.index(s.title) != expected.index(s.title)), None)
        if wrong is not None:
            problems.append(Problem(doc.display, wrong.line, None, f"avsnittene står i feil rekkefølge; rekkefølgen er {', '.join(required)}"))
    seen: set[str] = set()
    for section in sections:
        if section.title in seen:
            problems.append(Problem(doc.display, section.line, None, f"avsnittet «{section.title}» står to ganger; slå dem sammen"))
        seen.add(section.title)
    return sections, problems
