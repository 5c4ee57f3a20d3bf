"""Typed models of the content editors write, and their validation.

Takes `Document`s from `read`, returns validated models or `Problem`s, each with the file, the line
of the offending key and a Norwegian message that says how to fix it. Pydantic checks types and
unknown keys; its location paths (`('pasientforening', 'navn')`) are mapped back to YAML lines.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema, field_validator, model_validator

from build_tools.errors import Problem
from build_tools.orphanet.model import OrphaCode
from build_tools.read import Document, LineDict, LineList

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# The fixed section template of an authored diagnosis page, in order.
DIAGNOSIS_SECTIONS = (
    "Kort om diagnosen",
    "Forekomst",
    "Årsak og arvegang",
    "Symptomer",
    "Diagnostikk",
    "Behandling og oppfølging",
    "Å leve med diagnosen",
    "Tilbud i Norge",
    "Mer informasjon",
    "Kilder",
)


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


def _orpha_codes(value: Any) -> Any:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        try:
            out.append(OrphaCode.parse(item))
        except ValueError:
            raise ValueError("orpha_code") from None
    return out


IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"})]
# How an ORPHA code list looks to JSON Schema (editors' tools): one code or a list, as the validator accepts.
_ORPHA_ITEM = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "^\\s*(?:[Oo][Rr][Pp][Hh][Aa](?:net)?[:_ ]?)?\\d+\\s*$"}]}
_ORPHA_SCHEMA = {"anyOf": [{"type": "array", "items": _ORPHA_ITEM, "minItems": 1}, _ORPHA_ITEM]}
Text = Annotated[str, Field(min_length=1), BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, arbitrary_types_allowed=True)


class Link(_Model):
    """A named link, e.g. a patient organisation."""

    navn: Annotated[Text, Field(description="Navnet slik det skal stå på siden, f.eks. «Norsk Marfanforening».")]
    nettside: Annotated[str, Field(pattern=r"^https://[^\s<>\"']+$")] | None = Field(None, description="Hjemmesiden, en fullstendig https://-adresse. Valgfritt.")


class Centre(_Model):
    """A competence centre in `data/centres.yml`."""

    navn: Annotated[Text, Field(description="Senterets fulle navn, f.eks. «TRS nasjonalt kompetansesenter for sjeldne diagnoser».")]
    kortnavn: Annotated[Text, Field(description="Kort navn som brukes i lister og faktabokser, f.eks. «TRS».")]
    helseforetak: Annotated[Text, Field(description="Helseforetaket (eller stiftelsen) senteret hører til.")]
    sted: Annotated[Text, Field(description="Stedet senteret holder til, f.eks. «Oslo».")]
    nettside: Annotated[str, Field(pattern=r"^https://[^\s<>\"']+$", description="Senterets hjemmeside, en fullstendig https://-adresse.")]
    om: Annotated[Text, Field(description="Én eller to setninger om hva senteret gjør; vises på diagnosesidene.")]


class DiagnosisMeta(_Model):
    """The front matter of `diagnoses/<slug>/index.md`."""

    tittel: Annotated[Text, Field(description="Det norske navnet på diagnosen; blir sidens overskrift og tittel i søk.")]
    orpha: Annotated[
        list[OrphaCode],
        BeforeValidator(_orpha_codes),
        Field(min_length=1, description="ORPHA-koden(e) siden handler om, f.eks. [558]. Koden må være aktiv i Orphanet-dataene; ICD-koder, gener og forekomst hentes fra den."),
        WithJsonSchema(_ORPHA_SCHEMA),
    ]
    synonymer: list[Text] = Field([], description="Andre norske navn og forkortelser, f.eks. [Marfan syndrom, MFS]. Brukes i søket og i A–Å-listen.")
    folkelige_navn: list[Text] = Field([], description="Navn folk bruker i dagligtale; brukes i søket og i A–Å-listen.")
    senter: Annotated[Text, Field(description="Id-en til kompetansesenteret som har ansvar for diagnosen, fra data/centres.yml, f.eks. trs eller frambu.")]
    pasientforening: Link | None = Field(None, description="Pasientforeningen, med navn og eventuelt nettside. Valgfritt.")
    forfattere: Annotated[list[Text], Field(min_length=1, description="Navnene på dem som har skrevet teksten; minst ett navn.")]
    fagkyndig: Text | None = Field(None, description="Fagpersonen som har lest og godkjent teksten. Valgfritt.")
    publisert: Annotated[IsoDate, Field(description="Datoen siden først ble publisert, ÅÅÅÅ-MM-DD.")]
    sist_revidert: Annotated[IsoDate, Field(description="Datoen teksten sist ble gått gjennom, ÅÅÅÅ-MM-DD; vises som «Sist revidert» på siden. Kan ikke være før publisert.")]
    neste_revisjon: Annotated[IsoDate, Field(description="Datoen teksten skal gås gjennom igjen, ÅÅÅÅ-MM-DD; må være etter sist_revidert. «sjelden check» varsler når datoen er passert.")]
    eksempeltekst: bool = Field(False, description="true for eksempeltekster som ikke er fagfellevurdert; siden får da en tydelig merknad.")
    beskrivelse: Text | None = Field(None, description="Kort beskrivelse (under 160 tegn) for søkemotorer og deling. Valgfritt; ellers brukes starten av «Kort om diagnosen».")

    @field_validator("orpha")
    @classmethod
    def _unique_codes(cls, codes: list[OrphaCode]) -> list[OrphaCode]:
        if len(set(codes)) != len(codes):
            raise ValueError("duplicate_code")
        return codes

    @model_validator(mode="after")
    def _dates_in_order(self) -> DiagnosisMeta:
        if self.sist_revidert < self.publisert:
            raise ValueError("revised_before_published")
        if self.neste_revisjon <= self.sist_revidert:
            raise ValueError("next_before_revised")
        return self


# Field names as the editor guide explains them (used by messages and by the guide test).
FIELD_HELP = {
    "tittel": "norsk navn på diagnosen",
    "orpha": "ORPHA-kode(r), f.eks. [558]",
    "senter": "id fra data/centres.yml",
    "forfattere": "liste med navn",
    "publisert": "dato, ÅÅÅÅ-MM-DD",
    "sist_revidert": "dato, ÅÅÅÅ-MM-DD",
    "neste_revisjon": "dato, ÅÅÅÅ-MM-DD",
}

_MODEL_ERRORS = {
    "revised_before_published": ("sist_revidert", "kan ikke være før publisert; rett datoen"),
    "next_before_revised": ("neste_revisjon", "må være etter sist_revidert; rett datoen"),
}


def _message(error: dict[str, Any], field_name: str, model: type[BaseModel]) -> str:
    kind = error["type"]
    ctx_error = str(error.get("ctx", {}).get("error", ""))
    if kind == "missing":
        hint = FIELD_HELP.get(field_name.split(".")[-1])
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
            if not loc and ctx_error in _MODEL_ERRORS:
                field_name, message = _MODEL_ERRORS[ctx_error]
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
