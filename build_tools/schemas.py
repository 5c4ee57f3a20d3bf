"""JSON Schemas for every content kind, generated from the pydantic models (one source of truth).

`KINDS` is the registry of content kinds: which model validates which files, and how `sjelden new`
scaffolds them. Modules that add a content kind append to it (or are picked up by `_optional`).
`generate()` returns `{file name: schema}`; `sjelden schemas` writes them to `schemas/`, where
VS Code's YAML extension reads them (`.vscode/settings.json`), and a test fails when they are stale.
Descriptions are the models' `Field(description=...)`, in bokmål.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from build_tools.kinds.courses.forms import FormMeta
from build_tools.kinds.courses.model import CourseMeta, Organiser
from build_tools.kinds.diagnoses.model import DIAGNOSIS_SECTIONS, Centre, DiagnosisMeta, Ern, Link
from build_tools.kinds.glossary.model import GlossaryEntry
from build_tools.kinds.names.lay import LayEntry
from build_tools.kinds.names.model import NameEntry
from build_tools.kinds.summaries.model import SUMMARY_SECTIONS, SummaryMeta

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schemas"


@dataclass(frozen=True)
class ContentKind:
    name: str  # schema file stem: schemas/<name>.schema.json
    title: str  # in bokmål, shown by editors' tools
    model: type[BaseModel]
    files: tuple[str, ...]  # globs of the files it validates, relative to the project root
    front_matter: bool = False  # Markdown front matter (True) or a whole YAML file
    mapping: bool = False  # a YAML file of `<id>: {fields}` entries (data/centres.yml)
    command: str = ""  # `sjelden new <command>`; empty when it cannot be scaffolded from the model
    new_path: str = ""  # where `sjelden new` puts a new file, with {slug}
    sections: tuple[str, ...] = ()  # `##` sections of the body, for front-matter kinds
    key_pattern: str = "^[a-z0-9]+(?:-[a-z0-9]+)*$"  # the keys of a mapping file


KINDS: list[ContentKind] = [
    ContentKind("diagnose", "Diagnoseside (front matter i diagnoses/<slug>/index.md)", DiagnosisMeta, ("diagnoses/*/index.md",), front_matter=True, sections=DIAGNOSIS_SECTIONS),
    ContentKind("sentre", "Kompetansesentre (data/centres.yml)", Centre, ("data/centres.yml",), mapping=True),
    ContentKind("arrangorer", "Andre kursarrangører (data/arrangorer.yml)", Organiser, ("data/arrangorer.yml",), mapping=True),
    ContentKind("ern", "Europeiske referansenettverk (data/ern.yml)", Ern, ("data/ern.yml",), mapping=True),
    ContentKind("norske-navn", "Norske navn på ORPHA-koder (data/norske-navn.yml)", NameEntry, ("data/norske-navn.yml",), mapping=True, key_pattern="^(ORPHA:)?[1-9][0-9]*$"),
    ContentKind("folkelige-navn", "Folkelige navn på ORPHA-koder (data/folkelige-navn.yml)", LayEntry, ("data/folkelige-navn.yml",), mapping=True, key_pattern="^(ORPHA:)?[1-9][0-9]*$"),
    ContentKind("ordliste", "Ordliste (data/ordliste.yml)", GlossaryEntry, ("data/ordliste.yml",), mapping=True),
    ContentKind("kurs", "Kurs (courses/<år>/<slug>.yml)", CourseMeta, ("courses/2*/*.yml",), command="course", new_path="courses/{year}/{slug}.yml"),
    ContentKind("skjema", "Evalueringsskjema (courses/forms/<id>.yml)", FormMeta, ("courses/forms/*.yml",), command="form", new_path="courses/forms/{slug}.yml"),
    ContentKind(
        "kunnskapsoppsummering", "Kunnskapsoppsummering (front matter i diagnoses/<slug>/kunnskapsoppsummering.md)", SummaryMeta,
        ("diagnoses/*/kunnskapsoppsummering.md",), front_matter=True, command="summary", new_path="diagnoses/{slug}/kunnskapsoppsummering.md", sections=SUMMARY_SECTIONS,
    ),
]

# Norwegian descriptions for models whose docstrings are written for developers.
MODEL_DESCRIPTIONS: dict[str, str] = {
    "DiagnosisMeta": "Feltene øverst i en diagnoseside, mellom linjene med ---.",
    "Centre": "Et kompetansesenter. Id-en (nøkkelen) brukes i feltet «senter» på diagnosesidene.",
    "Link": "En lenke med navn, f.eks. til en pasientforening.",
    "Organiser": "En kursarrangør som ikke er et kompetansesenter: et lærings- og mestringssenter på et sykehus, en pasientorganisasjon eller en kommune. Id-en (nøkkelen) brukes i feltet «arrangør» i kursfilene.",
    "CentreDiagnosis": "En diagnose på senterets liste, med kilde (senterets egen side om diagnosen).",
    "Ern": "Et europeisk referansenettverk (ERN). Id-en (nøkkelen) brukes i feltet «ern» på diagnosesidene.",
    "Registry": "Et nasjonalt register for diagnosen, med nettside og kilde.",
    "NameEntry": "Norske navn for én ORPHA-kode. Nøkkelen er ORPHA-koden (bare tallet).",
    "LayEntry": "Folkelige navn for én ORPHA-kode, med kilde. Nøkkelen er ORPHA-koden (bare tallet).",
    "GlossaryEntry": "Et ord i ordlisten. Nøkkelen er ankeret på /ordliste/ (små bokstaver a–z, tall og bindestrek).",
}

def kinds() -> list[ContentKind]:
    """Every content kind the project knows now."""
    return list(KINDS)


def kind(command: str) -> ContentKind | None:
    return next((k for k in kinds() if k.command == command), None)


def models() -> list[type[BaseModel]]:
    """Every content model, nested ones included (e.g. `Link` inside `DiagnosisMeta`)."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for info in model.model_fields.values():
            for sub in _models_in(info.annotation):
                visit(sub)

    for k in kinds():
        visit(k.model)
    visit(Link)
    return seen


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def _norwegian(schema: dict[str, Any]) -> dict[str, Any]:
    for name, sub in schema.get("$defs", {}).items():
        if name in MODEL_DESCRIPTIONS:
            sub["description"] = MODEL_DESCRIPTIONS[name]
    return schema


