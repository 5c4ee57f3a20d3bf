"""`sjelden report reviews`: every diagnosis page and summary by due date, overdue first, as a table and as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from build_tools.derived.reviews import ReviewItem, as_csv
from tests.conftest import make_project
from tests.test_summaries import sjelden


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> Path:
    return make_project(tmp_path_factory.mktemp("reviews"), small_orphanet, "summary_valid")


def test_the_overdue_summary_leads_the_table(project: Path) -> None:
    result = sjelden(project, "report", "reviews")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:9] == [
        "# Revisjonsrapport 2026-11-26",
        "",
        "3 sider: 1 forfalt, 1 forfaller innen 90 dager.",
        "",
        "| Frist | Status | Senter | Type | Tittel | Fil |",
        "|---|---|---|---|---|---|",
        "| 2025-01-10 | FORFALT for 685 dager siden | TRS | kunnskapsoppsummering | Kunnskapsoppsummering om Marfan-relaterte tilstander | diagnoses/grupper/284993/kunnskapsoppsummering.md |",
        "| 2027-01-15 | om 50 dager | TRS | diagnoseside | Marfans syndrom | diagnoses/marfans-syndrom/index.md |",
        "| 2027-03-01 | om 95 dager | TRS | kunnskapsoppsummering | Kunnskapsoppsummering: Marfans syndrom | diagnoses/marfans-syndrom/kunnskapsoppsummering.md |",
    ]
    assert lines[-5:] == ["## Per senter", "", "| Senter | Sider | Forfalt | Snart | Første frist |", "|---|---|---|---|---|", "| TRS | 3 | 1 | 1 | 2025-01-10 |"]


def test_csv_per_centre(project: Path) -> None:
    result = sjelden(project, "report", "reviews", "--csv", "--senter", "trs")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["frist", "status", "dager_igjen", "senter", "senter_id", "type", "tittel", "adresse", "fil", "sist_gjennomgått"]
    assert rows[1] == ["2025-01-10", "forfalt", "-685", "TRS", "trs", "kunnskapsoppsummering", "Kunnskapsoppsummering om Marfan-relaterte tilstander",
                       "grupper/284993/kunnskapsoppsummering/", "diagnoses/grupper/284993/kunnskapsoppsummering.md", "2023-01-10"]
    assert [r[0] for r in rows[1:]] == ["2025-01-10", "2027-01-15", "2027-03-01"]
    other = sjelden(project, "report", "reviews", "--csv", "--senter", "frambu")
    assert other.stdout.splitlines() == [",".join(rows[0])]


def test_unknown_centre_is_an_error_that_lists_the_valid_ones(project: Path) -> None:
    result = sjelden(project, "report", "reviews", "--senter", "tsr")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("sjelden report reviews: --senter: ukjent senter «tsr»; gyldige er frambu, ")


def test_csv_cells_cannot_run_as_spreadsheet_formulas() -> None:
    item = ReviewItem(date(2027, 1, 1), "diagnoseside", "=HYPERLINK(\"x\")", "diagnoser/x/", "diagnoses/x/index.md", "trs", "TRS", date(2026, 1, 1))
    row = list(csv.reader(io.StringIO(as_csv([item], date(2026, 11, 26)))))[1]
    assert row[6] == "'=HYPERLINK(\"x\")"
