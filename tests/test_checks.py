"""`sjelden check`'s content checks (build_tools/checks.py) on fixture trees: exact messages, path and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.kinds.diagnoses.checks import anchors, check_markdown
from tests.conftest import make_project, mkdocs_build, sjelden
from tests.test_check import assert_check_reports, run_check

P = "diagnoses/marfans-syndrom/index.md"
NOT_ALLOWED = "er ikke tillatt; skriv innholdet som vanlig Markdown, eller be utviklerne om en ny funksjon"
BAD_URL = "er ikke tillatt; bruk en https://-adresse eller en lenke til en side på nettstedet"

CASES = {
    "check_unsafe_html": [
        f"{P}:16: HTML-elementet <script> {NOT_ALLOWED}",
        f"{P}:18: attributtet onclick= i <span> er ikke tillatt (det kjører kode); fjern det",
        f"{P}:20: lenker til adresser som begynner med javascript: {BAD_URL}",
        f"{P}:24: HTML-elementet <iframe> {NOT_ALLOWED}",
        f"{P}:26: bilder til adresser som begynner med data: {BAD_URL}",
        f"{P}:37: HTML-elementet <marquee> er ikke tillatt; bruk Markdown eller et av de tillatte elementene (se redaktørveiledningen)",
        f"{P}:39: adresser som begynner med javascript: {BAD_URL}",
    ],
    "check_missing_alt": [
        f"{P}:19: bildet mangler alternativ tekst; skriv en kort beskrivelse mellom klammene: ![beskrivelse](bilde.png)",
        f'{P}:23: bildet mangler alternativ tekst; legg til alt="kort beskrivelse av bildet"',
    ],
    "check_headings_out_of_order": [
        f"{P}:22: overskriften «Hjerte» hopper fra nivå 2 til nivå 4; bruk ### (nivå 3)",
    ],
    "check_broken_links": [
        f"{P}:17: lenken ../angelman-syndrom/ er brutt: diagnosesiden «angelman-syndrom» finnes ikke; mente du ../angelmans-syndrom/?",
        f"{P}:17: lenken ../angelmans-syndrom/#arvegang peker til et avsnitt som ikke finnes; bruk et av #a-leve-med-diagnosen, #arsak-og-arvegang, #behandling-og-oppflging, #diagnostikk, #forekomst, #hjelp, #kilder, #kort-om-diagnosen …",
        f"{P}:19: lenken /orpha/34/ er brutt: ORPHA:34 (Pipecolic acidemia) er ikke aktiv i Orphanet-data (2025-12); finn den gjeldende koden på orpha.net",
        f"{P}:21: lenken #finnes-ikke peker til et avsnitt som ikke finnes på siden; bruk et av #a-leve-med-diagnosen, #arsak-og-arvegang, #behandling-og-oppflging, #diagnostikk, #forekomst, #hjelp, #hjertet, #kilder …",
        f"{P}:25: lenken /borte/ er brutt: siden /borte/ finnes ikke på nettstedet",
        f"{P}:27: lenken /grupper/558/ er brutt: ORPHA:558 er ikke en diagnosegruppe; lenk til /orpha/558/",
        f"{P}:27: lenken https://www.orpha.net/en/disease/detail/34 er utdatert: ORPHA:34 (Pipecolic acidemia) er ikke aktiv i Orphanet-data (2025-12); finn den gjeldende koden på orpha.net",
    ],
}



@pytest.mark.parametrize("fixture", sorted(CASES))
def test_check_reports_each_problem_once(fixture: str, tmp_path: Path, small_orphanet: Path) -> None:
    assert_check_reports(make_project(tmp_path, small_orphanet, fixture), CASES[fixture])


def test_a_passed_review_date_is_a_warning_not_an_error(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "check_review_passed")
    result = run_check(root, SOURCE_DATE_EPOCH="1764547200")  # 2025-12-01
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"{P}:10: neste_revisjon: revisjonsdatoen 2025-01-15 er passert; gå gjennom teksten, sett sist_revidert til dagens dato og neste_revisjon fram i tid",
        "0 feil, 1 advarsel.",
    ]
    assert result.stdout.startswith("Alt i orden")


def test_warnings_become_github_annotations(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "check_review_passed")
    result = run_check(root, SOURCE_DATE_EPOCH="1764547200", GITHUB_ACTIONS="true")
    assert f"::warning file={P},line=10::neste_revisjon: revisjonsdatoen 2025-01-15 er passert" in result.stdout


def test_unsafe_html_fails_mkdocs_build_too(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "check_unsafe_html")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - sjelden\n", "  - sjelden:\n      orpha_pages: false\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert f"{P}:16: HTML-elementet <script> {NOT_ALLOWED}" in result.stderr
    assert not (root / "site" / "diagnoser").exists()


@pytest.mark.parametrize(
    "markdown",
    [
        "<SCRIPT src=x></SCRIPT>",
        "<script\nsrc=x>",
        '<img src="a.png" alt="x" onerror="alert(1)">',
        '<a href=" javascript:alert(1)">x</a>',
        "[x](JAVASCRIPT:alert(1))",
        "[x]: javascript:alert(1)",
        "![x](data:text/html;base64,AAAA)",
        "<object data=x></object>",
        '<p style="x" onmouseover="y">',
    ],
)
def test_hostile_markdown_is_refused(markdown: str) -> None:
    problems = check_markdown("x.md", markdown)
    assert problems and all(p.severity == "error" and p.line == 1 for p in problems), problems


@pytest.mark.parametrize(
    "markdown",
    [
        "`<script>` i kode",
        "```html\n<script>alert(1)</script>\n```",
        "<!-- veiledning <script> -->",
        '<abbr title="Orphanet">ORPHA</abbr> <kbd>Ctrl</kbd> <br>',
        "<https://sjelden.no/> og <post@sjelden.no>",
        "Pil: a -> b, og 3 < 4 > 2.",
        "![Bilde av ryggen](/bilder/rygg.png)",
        '<img src="/bilder/pynt.png" alt="">',
        "## A\n### B\n## C\n### D",
    ],
)
def test_harmless_markdown_passes(markdown: str) -> None:
    assert check_markdown("x.md", markdown) == []


def test_anchors_follow_mkdocs_toc_slugs() -> None:
    body = "## Årsak og arvegang\n## Behandling og oppfølging\n## Kilder\n## Kilder\n### Hjertet { #hjerte }\n```\n## Ikke en overskrift\n```"
    assert anchors(body) == {"arsak-og-arvegang", "behandling-og-oppflging", "kilder", "kilder_1", "hjerte"}


def test_check_with_files_reports_only_those_files(tmp_path: Path, small_orphanet: Path) -> None:
    """pre-commit passes the staged files: everything is checked, only their problems are shown."""
    root = make_project(tmp_path, small_orphanet, "check_missing_alt")
    only = sjelden("--root", str(root), "check", str(root / P))
    assert only.returncode == 1 and only.stderr.strip().splitlines()[-1] == "2 feil, 0 advarsler."
    other = sjelden("--root", str(root), "check", str(root / "data/centres.yml"))
    assert other.returncode == 0 and other.stderr == ""
