"""The Norwegian names layer (data/norske-navn.yml): titles, A–Å, group lists, search, reports.

The `path:line` problems are in tests/test_check.py (fixture `names_problems`)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from build_tools.core.settings import Settings, read_settings
from build_tools.derived.coverage import NAMES_CSV_HEADER, build_coverage, coverage_files, names_report, names_text
from build_tools.derived.search.documents import search_documents
from build_tools.derived.search.index import build_search_files
from build_tools.derived.search.norsk import lexicon_for
from build_tools.kinds.catalogue.pages import Catalogue
from build_tools.kinds.diagnoses.pages import diagnosis_page
from build_tools.kinds.links import Links, built_codes
from build_tools.kinds.names.model import NorwegianNames
from build_tools.kinds.site import Site
from build_tools.orphanet.model import Level, OrphaCode
from build_tools.pipeline import load_site, render_site
from tests.conftest import ROOT, make_project, sample_project, sjelden
from tests.test_search_index import needs_node, run_worker

TODAY = date(2026, 6, 1)

NAMES = """\
881:
  navn: Turners syndrom
  synonymer: [Ullrich-Turners syndrom]
  status: godkjent
  kilde: https://eksempel.no/navneliste-for-test
586:
  navn: Cystisk fibrose
  status: forslag
  kilde: test
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> Path:
    root = make_project(tmp_path_factory.mktemp("names"), small_orphanet, "valid")
    (root / "data" / "norske-navn.yml").write_text(NAMES, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Site:
    return load_site(read_settings(project), TODAY)


@pytest.fixture(scope="module")
def pages(site: Site, project: Path) -> dict[str, str]:
    return {k: v.decode("utf-8") for k, v in render_site(site, read_settings(project), TODAY, search=False).items()}


def test_the_names_are_on_the_site(site: Site) -> None:
    turner = site.names[OrphaCode(881)]
    assert (turner.name, turner.synonyms, turner.approved) == ("Turners syndrom", ("Ullrich-Turners syndrom",), True)
    assert site.name_nb(OrphaCode(881)) == "Turners syndrom"
    assert site.name_nb(OrphaCode(586)) is None  # a suggestion is not a title


def test_an_approved_name_is_the_title_and_the_english_name_stays_marked(pages: dict[str, str]) -> None:
    page = pages["orpha/881/index.md"]
    assert '{"title": "Turners syndrom", ' in page
    assert 'Engelsk navn: <span lang="en">Turner syndrome</span>' in page


def test_a_suggestion_is_not_the_title(pages: dict[str, str]) -> None:
    page = pages["orpha/586/index.md"]
    assert '{"title": "Cystic fibrosis", ' in page
    assert "Cystisk fibrose" not in page
    assert "sjelden-name-en" not in page


def test_approved_names_are_in_a_to_aa(pages: dict[str, str]) -> None:
    az = pages["diagnoser/index.md"]
    assert "- [Turners syndrom](../orpha/881/)" in az
    assert "- [Ullrich-Turners syndrom](../orpha/881/) – se Turners syndrom" in az
    assert "Cystisk fibrose" not in az  # suggestions are not listed


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Settings]:
    """The bundled content and Orphanet data, with Wilson disease's suggested name approved."""
    settings = read_settings(sample_project(tmp_path_factory.mktemp("names-real")))
    site = load_site(settings, TODAY)
    names = dict(site.names)
    names[OrphaCode(905)] = dataclasses.replace(names[OrphaCode(905)], status="godkjent")
    # The top groups' names are suggestions until a source gives them (issue 20.7); approved here, as an editor would once one does.
    names[OrphaCode(97992)] = dataclasses.replace(names[OrphaCode(97992)], status="godkjent")
    return dataclasses.replace(site, names=names), settings


