"""«Endringshistorikk»: readers see the editors' `endringer` (Norwegian, whole dates, newest first),
never commit messages; example pages do not state a publication date as a fact."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import TODAY_EPOCH, make_project, mkdocs_build
from tests.test_check import run_check

PAGE = "diagnoses/marfans-syndrom/index.md"
SUMMARY = "diagnoses/marfans-syndrom/kunnskapsoppsummering.md"
GROUP_SUMMARY = "diagnoses/grupper/284993/kunnskapsoppsummering.md"
COMMIT_SUBJECT = "Foundation: pipeline, Orphanet layer"


def _front(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": "2026-11-26T10:00:00+00:00", "GIT_COMMITTER_DATE": "2026-11-26T10:00:00+00:00"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> Path:
    """The summary fixture, built by MkDocs: the diagnosis page is not an example and has two
    changes (out of order, one on the 26th), the page's summary has one, and everything is
    committed to git with a developer's commit message."""
    root = make_project(tmp_path_factory.mktemp("changes"), small_orphanet, "summary_valid")
    _front(root / PAGE, "eksempeltekst: true\n", "endringer:\n"
           "  - dato: 2025-01-15\n    tekst: Avsnittet om symptomer er utvidet.\n"
           "  - {dato: 2026-11-26, tekst: Avsnittet om behandling er oppdatert.}\n")
    _front(root / SUMMARY, "neste_oppdatering: 2027-03-01\n", "neste_oppdatering: 2027-03-01\nendringer:\n"
           "  - {dato: 2025-03-01, tekst: Nytt litteratursøk; to nye studier er tatt med.}\n")
    if shutil.which("git") is not None:
        _git(root, "init", "-q")
        _git(root, "add", ".")
        _git(root, "commit", "-q", "-m", COMMIT_SUBJECT)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def _section(html: str, anchor: str) -> str:
    """From the section's heading to the next heading or the end of the article (not the footer)."""
    start = html.index(f'id="{anchor}"')
    ends = [i for i in (html.find("<h2", start), html.find("</article>", start)) if i != -1]
    return html[start : min(ends) if ends else len(html)]


def test_history_lists_the_editors_changes_newest_first_with_whole_dates(site: Path) -> None:
    html = (site / "diagnoser/marfans-syndrom/index.html").read_text(encoding="utf-8")
    history = _section(html, "endringer")
    items = re.findall(r"<li>(.*?)</li>", history, re.S)
    assert items == [
        '<time datetime="2026-11-26">26. november 2026</time>: Avsnittet om behandling er oppdatert.',
        '<time datetime="2025-01-15">15. januar 2025</time>: Avsnittet om symptomer er utvidet.',
    ]
    assert "<ol" not in history  # «26.» is not a list number
    assert COMMIT_SUBJECT not in html
    summary = (site / "diagnoser/marfans-syndrom/kunnskapsoppsummering/index.html").read_text(encoding="utf-8")
    assert re.findall(r"<li>(.*?)</li>", _section(summary, "endringer"), re.S) == [
        '<time datetime="2025-03-01">1. mars 2025</time>: Nytt litteratursøk; to nye studier er tatt med.',
    ]
    assert COMMIT_SUBJECT not in summary


def test_pages_without_changes_have_no_history_even_in_git(site: Path) -> None:
    group = (site / "grupper/284993/kunnskapsoppsummering/index.html").read_text(encoding="utf-8")
    assert "Endringshistorikk" not in group and COMMIT_SUBJECT not in group


def test_publication_date_is_shown_for_real_pages_only(site: Path) -> None:
    page = (site / "diagnoser/marfans-syndrom/index.html").read_text(encoding="utf-8")
    assert "<strong>Publisert:</strong> 15. januar 2024" in page  # not an example
    example = (site / "grupper/284993/kunnskapsoppsummering/index.html").read_text(encoding="utf-8")
    assert "Eksempeltekst" in example
    assert "Publisert:" not in example  # an example's «publisert» is not a fact


def _problems(root: Path) -> list[str]:
    result = run_check(root, SOURCE_DATE_EPOCH=TODAY_EPOCH)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if "endringer" in line]


def test_check_reports_changes_in_the_future_or_before_publication(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "summary_valid")
    _front(root / PAGE, "eksempeltekst: true\n", "eksempeltekst: true\nendringer:\n"
           "  - {dato: 2026-11-27, tekst: Fram i tid.}\n"
           "  - {dato: 2023-12-31, tekst: Før publisering.}\n"
           "  - {dato: 2026-11-26}\n")
    _front(root / SUMMARY, "neste_oppdatering: 2027-03-01\n", "neste_oppdatering: 2027-03-01\nendringer:\n"
           "  - dato: 2025-01-31\n    tekst: Før publisering.\n")
    assert _problems(root) == [f"{PAGE}:15: endringer.2.tekst: mangler; legg til feltet (hva som er endret, på norsk)"]
    _front(root / PAGE, "  - {dato: 2026-11-26}\n", "")
    assert _problems(root) == [
        f"{PAGE}:13: endringer.0.dato: 2026-11-27 er fram i tid; skriv datoen endringen ble publisert",
        f"{PAGE}:14: endringer.1.dato: 2023-12-31 er før publisert (2024-01-15); rett datoen",
        f"{SUMMARY}:22: endringer.0.dato: 2025-01-31 er før publisert (2025-02-01); rett datoen",
    ]
