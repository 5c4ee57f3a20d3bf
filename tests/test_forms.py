"""Evaluation forms: validation messages, CSV columns, accessible HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.core.settings import Settings
from build_tools.kinds.courses.forms import read_forms
from build_tools.pipeline import load_site
from tests.conftest import TODAY
from tests.test_courses import course_project, run_check


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path):  # type: ignore[no-untyped-def]
    root = course_project(tmp_path_factory.mktemp("forms"), small_orphanet, "course_valid")
    return load_site(Settings(root=root), TODAY)


def test_columns_are_question_ids_and_programme_items(site) -> None:  # type: ignore[no-untyped-def]
    course = next(c for c in site.courses if c.slug == "vinterkurs")
    columns = course.form.columns(course)
    assert [c.id for c in columns] == ["rolle", "helhet", "program_1", "program_3", "anbefale", "bra"]
    relevance = columns[2].values
    assert list(relevance.values()) == ["Ikke relevant", "Lite relevant", "Noe relevant", "Relevant", "Svært relevant", "Deltok ikke"]


def test_form_problems_are_reported(tmp_path: Path, small_orphanet: Path) -> None:
    root = course_project(tmp_path, small_orphanet, "course_valid")
    path = root / "courses/forms/standard.yml"
    text = path.read_text(encoding="utf-8").replace("id: helhet", "id: ../helhet").replace("id: anbefale", "id: rolle")
    path.write_text(text, encoding="utf-8")
    forms, problems = read_forms(root)
    messages = [str(p) for p in problems]
    assert "courses/forms/standard.yml:11: spørsmål.1.id: ugyldig id; bruk små bokstaver a–z, tall og understrek (f.eks. nytte_kunnskap), ingen / eller .." in messages
    result = run_check(root)
    assert result.returncode == 1


def test_every_question_is_a_fieldset_with_legend_and_tied_error(site) -> None:  # type: ignore[no-untyped-def]
    from build_tools.kinds.courses.forms import form_html

    course = next(c for c in site.courses if c.slug == "vinterkurs")
    html = form_html(course, "https://skjema.example.org/svar")
    assert html.count("<fieldset") == 5 and html.count("<legend>") == 5
    assert "<table" not in html  # no grids
    assert '<fieldset class="sjelden-question" id="rolle-sporsmal" aria-describedby="rolle-feil" data-required="true">' in html
    assert '<label for="bra"><strong>Hva var bra?</strong></label>' in html
    assert "\n\n" not in html  # one raw-HTML block for Markdown
