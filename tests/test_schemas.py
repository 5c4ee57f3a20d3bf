"""JSON Schemas (build_tools/schemas.py): generated from the models, committed, up to date, in bokmål."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from build_tools import schemas
from build_tools.core.read import read_markdown, read_yaml

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_are_up_to_date() -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == schemas.generate(), "schemas/ er utdatert; kjør «sjelden schemas» og legg filene i git"


def test_vscode_settings_point_yaml_files_at_the_schemas() -> None:
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == schemas.vscode_schemas()
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).is_file()
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))["recommendations"]


@pytest.mark.parametrize("kind", schemas.kinds(), ids=lambda k: k.name)
def test_schema_is_valid_and_every_field_is_described(kind: schemas.ContentKind) -> None:
    schema = schemas.schema_of(kind)
    jsonschema.Draft202012Validator.check_schema(schema)

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if kind.model.__module__ == "build_tools.kinds.diagnoses.model":  # others' models get descriptions as they add them
                    assert prop.get("description"), f"{where}.{name} mangler description"
                walk(prop, f"{where}.{name}")
            for key, sub in node.items():
                if key != "properties":
                    walk(sub, where)
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    walk(schema, kind.name)


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", sorted((ROOT / "diagnoses").glob("*/index.md")), ids=lambda p: p.parent.name)
def test_bundled_front_matter_satisfies_the_schema(page: Path) -> None:
    data = json.loads(json.dumps(read_markdown(page, page.name).data))
    assert list(_validator("diagnose").iter_errors(data)) == []


def test_bundled_centres_satisfy_the_schema() -> None:
    data = json.loads(json.dumps(read_yaml(ROOT / "data/centres.yml", "data/centres.yml").data))
    assert list(_validator("sentre").iter_errors(data)) == []


def test_bundled_organisers_satisfy_the_schema_and_a_wrong_type_does_not() -> None:
    data = json.loads(json.dumps(read_yaml(ROOT / "data/arrangorer.yml", "data/arrangorer.yml").data))
    assert {entry["type"] for entry in data.values()} == {"lms", "pasientorganisasjon", "kommune"}
    assert list(_validator("arrangorer").iter_errors(data)) == []
    data["ffm"]["type"] = "pasientforening"
    assert len(list(_validator("arrangorer").iter_errors(data))) == 1


def test_schema_catches_a_misspelt_key_and_a_bad_date() -> None:
    page = ROOT / "tests/fixtures/content/valid/diagnoses/marfans-syndrom/index.md"
    data = json.loads(json.dumps(read_markdown(page, "x").data))
    data["synonymr"] = data.pop("synonymer")
    data["publisert"] = "15.01.2024"
    errors = sorted(e.message for e in _validator("diagnose").iter_errors(data))
    assert len(errors) == 2
    assert any("synonymr" in e for e in errors)


def test_models_registry_finds_nested_models() -> None:
    names = {m.__name__ for m in schemas.models()}
    assert {"DiagnosisMeta", "Centre", "Link"} <= names