def test_group_lists_and_fact_boxes_use_the_approved_name(real_site: tuple[Site, Settings]) -> None:
    site, settings = real_site
    catalogue = Catalogue(site, dataclasses.replace(settings, orpha_fraction=1.0), TODAY)  # every member listed
    wilson = site.orpha.entities[OrphaCode(905)]
    groups = site.groups_of(wilson)
    assert groups
    page = catalogue.group(groups[0])
    assert re.search(r"- \[Wilsons sykdom\]\([^)]+\) \(ORPHA:905\)", page)
    assert "Wilson disease" not in page
    top = site.orpha.entities[OrphaCode(97992)]  # a top group, approved in the fixture above
    assert '{"title": "Sjeldne blodsykdommer", ' in catalogue.group(top)
    children = [site.orpha.entities[c] for c in site.members[top.code]]
    subgroup = next(c for c in children if c.level is Level.GROUP)
    assert "[Sjeldne blodsykdommer](../97992/)" in catalogue.group(subgroup)  # «Del av»
    disorder = next(e for e in site.orpha.active() if e.level is not Level.GROUP and top in site.groups_of(e) and e.code not in site.by_code)
    assert "[Sjeldne blodsykdommer](../../grupper/97992/)" in catalogue.orpha_page(disorder)  # the fact box's group link


def test_the_coverage_page_counts_approved_names(real_site: tuple[Site, Settings]) -> None:
    site, _ = real_site
    cov = build_coverage(site, TODAY)
    assert cov.totals.named == 1
    files = coverage_files(site, TODAY)
    page = files["dekning/index.md"].decode("utf-8")
    assert '<th scope="col" class="num">Med norsk navn</th>' in page
    assert re.search(r'<td class="num" data-sort="1">1 \(\d+(,\d)? %\)</td>', page)
    rows = list(csv.reader(io.StringIO(files["dekning/dekning.csv"].decode("utf-8-sig"))))
    assert rows[0][-1] == "med_godkjent_norsk_navn"
    assert sum(int(r[-1]) for r in rows[1:] if r[0] == "klassifikasjon") >= 1


def test_the_names_report(site: Site) -> None:
    report = names_report(site)
    assert (report.entries, report.total.approved, report.total.suggested) == (2, 1, 1)
    assert report.total.none == report.total.entities - 2
    text = names_text(report)
    assert "2 oppføringer i data/norske-navn.yml" in text
    assert re.search(r"Hele katalogen .* 1 +1 ", text)


