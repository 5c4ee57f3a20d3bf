"""Knowledge summaries: validation messages (path and line), references and citations, the pages,
and the print view in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from build_tools.kinds.summaries.load import cite_keys
from build_tools.kinds.summaries.model import Reference
from build_tools.kinds.summaries.pages import references_html
from tests.browser import CHROMIUM, browser, serve
from tests.conftest import (
    FIXTURES,
    TODAY_EPOCH,  # noqa: E402
    make_project,
    mkdocs_build,
)
from tests.conftest import sjelden as run_cli
from tests.test_check import assert_check_reports

ENV = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
SUMMARY = "diagnoses/marfans-syndrom/kunnskapsoppsummering.md"

CASES = {
    "summary_unknown_reference": [
        f"{SUMMARY}:47: henvisningen [@smith2020] viser til en referanse som ikke finnes under «referanser»; legg den til under «referanser» eller rett nøkkelen",
    ],
    "summary_bad_references": [
        f"{SUMMARY}:23: referanser.0.doi: skriv bare selve DOI-en, uten «https://doi.org/» eller «doi:», f.eks. 10.1136/jmg.2009.072785",
        f"{SUMMARY}:29: referanser.1.doi: ugyldig DOI; en DOI begynner med 10., har en skråstrek og ingen mellomrom, f.eks. 10.1136/jmg.2009.072785",
        f"{SUMMARY}:30: referanser.1.pmid: ugyldig PMID; skriv PubMed-nummeret som et helt tall, f.eks. 20591885",
        f"{SUMMARY}:31: referanser.2.id: referansen «ubrukt» er ikke brukt i teksten; siter den med [@ubrukt] eller fjern den",
        f"{SUMMARY}:36: referanser.2.url: adresser som begynner med javascript:, data:, vbscript: eller file: er ikke tillatt; bruk en https://-adresse",
        f"{SUMMARY}:37: referanser.3: mangler doi, pmid eller url; oppgi minst én, slik at leseren finner kilden",
        f"{SUMMARY}:45: henvisningen [@ Loeys] er feil skrevet; skriv [@nøkkel] eller [@nøkkel1; @nøkkel2]",
    ],
    "summary_template_problems": [
        f"{SUMMARY}:8: forfattere.0.tilknytning: mangler; legg til feltet",
        f"{SUMMARY}:12: versjon: må være et helt tall fra 1 og oppover, f.eks. 2 (øk det når oppsummeringen oppdateres)",
        f"{SUMMARY}:24: mangler avsnittet «## Kunnskapshull»; legg det til i malens rekkefølge",
        f"{SUMMARY}:34: «Symptomer» står i feil rekkefølge under «Resultater»; rekkefølgen er Forekomst, Årsak og arvegang, Symptomer, Diagnostikk, Behandling og oppfølging, Å leve med diagnosen",
        f"{SUMMARY}:36: ukjent overskrift «Behandling» under «Resultater»; bruk en av Forekomst, Årsak og arvegang, Symptomer, Diagnostikk, Behandling og oppfølging, Å leve med diagnosen",
        f"{SUMMARY}:42: avsnittet «Referanser» lages automatisk fra «referanser»; fjern overskriften og listen under den",
    ],
    "summary_bad_group": [
        "diagnoses/grupper/284993/kunnskapsoppsummering.md:14: senter: ukjent senter «ukjent» (se data/centres.yml); gyldige er frambu, napos, nevsom, nksd, nkse, nmk, nscf, ssd, tako, trs",
        "diagnoses/grupper/558: ORPHA:558 (Marfan syndrome) er ikke en diagnosegruppe i Orphanet-data (2025-12); gi mappen koden til en aktiv diagnosegruppe, se /grupper/",
        "diagnoses/grupper/99999999: ORPHA:99999999 finnes ikke i Orphanet-data (2025-12); gi mappen koden til en aktiv diagnosegruppe, se /grupper/",
        "diagnoses/grupper/marfan: hver gruppeoppsummering skal ligge i en mappe med gruppens ORPHA-kode: grupper/<kode>/kunnskapsoppsummering.md, f.eks. grupper/284993/",
        "diagnoses/grupper/notat.txt: hver gruppeoppsummering skal ligge i en mappe med gruppens ORPHA-kode: grupper/<kode>/kunnskapsoppsummering.md, f.eks. grupper/284993/",
    ],
}


def sjelden(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--root", str(root), *args, env=ENV)


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_check_reports_every_summary_problem_with_path_and_line(fixture: str, tmp_path: Path, small_orphanet: Path) -> None:
    assert_check_reports(make_project(tmp_path, small_orphanet, fixture), CASES[fixture], SOURCE_DATE_EPOCH=TODAY_EPOCH)


def test_a_citation_of_a_missing_reference_fails_the_mkdocs_build(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "summary_unknown_reference")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{SUMMARY}:47: henvisningen [@smith2020] viser til en referanse som ikke finnes" in result.stderr
    assert not (root / "site").exists()


def test_valid_summaries_pass_with_a_warning_for_the_overdue_one(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "summary_valid")
    result = sjelden(root, "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        "diagnoses/grupper/284993/kunnskapsoppsummering.md:18: neste_oppdatering: oppdateringen skulle vært gjort innen 2025-01-10; "
        "søk i litteraturen på nytt, oppdater teksten, øk versjon og sett nye datoer",
        "0 feil, 1 advarsel.",
    ]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> Path:
    tmp = tmp_path_factory.mktemp("summary-pages")
    root = make_project(tmp, small_orphanet, "summary_valid")
    out = tmp / "pages"
    result = sjelden(root, "build-pages", str(out))
    assert result.returncode == 0, result.stderr
    return out / "docs"  # build-pages writes a complete tree: docs/ and mkdocs.yml


def test_summary_page_numbers_citations_and_lists_references_with_links(pages: Path) -> None:
    page = (pages / "diagnoser/marfans-syndrom/kunnskapsoppsummering/index.md").read_text(encoding="utf-8")
    front = page.split("\n---\n", 1)[0]
    assert "Kunnskapsoppsummering: Marfans syndrom" in front and "kunnskapsoppsummering" in front
    # Numbered in order of first citation; a multiple citation keeps both numbers.
    assert 'Kriteriene fra 2010 brukes<sup class="sjelden-cite">[<a href="#ref-1" title="Referanse 1">1</a>]</sup>.' in page
    assert 'FBN1<sup class="sjelden-cite">[<a href="#ref-2" title="Referanse 2">2</a>, <a href="#ref-1" title="Referanse 1">1</a>]</sup>.' in page
    assert "`[@ikke-en-henvisning]`" in page  # code is left alone
    assert '<li id="ref-1" value="1">Loeys BL, Dietz HC, Braverman AC, mfl. The revised Ghent nosology for the Marfan syndrome. <i>Journal of Medical Genetics</i>. 2010. ' \
        'DOI: <a href="https://doi.org/10.1136/jmg.2009.072785">10.1136/jmg.2009.072785</a> · PubMed: <a href="https://pubmed.ncbi.nlm.nih.gov/20591885/">PMID 20591885</a></li>' in page
    assert '<li id="ref-2" value="2">Dietz HC' in page and "PMID 1852208" in page
    assert '<p class="sjelden-review">Versjon 2 · Siste litteratursøk 1. mars 2025 · Neste oppdatering 1. mars 2027</p>' in page
    assert "- **Fagfellevurdert av:** Testfagfelle (Testsykehuset)" in page
    assert "- **Brukerrepresentant:** Testbruker (Testforeningen)" in page
    assert "- **Databaser:** PubMed, Cochrane Library" in page
    assert "## Slik siterer du { #siter }" in page
    assert "Testforfatter. Kunnskapsoppsummering: Marfans syndrom. Versjon 2. Nasjonal kompetansetjeneste for sjeldne diagnoser; 2025. " \
        "Siste litteratursøk 2025-03-01. https://sjelden.no/diagnoser/marfans-syndrom/kunnskapsoppsummering/" in page
    assert "Oppdateringen er forsinket" not in page and "Eksempeltekst" not in page
    assert "Endringshistorikk" not in page  # no `endringer` (tests/test_changes.py)


def test_overdue_group_summary_shows_its_notice_and_escapes_reference_data(pages: Path) -> None:
    page = (pages / "grupper/284993/kunnskapsoppsummering/index.md").read_text(encoding="utf-8")
    assert '!!! danger "Oppdateringen er forsinket"\n    Denne kunnskapsoppsummeringen skulle vært oppdatert innen 10. januar 2025.' in page
    assert "<strong>Oppdatering var planlagt 10. januar 2025</strong>" in page
    assert '!!! warning "Eksempeltekst"' in page
    assert "Loeys BL &lt;b&gt;mfl.&lt;/b&gt;" in page and "<b>mfl." not in page
    # Parentheses in a DOI are encoded in the link, so no Markdown or HTML engine can cut it short.
    assert '<a href="https://doi.org/10.1016/S0140-6736%2810%2960961-0">10.1016/S0140-6736(10)60961-0</a>' in page
    assert "Testforfatter. Marfan-relaterte tilstander. sjelden.no; 2023." in page  # the editor's own «sitering»
    assert "- **Fagfellevurdert av:** ikke fagfellevurdert" in page


def test_diagnosis_and_group_pages_link_to_their_summaries(pages: Path) -> None:
    diagnosis = (pages / "diagnoser/marfans-syndrom/index.md").read_text(encoding="utf-8")
    facts = diagnosis.index('!!! info "Fakta')  # «Fakta», or «Fakta fra Orphanet …» without reviewed facts
    link = diagnosis.index("[Kunnskapsoppsummering: Marfans syndrom](kunnskapsoppsummering/)")
    assert facts < link < diagnosis.index("## Kort om diagnosen")
    assert "For diagnosegruppen: [Kunnskapsoppsummering om Marfan-relaterte tilstander](../../grupper/284993/kunnskapsoppsummering/)" in diagnosis
    group = (pages / "grupper/284993/index.md").read_text(encoding="utf-8")
    assert "[Kunnskapsoppsummering om Marfan-relaterte tilstander](kunnskapsoppsummering/)" in group


def test_citation_syntax() -> None:
    assert cite_keys("@loeys2010") == ["loeys2010"]
    assert cite_keys("@a; @b-2") == ["a", "b-2"]
    assert cite_keys("@ Loeys") is None and cite_keys("loeys") is None and cite_keys("@a;") is None


def test_reference_list_escapes_everything_from_yaml() -> None:
    ref = Reference.model_validate({"id": "x", "forfattere": "A <script>", "tittel": 'T "q"', "tidsskrift": "J & J", "år": 2020, "doi": "10.1000/a;b(c)", "url": "https://example.org/?a=1&b=2"})
    out = references_html([ref])
    assert "<script>" not in out and "A &lt;script&gt;" in out and "T &quot;q&quot;" in out and "J &amp; J" in out
    assert 'href="https://doi.org/10.1000/a%3Bb%28c%29"' in out
    assert 'href="https://example.org/?a=1&amp;b=2"' in out


# --- the built site in Chromium ------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_summaries(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> Path:
    root = make_project(tmp_path_factory.mktemp("summary-site"), small_orphanet, "summary_valid")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def test_built_summary_page_has_json_ld_and_the_overdue_notice(built_summaries: Path) -> None:
    html = (built_summaries / "grupper/284993/kunnskapsoppsummering/index.html").read_text(encoding="utf-8")
    assert "Oppdateringen er forsinket" in html
    assert '"@type":"MedicalScholarlyArticle"' in html
    assert 'id="ref-1"' in html and 'href="#ref-1"' in html


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install chromium)")
def test_print_view_has_no_navigation_and_writes_out_reference_links(built_summaries: Path) -> None:
    with serve(built_summaries) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "diagnoser/marfans-syndrom/kunnskapsoppsummering/")
        page.emulate_media(media="print")
        for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-tabs", ".md-footer"):
            for i in range(page.locator(selector).count()):
                assert not page.locator(selector).nth(i).is_visible(), selector
        links = page.locator("ol.sjelden-references a")
        assert links.count() == 3  # DOI and PubMed for the first reference, PubMed for the second
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert hrefs == ["https://doi.org/10.1136/jmg.2009.072785", "https://pubmed.ncbi.nlm.nih.gov/20591885/", "https://pubmed.ncbi.nlm.nih.gov/1852208/"]
        # Each link's address is written out after it on paper.
        for i in range(links.count()):
            after = page.evaluate("a => getComputedStyle(a, '::after').content", links.nth(i).element_handle())
            assert after in {'" (" attr(href) ")"', f'" ({hrefs[i]})"'}, after
        assert page.locator("h2#siter").is_visible() and page.locator(".sjelden-citation").is_visible()
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF")
        page.close()


def test_built_summary_jsonld_marks_example_content(built_summaries: Path) -> None:
    source = FIXTURES / "content/summary_valid/diagnoses/grupper/284993/kunnskapsoppsummering.md"
    html = (built_summaries / "grupper/284993/kunnskapsoppsummering/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    example = "eksempeltekst: true" in source.read_text(encoding="utf-8")
    assert example, "the fixture summary is example content"
    assert data["creativeWorkStatus"] == "Eksempeltekst" and data["headline"].startswith("[Eksempel] ")
    # An example text's publication date is made up: not stated as a fact (issue 13, point 3).
    assert "datePublished" not in data

