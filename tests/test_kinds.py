"""The registry of content kinds: a kind declares itself, and the loops over kinds name none.

A small kind from outside build_tools (tests/fixtures/kinds/registries.py, registered with
`extra_kinds` in mkdocs.yml) is found in the pages, the preview, the search and the schemas,
without a change to any of those modules.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from build_tools import schemas
from build_tools.core.errors import ContentError
from build_tools.core.settings import read_settings
from build_tools.core.state import BuildState
from build_tools.derived.search.documents import search_documents
from build_tools.engine.preview import Preview
from build_tools.kinds.kind import Kind
from build_tools.kinds.registry import KINDS, check_order, kinds_for, watched
from build_tools.pipeline import load_site, render_site
from tests.conftest import ROOT, TODAY, make_project

REGISTRIES = """\
hjerteregisteret:
  navn: Eksempelregisteret for hjerte
  nettside: https://example.org/hjerte
lungeregisteret:
  navn: Eksempelregisteret for lunger
  nettside: https://example.org/lunge
"""


@pytest.fixture
def project(tmp_path: Path, small_orphanet: Path) -> Path:
    root = make_project(tmp_path, small_orphanet)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - sjelden\n", "  - sjelden:\n      extra_kinds: tests.fixtures.kinds.registries\n"), encoding="utf-8")
    (root / "data" / "registre.yml").write_text(REGISTRIES, encoding="utf-8")
    return root


def test_an_extra_kind_is_in_the_pages_the_search_the_preview_and_the_schemas(project: Path) -> None:
    settings = read_settings(project)
    kinds = kinds_for(settings)
    assert [k.name for k in kinds] == [*(k.name for k in KINDS), "registries"]
    state = BuildState()
    site = load_site(settings, TODAY, state=state)

    pages = render_site(site, settings, TODAY, state=state)
    assert "Eksempelregisteret for hjerte" in pages["registre/hjerteregisteret/index.md"].decode("utf-8")
    assert "[Eksempelregisteret for lunger](lungeregisteret/)" in pages["registre/index.md"].decode("utf-8")
    assert any(b"Eksempelregisteret for lunger" in data for uri, data in pages.items() if uri.startswith("assets/sjelden/workers/search/core."))

    docs = search_documents(site, frozenset(), kinds=kinds)
    assert [d.url for d in docs if d.title.startswith("Eksempelregisteret")] == ["registre/hjerteregisteret/", "registre/lungeregisteret/"]

    preview = Preview(files=["data/registre.yml"])
    previewed, _ = preview.render(site, settings, TODAY, set(), state)
    assert preview.changed == ["/registre/hjerteregisteret/", "/registre/lungeregisteret/"]
    assert {"registre/index.md", "registre/hjerteregisteret/index.md"} <= set(previewed)

    schema = schemas.generate(kinds)["registre.schema.json"]
    assert '"title": "Registre (data/registre.yml)"' in schema and "Registerets nettside." in schema
    assert "registre.schema.json" not in schemas.generate()  # the built-in registry is unchanged
    assert project / "data" in watched(settings, kinds)


def test_an_extra_kinds_content_is_validated_like_any_other(project: Path) -> None:
    (project / "data" / "registre.yml").write_text("hjerteregisteret:\n  navn: Eksempelregisteret\n  nettside: http://example.org/\n", encoding="utf-8")
    with pytest.raises(ContentError) as found:
        load_site(read_settings(project), TODAY)
    assert [str(p) for p in found.value.problems] == ["data/registre.yml:3: hjerteregisteret.nettside: må være en fullstendig https://-adresse"]


def test_an_extra_kind_that_cannot_be_imported_is_one_problem(project: Path) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("tests.fixtures.kinds.registries", "tests.fixtures.kinds.missing")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    with pytest.raises(ContentError) as found:
        load_site(read_settings(project), TODAY)
    assert str(found.value.problems[0]).startswith("mkdocs.yml: sjelden.extra_kinds: finner ikke modulen «tests.fixtures.kinds.missing»")


def test_the_registry_keeps_what_each_kind_requires_before_it() -> None:
    by_name = {k.name: k for k in KINDS}
    with pytest.raises(ValueError, match="'catalogue' must come after"):
        check_order((by_name["catalogue"], by_name["diagnoses"]))
    for index, kind in enumerate(KINDS):
        assert set(kind.requires) <= {k.name for k in KINDS[:index]}, kind.name
    assert all(isinstance(k, Kind) for k in KINDS)


# The modules that loop over kinds: none of them spells a kind's folder, file or URL.
LOOPS = ["engine/preview.py", "engine/plugin.py", "derived/search/documents.py", "schemas.py", "cli.py", "pipeline.py"]
KIND_PLACES = re.compile(r"(?<![\w-])(diagnoser|diagnoses|orpha|grupper|kurs|courses|kunnskap|ordliste|dekning|registre)/|(centres|ern|ordliste|norske-navn|arrangorer)\.yml")


@pytest.mark.parametrize("module", LOOPS)
def test_the_loops_over_kinds_name_no_kinds_folder_or_url(module: str) -> None:
    tree = ast.parse((ROOT / "build_tools" / module).read_text(encoding="utf-8"))
    named = [f"{module}:{node.lineno}: {node.value[:80]!r}" for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str) and KIND_PLACES.search(node.value)]
    assert not named, "\n".join(named)


def test_each_kind_loads_its_own_part_and_the_pipeline_assembles_the_site(project: Path) -> None:
    from datetime import timedelta

    from build_tools.kinds.courses.model import CourseList
    from build_tools.kinds.courses.pages import pages as course_pages
    from build_tools.kinds.diagnoses.model import DiagnosesPart
    from build_tools.kinds.parts import Loaded

    settings = read_settings(project)
    site = load_site(settings, TODAY)
    assert set(site.parts) == {k.name for k in kinds_for(settings) if k.load is not None}
    assert site.part("diagnoses", DiagnosesPart).centres is site.centres and site.centres
    assert site.part("courses", CourseList) is site.courses
    # A kind reads only what it requires: nothing else is in what its `load` gets.
    with pytest.raises(LookupError, match="`requires`"):
        Loaded(site.orpha, {}).part("diagnoses", DiagnosesPart)
    # The course list has its day from loading; rendering on another day does not change it.
    course_pages(site, settings, TODAY + timedelta(days=400))
    assert site.courses.today == TODAY