def schema_of(k: ContentKind) -> dict[str, Any]:
    body = k.model.model_json_schema()
    defs = body.pop("$defs", {})
    body["description"] = MODEL_DESCRIPTIONS.get(k.model.__name__, body.get("description", ""))
    body.pop("title", None)
    if k.mapping:
        defs[k.model.__name__] = body
        schema: dict[str, Any] = {
            "type": "object",
            "propertyNames": {"pattern": k.key_pattern},
            "additionalProperties": {"$ref": f"#/$defs/{k.model.__name__}"},
            "minProperties": 1,
        }
    else:
        schema = body
    out = {"$schema": SCHEMA_DIALECT, "$id": f"https://sjelden.no/schemas/{k.name}.schema.json", "title": k.title, **schema}
    if k.front_matter:
        out["description"] = MODEL_DESCRIPTIONS.get(k.model.__name__, out.get("description", "")) + " Sjekkes av «sjelden check»."
    if defs:
        out["$defs"] = defs
    return _norwegian(out)


def generate() -> dict[str, str]:
    """File name → schema text, as committed under `schemas/`."""
    return {f"{k.name}.schema.json": json.dumps(schema_of(k), ensure_ascii=False, indent=2, sort_keys=False) + "\n" for k in kinds()}


def write(root: Path) -> list[str]:
    """Write the schemas under `root/schemas/`, removing stale ones; the names written."""
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    files = generate()
    for name, text in files.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for path in folder.glob("*.schema.json"):
        if path.name not in files:
            path.unlink()
    return sorted(files)


def vscode_schemas() -> dict[str, list[str]]:
    """`yaml.schemas` for .vscode/settings.json: schema file → the YAML files it validates."""
    return {f"./{SCHEMA_DIR}/{k.name}.schema.json": [f for f in k.files if not f.endswith(".md")] for k in kinds() if not k.front_matter}