def test_sjelden_report_navn(project: Path) -> None:
    result = sjelden("--root", str(project), "report", "navn", "--csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0] == NAMES_CSV_HEADER
    assert rows[1][2:4] == ["1", "1"]


@needs_node
def test_both_approved_names_and_suggestions_are_searchable(site: Site, project: Path, tmp_path: Path) -> None:
    settings = read_settings(project)
    docs = search_documents(site, set(built_codes(site, settings)))
    files = build_search_files(docs, lexicon_for(ROOT / "data", ROOT))
    got = run_worker(tmp_path, docs, ["cystisk fibrose", "ullrich-turners syndrom", "turners syndrom"], files=files)
    assert got["cystisk fibrose"][:1] == ["orpha/586/"]
    assert got["ullrich-turners syndrom"][:1] == ["orpha/881/"]
    assert got["turners syndrom"][:1] == ["orpha/881/"]
    titles = {d.url: d.title for d in docs}
    assert titles["orpha/881/"] == "Turners syndrom"
    assert titles["orpha/586/"] == "Cystic fibrosis"


def test_the_bundled_names_are_honest() -> None:
    """Every seeded name says where it comes from. None of the bundled names has a source that gives
    that Norwegian name (the top groups' names were the editors' own, once built into the code), so
    every one is a suggestion until an editor finds one (issue 20.7)."""
    text = (ROOT / "data" / "norske-navn.yml").read_text(encoding="utf-8")
    assert text.count("  kilde:") == text.count("  navn:")
    assert text.count("status: godkjent") == 0
    assert "teratogene sykdommer" not in text and "som krever" not in text


@pytest.mark.parametrize(("kilde", "real"), [
    ("https://www.helsedirektoratet.no/kodeverk/icd-10", True),
    ("Helsedirektoratet: ICD-10, norsk utgave (2025)", True),
    ("sjelden.no-redaksjonen (tidligere innebygd i koden, build_tools/core/vocab.py)", False),
    ("sjelden.no-redaksjonen 2024", False),
    ("forslag fra utvikler, må kontrolleres", False),
    ("ICD-10 norsk utgave", False),  # a publication, but which edition: give the year
    ("https://", False),
    ("test", False),
])
def test_an_approved_name_needs_a_real_source(kilde: str, real: bool) -> None:
    from build_tools.kinds.names.load import real_source

    assert real_source(kilde) is real


def test_an_approved_name_without_a_real_source_is_an_error_with_its_line(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    (root / "data" / "norske-navn.yml").write_text(
        "881:\n  navn: Turners syndrom\n  status: godkjent\n  kilde: sjelden.no-redaksjonen\n"
        "586:\n  navn: Cystisk fibrose\n  status: forslag\n  kilde: sjelden.no-redaksjonen\n",
        encoding="utf-8",
    )
    result = sjelden("--root", str(root), "check", cwd=ROOT)
    assert result.returncode == 1
    assert (
        "data/norske-navn.yml:4: 881.kilde: et godkjent navn trenger en kilde som gir dette norske navnet: en nettadresse (https://...) eller en "
        "publikasjon med tittel og år, f.eks. «Helsedirektoratet: ICD-10 (2025)»; har navnet ingen slik kilde, sett «status: forslag»"
    ) in result.stdout + result.stderr
    assert "586" not in result.stdout + result.stderr  # a suggestion may cite the editors


def _jsonld_names(page: str) -> list[str]:
    meta = json.loads(page.split("---\n", 2)[1])
    return list(meta["jsonld"].get("alternateName", []))


def test_lay_names_show_on_authored_pages_and_every_norwegian_name_is_in_jsonld(real_site: tuple[Site, Settings]) -> None:
    site, settings = real_site
    lay_oi = NorwegianNames(code=OrphaCode(666), name="glassbensykdom", synonyms=("medfødt benskjørhet",), status="folkelig",
                            source="https://eksempel.no/glassben", display="data/folkelige-navn.yml", line=1)
    with_lay = dataclasses.replace(site, names_lay={**site.names_lay, OrphaCode(666): lay_oi})
    catalogue = Catalogue(with_lay, settings, TODAY)
    oi = next(d for d in site.diagnoses if d.slug == "osteogenesis-imperfecta")
    page = diagnosis_page(Links(with_lay, settings), oi, TODAY)
    # the page's own names first; a lay name it already has («Medfødt benskjørhet») is not repeated
    assert "*Også kalt:* OI, Medfødt benskjørhet, glassbensykdom ([kilde](https://eksempel.no/glassben))\n" in page
    assert '!!! warning "Eksempeltekst"' in page  # the example notice is kept
    assert "glassbensykdom" in _jsonld_names(page)
    # catalogue pages: lay names and the exact Norwegian ICD-10 text join Orphanet's synonyms
    tularemia = catalogue.orpha_page(site.orpha.entities[OrphaCode(3392)])
    assert "**Også kalt:** harepest, lemenpest ([kilde](https://www.vetinst.no/sykdom-og-agens/tularemi))" in tularemia
    assert {"harepest", "lemenpest"} <= set(_jsonld_names(tularemia))
    assert site.name_icd10(OrphaCode(863)) == "Trikinose"
    assert "Trikinose" in _jsonld_names(catalogue.orpha_page(site.orpha.entities[OrphaCode(863)]))
    assert "blødersyke" in _jsonld_names(catalogue.group(site.orpha.entities[OrphaCode(448)]))  # a group page
    # without the lay entry, the authored page shows only its own names
    plain = diagnosis_page(Links(site, settings), oi, TODAY)
    assert "*Også kalt:* OI, Medfødt benskjørhet\n" in plain and "glassbensykdom" not in plain
