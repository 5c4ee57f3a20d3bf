"""The coverage map: counts per Orphanet classification and group, ultra-rare ones apart, the
/dekning/ page with its CSV, and `sjelden report coverage`."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.core.settings import Settings
from build_tools.derived.coverage import CSV_HEADER, build_coverage, coverage_csv, coverage_page, is_ultra_rare
from build_tools.kinds.courses.model import Course, CourseList
from build_tools.kinds.site import Site
from build_tools.orphanet.model import Level, OrphaCode, OrphaEntity, Prevalence
from build_tools.pipeline import load_site
from tests.conftest import ROOT
from tests.factories import course

TODAY = date(2026, 1, 15)


def _entity(*prevalences: tuple[str, str]) -> OrphaEntity:
    return OrphaEntity(
        code=OrphaCode(1), name="x", disorder_type="Disease", level=Level.DISORDER,
        prevalences=tuple(Prevalence(kind, "", cls, "no data", "Europe", "") for kind, cls in prevalences),
    )


@pytest.mark.parametrize("prevalences, ultra", [
    ([("Point prevalence", "<1 / 1 000 000")], True),
    ([("Cases/families", "no data")], True),
    ([("Point prevalence", "<1 / 1 000 000"), ("Annual incidence", "1-9 / 1 000 000")], False),
    ([("Point prevalence", "Unknown"), ("Cases/families", "no data")], True),
    ([("Point prevalence", "1-5 / 10 000")], False),
    ([], False),
    ([("Point prevalence", "Unknown")], False),
])
def test_ultra_rare_means_below_one_in_a_million_or_only_single_cases(prevalences: list, ultra: bool) -> None:
    assert is_ultra_rare(_entity(*prevalences)) is ultra


@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    return load_site(Settings(root=ROOT), TODAY)


def test_every_classification_has_a_row_and_the_counts_add_up(site) -> None:  # type: ignore[no-untyped-def]
    cov = build_coverage(site, TODAY)
    assert len(cov.heads) == len(site.orpha.classifications)
    for row in [*cov.heads, *cov.groups]:
        for counts in (row.all, row.ultra):
            assert 0 <= counts.offer <= counts.entities
            assert max(counts.authored, counts.centre, counts.summary, counts.course) <= counts.offer
            assert counts.gap == counts.entities - counts.offer
        assert row.ultra.entities <= row.all.entities
    # Every authored, active, non-group code of a page that is not an example is counted once in the totals.
    authored = {c for c, d in site.by_code.items() if site.orpha.entities[c].level is not Level.GROUP and not d.meta.eksempeltekst}
    in_a_classification = {code for c in site.orpha.classifications for edge in c.edges for code in edge}
    assert cov.totals.authored == len(authored & in_a_classification)
    assert cov.totals.entities > 5000 and cov.ultra_totals.entities > 1000


def test_rows_come_widest_gap_first(site) -> None:  # type: ignore[no-untyped-def]
    cov = build_coverage(site, TODAY)
    for rows in (cov.heads, cov.groups):
        gaps = [r.all.gap for r in rows]
        assert gaps == sorted(gaps, reverse=True)


def test_marfans_classification_counts_its_confirmed_centre_but_no_example_page(site) -> None:  # type: ignore[no-untyped-def]
    cov = build_coverage(site, TODAY)
    bone = next(r for r in cov.heads if r.name == "Rare bone diseases")
    assert bone.all.centre >= 1  # TRS's own page on Marfan syndrome confirms it
    assert bone.all.authored == 0  # every authored page is an example (issue 20.5): none counts
    assert ("diagnoseside", "Marfans syndrom", "diagnoser/marfans-syndrom/") in cov.examples


def test_unconfirmed_centre_assignments_are_counted_apart_and_are_no_offer(site) -> None:  # type: ignore[no-untyped-def]
    cov = build_coverage(site, TODAY)
    unconfirmed = {e.orpha.value for c in site.centres.values() for e in c.diagnoser if e.uverifisert}
    assert len(unconfirmed) == 5  # CHARGE, fragile X, Prader-Willi, Duchenne, SMA
    assert 0 < cov.totals.centre_unconfirmed <= 5
    assert cov.totals.offer == cov.totals.centre  # no real page, summary or course yet: only confirmed centres
    page = coverage_page(cov, set())
    assert "Senter ikke bekreftet" in page and "har ingen" not in page and "Uten tilbud" not in page
    assert "er ingenting registrert her" in page and "ingen tilbud" not in page.lower()
    assert "<li><a href=\"../kurs/familiekurs-marfan-2025/\">Familiekurs om Marfans syndrom</a> (kurs, eksempel)</li>" in page


def _with_courses(site: Site, *courses: Course) -> Site:
    """The real site with these courses instead of its own."""
    return replace(site, courses=CourseList(list(courses), {}, TODAY, {}))


def test_example_and_cancelled_courses_are_no_offer(site: Site) -> None:
    assert build_coverage(_with_courses(site, course(codes=(558,))), TODAY).totals.course >= 1
    assert build_coverage(_with_courses(site, course(codes=(558,), eksempeltekst=True), course(codes=(558,), status="avlyst")), TODAY).totals.course == 0


def test_courses_count_from_24_months_back(site: Site) -> None:
    def on(day: datetime) -> Site:
        return _with_courses(site, course(start=day, codes=(558,)))

    assert build_coverage(on(datetime(2023, 12, 1, 9, 0)), TODAY).totals.course == 0
    marfan_and_subtypes = build_coverage(on(datetime(2024, 2, 1, 9, 0)), TODAY).totals.course
    assert marfan_and_subtypes >= 1
    assert build_coverage(on(datetime(2026, 9, 1, 9, 0)), TODAY).totals.course == marfan_and_subtypes  # planned: counts as an offer too


def test_a_course_for_a_broad_group_is_no_offer_for_each_diagnosis_in_it(site: Site) -> None:
    start = datetime(2026, 1, 1, 9, 0)
    assert build_coverage(_with_courses(site, course(start=start, codes=(98053,))), TODAY).totals.course == 0  # Rare genetic disease
    assert build_coverage(_with_courses(site, course(start=start, codes=(284993,))), TODAY).totals.course > 1  # Marfan and related


def test_csv_has_every_row_and_guards_against_formulas(site) -> None:  # type: ignore[no-untyped-def]
    cov = build_coverage(site, TODAY)
    rows = list(csv.reader(io.StringIO(coverage_csv(cov).decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 1 + len(cov.heads) + len(cov.groups)
    assert not any(cell[:1] in "=+-@" for row in rows for cell in row if cell)


def test_report_coverage_prints_one_line_per_classification(capsys: pytest.CaptureFixture[str], site) -> None:  # type: ignore[no-untyped-def]
    assert main(["--root", str(ROOT), "report", "coverage"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Klassifikasjon")
    assert len(out.splitlines()) == len(site.orpha.classifications) + 6
    assert main(["--root", str(ROOT), "report", "coverage", "--csv"]) == 0
    assert capsys.readouterr().out.startswith("\ufeffnivå,klassifikasjon")


def test_coverage_page_has_captioned_tables_and_the_csv(built: Path) -> None:
    html = (built / "dekning/index.html").read_text(encoding="utf-8")
    assert html.count("<caption") == 3
    assert html.count('<th scope="col"') >= 3 * 8
    assert 'href="dekning.csv"' in html and (built / "dekning/dekning.csv").is_file()
    assert '<script src="sorter.js" defer></script>' in html and (built / "dekning/sorter.js").is_file()
    assert "Ultrasjeldne" in html

