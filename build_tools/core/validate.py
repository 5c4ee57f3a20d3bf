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
from pathlib import Path
from typing import Annotated, TypeVar, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema
from pydantic_core import ErrorDetails

from build_tools.core.errors import ContentError, Problem
from build_tools.core.read import Document, LineDict, LineList, MappingDocument, YamlValue, read_yaml

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
M = TypeVar("M", bound=BaseModel)
Loc = tuple[int | str, ...]  # a pydantic location path: keys and list positions


def _iso_date(value: object) -> date:
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
HttpsUrl = Annotated[str, Field(pattern=r"^https://[^\s<>\"']+$")]  # a full https:// address, nothing that could break out of a link


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, arbitrary_types_allowed=True)


# One table of Norwegian messages, keyed by pydantic's error type, or by the code a validator of ours
# raises (`ValueError("iso_date")`): never by pydantic's English text. Kinds add their validators'
# codes with `messages()`. A tuple is a check of the whole model: (the field it points at, message).
MESSAGES: dict[str, str | tuple[str, str]] = {
    "string_too_short": "kan ikke være tom; fyll inn en verdi",
    "too_short": "listen kan ikke være tom; legg til minst én",
    "string_type": "må være tekst",
    "list_type": "må være en liste, f.eks. [a, b] eller én verdi per linje med -",
    "bool_type": "må være true eller false",
    "int_type": "må være et heltall",
    "int_parsing": "må være et heltall",
    "int_from_float": "må være et heltall",
    "float_type": "må være et tall",
    "model_type": "må være et oppslag med felt (navn: verdi)",
    "dict_type": "må være et oppslag med felt (navn: verdi)",
    "model_attributes_type": "må være et oppslag med felt (navn: verdi)",
    "date_type": "må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2025-03-01",
    "date_parsing": "må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2025-03-01",
    "iso_date": "må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2025-03-01",
    "impossible_date": "datoen finnes ikke; sjekk dag og måned (ÅÅÅÅ-MM-DD)",
}


def messages(table: dict[str, str | tuple[str, str]]) -> None:
    """Add a kind's validator codes to the one table (each code once)."""
    clash = set(table) & set(MESSAGES)
    assert not clash, f"error codes defined twice: {sorted(clash)}"
    MESSAGES.update(table)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel]:
    """The (nested) model a location path points into: ("sted", "navn") → Venue."""
    current = model
    for part in loc:
        if not isinstance(part, str) or part not in current.model_fields:
            continue
        nested = _models_in(current.model_fields[part].annotation)
        if not nested:
            break
        current = nested[0]
    return current


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


_QUOTED = re.compile(r"'([^']+)'")


def _code(error: ErrorDetails) -> str:
    """pydantic's error type, or the code our validator raised inside a value_error."""
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", ""))
    return str(error["type"])


def _message(error: ErrorDetails, loc: Loc, model: type[BaseModel]) -> str:
    code = _code(error)
    ctx = error.get("ctx", {})
    field_name = str(loc[-1]) if loc else ""
    if code == "missing":
        hint = getattr(_model_at(model, loc[:-1]), "FIELD_HELP", {}).get(field_name)
        return "mangler; legg til feltet" + (f" ({hint})" if hint else "")
    if code == "extra_forbidden":
        known = list(_model_at(model, loc[:-1]).model_fields)
        close = difflib.get_close_matches(field_name, known, n=1)
        return "ukjent felt" + (f"; mente du «{close[0]}»?" if close else f"; gyldige felt er {', '.join(known)}")
    if code == "literal_error":
        choices = _QUOTED.findall(str(ctx.get("expected", "")))
        return f"ugyldig verdi; gyldige er {', '.join(choices)}"
    if code in {"greater_than_equal", "greater_than"}:
        bound = ctx.get("ge", ctx.get("gt"))
        if bound == 0 and code == "greater_than_equal":
            return "kan ikke være negativ"
        return f"må være minst {bound + 1 if code == 'greater_than' and isinstance(bound, int) else bound}"
    if code == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "https" in pattern:
            return "må være en fullstendig https://-adresse"
        if pattern == SLUG_RE.pattern:
            return "ugyldig navn; bruk små bokstaver a–z, tall og bindestrek"
        what = "id" if field_name == "id" else "verdi"
        return f"ugyldig {what}; bruk små bokstaver a–z, tall og understrek (f.eks. nytte_kunnskap), ingen / eller .."
    message = MESSAGES.get(code)
    if isinstance(message, tuple):
        return message[1]
    return message if message is not None else f"ugyldig verdi ({error.get('msg', code)})"


def line_of(data: YamlValue, loc: Loc, default: int) -> int:
    """The YAML line of a pydantic location path, as close to it as the data allows."""
    line = (data.line if isinstance(data, LineDict | LineList) else 0) or default
    node = data
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lines[part]
            node = node[part]
        else:
            break
    return line


def validate(model: type[M], doc: Document, data: YamlValue = None) -> tuple[M | None, list[Problem]]:
    """Validate `doc.data` (or `data`, a part of it) against `model`: (instance or None, problems)."""
    data = doc.data if data is None else data
    default_line = (data.line if isinstance(data, LineDict | LineList) else 0) or doc.meta_line
    if not isinstance(data, dict):
        return None, [Problem(doc.display, default_line, None, "forventet felt på formen «navn: verdi»")]
    try:
        return model.model_validate(dict(data)), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            whole = MESSAGES.get(_code(error))
            if isinstance(whole, tuple) and not loc:  # a check of the whole model: point at its field
                loc = (whole[0],)
            field_name = ".".join(str(p) for p in loc) or None
            problems.append(Problem(doc.display, line_of(data, loc, default_line), field_name, _message(error, loc, model)))
        return None, problems


def read_mapping(path: Path, display: str, shape: str, *, missing_ok: bool = False, empty_ok: bool = False) -> tuple[MappingDocument | None, list[Problem]]:
    """An id-keyed YAML file (`<id>: {felt: verdi}`, such as data/centres.yml): the document, or
    None and the problem. `missing_ok`: no file is no entries; `empty_ok`: an empty file is none
    either (otherwise it is told `shape`, how the file should look, as is any other shape)."""
    if missing_ok and not path.exists() and not path.is_symlink():
        return None, []
    try:
        doc = read_yaml(path, display)
    except ContentError as exc:
        return None, exc.problems
    if empty_ok and doc.data is None:
        return None, []
    if not isinstance(doc.data, LineDict) or (not empty_ok and not doc.data):
        return None, [Problem(display, 1, None, shape)]
    return MappingDocument(path=doc.path, display=doc.display, data=doc.data, body=doc.body, body_line=doc.body_line, meta_line=doc.meta_line), []


def validate_entry(model: type[M], doc: Document, key: str, value: YamlValue) -> tuple[M | None, list[Problem]]:
    """One entry of an id-keyed file against `model`; each problem's field starts with the id (`trs.navn`)."""
    item, found = validate(model, doc, value)
    return item, [Problem(p.path, p.line, f"{key}.{p.field}" if p.field else key, p.message) for p in found]


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


def check_sections(doc: Document, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> tuple[list[Section], list[Problem]]:
    """The body's `##` sections against the template (`required`, in order): present, in order, not
    empty. Titles in `optional` are part of the template's order but may be left out."""
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
        if name not in titles and name not in optional:
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
