"""JSON Schemas for every content kind, generated from the pydantic models (one source of truth).

`KINDS` is the registry of content kinds: which model validates which files, and how `sjelden new`
scaffolds them. Modules that add a content kind append to it (or are picked up by `_optional`).
`generate()` returns `{file name: schema}`; `sjelden schemas` writes them to `schemas/`, where
VS Code's YAML extension reads them (`.vscode/settings.json`), and a test fails when they are stale.
Descriptions are the models' `Field(description=...)`, in bokmål.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from build_tools.kinds.kind import ContentKind, Kind
from build_tools.kinds.registry import KINDS, content_kinds

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schemas"
__all__ = ["ContentKind", "SCHEMA_DIALECT", "SCHEMA_DIR", "generate", "kind", "kinds", "models", "schema_of", "vscode_schemas", "write"]


def descriptions(registry: tuple[Kind, ...] = KINDS) -> dict[str, str]:
    """Norwegian descriptions for models whose docstrings are written for developers, from every kind."""
    return {name: text for k in registry for name, text in k.descriptions.items()}


def kinds(registry: tuple[Kind, ...] = KINDS) -> list[ContentKind]:
    """Every kind of file editors write, as the content kinds declare them."""
    return content_kinds(registry)


def kind(command: str, registry: tuple[Kind, ...] = KINDS) -> ContentKind | None:
    return next((k for k in kinds(registry) if k.command == command), None)


def models(registry: tuple[Kind, ...] = KINDS) -> list[type[BaseModel]]:
    """Every content model, nested ones included (e.g. `Link` inside `DiagnosisMeta`)."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for info in model.model_fields.values():
            for sub in _models_in(info.annotation):
                visit(sub)

    for k in kinds(registry):
        visit(k.model)
    return seen


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def _norwegian(schema: dict[str, object], known: dict[str, str]) -> dict[str, object]:
    defs = schema.get("$defs")
    for name, sub in defs.items() if isinstance(defs, dict) else ():
        if name in known and isinstance(sub, dict):
            sub["description"] = known[name]
    return schema


def schema_of(k: ContentKind, registry: tuple[Kind, ...] = KINDS) -> dict[str, object]:
    MODEL_DESCRIPTIONS = descriptions(registry)  # noqa: N806 - read like the table it was
    body = k.model.model_json_schema()
    defs = body.pop("$defs", {})
    body["description"] = MODEL_DESCRIPTIONS.get(k.model.__name__, body.get("description", ""))
    body.pop("title", None)
    if k.mapping:
        defs[k.model.__name__] = body
        schema: dict[str, object] = {
            "type": "object",
            "propertyNames": {"pattern": k.key_pattern},
            "additionalProperties": {"$ref": f"#/$defs/{k.model.__name__}"},
            "minProperties": 1,
        }
    else:
        schema = body
    out: dict[str, object] = {"$schema": SCHEMA_DIALECT, "$id": f"https://sjelden.no/schemas/{k.name}.schema.json", "title": k.title, **schema}
    if k.front_matter:
        fallback = out.get("description")
        out["description"] = MODEL_DESCRIPTIONS.get(k.model.__name__, fallback if isinstance(fallback, str) else "") + " Sjekkes av «sjelden check»."
    if defs:
        out["$defs"] = defs
    return _norwegian(out, MODEL_DESCRIPTIONS)


def generate(registry: tuple[Kind, ...] = KINDS) -> dict[str, str]:
    """File name → schema text, as committed under `schemas/`."""
    return {f"{k.name}.schema.json": json.dumps(schema_of(k, registry), ensure_ascii=False, indent=2, sort_keys=False) + "\n" for k in kinds(registry)}


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


def vscode_schemas(registry: tuple[Kind, ...] = KINDS) -> dict[str, list[str]]:
    """`yaml.schemas` for .vscode/settings.json: schema file → the YAML files it validates."""
    return {f"./{SCHEMA_DIR}/{k.name}.schema.json": [f for f in k.files if not f.endswith(".md")] for k in kinds(registry) if not k.front_matter}
