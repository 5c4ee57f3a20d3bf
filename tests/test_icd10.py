"""Tests for build_tools/kinds/names/icd10.py (the Norwegian ICD-10 snapshot and its refresh),
build_tools/kinds/names/lay.py (lay names) and build_tools/core/areas.py (areas in bokmål)."""

from __future__ import annotations

import html
import json
import random
import re
from pathlib import Path

import pytest

from build_tools.core import vocab
from build_tools.core.areas import area_nb
from build_tools.core.errors import ContentError
from build_tools.core.settings import read_settings
from build_tools.kinds.names import icd10
from build_tools.kinds.names.lay import read_lay
from build_tools.orphanet import load_snapshot
from build_tools.orphanet.model import OrphaCode
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def orpha():  # type: ignore[no-untyped-def]
    settings = read_settings(ROOT)
    return load_snapshot(settings.path(settings.data_dir) / "orphanet", settings.cache_path, settings.root)


def test_the_snapshot_reads_and_names_codes() -> None:
    icd, problems = icd10.read(ROOT / "data", ROOT)
    assert problems == [] and icd is not None
    assert icd.version == "2026" and len(icd.texts) > 19_000
    assert icd.text("Q87.4") == "Marfans syndrom" and icd.text("q43.1") == "Hirschsprungs sykdom"
    assert icd.text("Q87") is None and icd.under("A37")[-1] == "Uspesifisert kikhoste"
    assert icd.text("F70") == "Lett psykisk utviklingshemming"  # every F70.x begins so, up to a comma
    assert icd10.code_text(icd, "Q87.4") == "Marfans syndrom" and icd10.code_text(None, "Q87.4") == ""


def test_exact_mappings_give_sourced_names_and_broader_codes_search_words(orpha) -> None:  # type: ignore[no-untyped-def]
    icd, _ = icd10.read(ROOT / "data", ROOT)
    names = icd10.exact_names(orpha, icd)
    assert names[OrphaCode(15)].name == "Akondroplasi" or names[OrphaCode(15)].name  # Q77.4, exact
    assert names[OrphaCode(99745)].name == "Tyfoidfeber" and names[OrphaCode(99745)].source == "ICD-10, norsk utgave, Helsedirektoratet (2026): A01.0"
    assert names[OrphaCode(99745)].status == icd10.STATUS and 500 < len(names) < 600
    categories = icd10.category_texts(orpha, icd)
    assert "Uspesifisert kikhoste" in categories[OrphaCode(1489)]  # Whooping cough over A37.0–A37.9


def _icd_file(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "ICD10.json"
    path.write_text(json.dumps([{"code": c, "text": t} for c, t in rows]), encoding="utf-8")
    return path


def test_a_bad_list_is_refused_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "liste.tsv"
    path.write_text("# versjon: 2027\nQ874\tMarfans syndrom\nQ87.4\tMarfan\nQ875\t \nuten tab\nQ874\tIgjen\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        icd10.refresh(tmp_path / "data", path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}: har bare 1 koder; hele kodeverket har over 10 000",
        f"{path}:3: Q87.4: ugyldig ICD-10-kode; skriv koden uten punktum, f.eks. Q874",
        f"{path}:4: Q875: mangler norsk tekst",
        f"{path}:5: forventet «kode<TAB>tekst», f.eks. «Q874<TAB>Marfans syndrom»",
        f"{path}:6: Q874: koden står to ganger; fjern den ene",
    ]
    assert not (tmp_path / "data" / icd10.SNAPSHOT).exists()


def test_refresh_replaces_the_snapshot_only_when_nothing_much_is_lost(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rows = [(f"A{n:03d}", f"Tekst {n}") for n in range(12_000)]
    result = icd10.refresh(data, _icd_file(tmp_path, rows), "2027")
    assert (result.old_count, result.new_count, result.new_version) == (0, 12_000, "2027")
    icd, problems = icd10.read(data)
    assert problems == [] and icd is not None and icd.version == "2027" and icd.text("A001") == "Tekst 1"
    with pytest.raises(ContentError) as err:
        icd10.refresh(data, _icd_file(tmp_path, rows[:11_000]), "2028")
    assert "1000 av 12000 koder mangler (f.eks. A11000, A11001, A11002, A11003, A11004); er dette hele kodeverket?" in str(err.value)
    assert icd10.read(data)[0].version == "2027"  # type: ignore[union-attr]


def test_areas_are_named_in_bokmal_by_cldr(orpha) -> None:  # type: ignore[no-untyped-def]
    assert [area_nb(a) for a in ("Worldwide", "Europe", "Czech Republic", "Korea, Republic of", "Taiwan, Province of China")] == [
        "hele verden", "Europa", "Tsjekkia", "Sør-Korea", "Taiwan",
    ]
    areas = {p.geographic for e in orpha.active() for p in e.prevalences}
    # every area Orphanet names is a CLDR region or country, or one of the few words that are no area
    assert {a for a in areas if area_nb(a) is None} <= {"Specific population", "no data", "Eastern Mediterranean Asia"}
    assert all(vocab.translate(vocab.GEOGRAPHIC, a) != a or area_nb(a) == a for a in areas)


def write_lay(tmp_path: Path, text: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "data" / "folkelige-navn.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_lay_names_are_checked(tmp_path: Path, orpha) -> None:  # type: ignore[no-untyped-def]
    write_lay(tmp_path, "448:\n  navn: [blødersyke]\n  kilde: https://nhi.no/x/\nabc:\n  navn: [x]\n  kilde: https://a.no/\n99999999:\n  navn: [y]\n  kilde: https://a.no/\n3392:\n  navn: [Blødersyke, harepest]\n  kilde: http://a.no/\n558:\n  navn: [marfan]\n  kilde: https://a.no/\n")
    settings = read_settings(tmp_path)
    names, problems = read_lay(settings, orpha, {"marfan": 905})
    assert [str(p) for p in problems] == [
        "data/folkelige-navn.yml:4: abc: ugyldig ORPHA-kode; skriv bare tallet, f.eks. 448: (eller ORPHA:448:)",
        f"data/folkelige-navn.yml:7: 99999999: ORPHA:99999999 finnes ikke i Orphanet-data ({orpha.release}); sjekk koden på orpha.net",
        "data/folkelige-navn.yml:12: 3392.kilde: må være en fullstendig https://-adresse",
        "data/folkelige-navn.yml:14: 558.navn.0: «marfan» er allerede brukt for ORPHA:905; et navn kan bare høre til én kode",
    ]
    assert names[OrphaCode(448)].names == ("blødersyke",) and names[OrphaCode(448)].source == "https://nhi.no/x/"


def test_the_project_lay_names_load_and_have_sources() -> None:
    settings = read_settings(ROOT)
    settings_orpha = load_snapshot(settings.path(settings.data_dir) / "orphanet", settings.cache_path, settings.root)
    names, problems = read_lay(settings, settings_orpha, {})
    assert problems == [] and names[OrphaCode(448)].name == "blødersyke"
    assert all(n.source.startswith("https://") for n in names.values())


def test_the_fact_box_line_gives_each_code_its_norwegian_text(orpha) -> None:  # type: ignore[no-untyped-def]
    icd, _ = icd10.read(ROOT / "data", ROOT)
    marfan = orpha.get(OrphaCode(558))
    codes = lambda ms: ", ".join(m.code + ("" if m.relation.value == "E" else " (x)") for m in ms)  # noqa: E731
    assert icd10.fact(marfan.icd10, icd, codes) == "Q87.4 Marfans syndrom"
    assert icd10.fact(marfan.icd10, None, codes) == "Q87.4"
    wilson = orpha.get(OrphaCode(905))
    assert icd10.fact(wilson.icd10, icd, codes) == "E83.0 Forstyrrelser i kobbermetabolismen (x)"
    # a code the Norwegian list divides further shows its sub-codes' texts; one it lacks shows none
    assert icd10.code_text(icd, "D39.1") == "Svulst m/pat.anat. usikkert malignitetspotensial i eggstokk / Svulst med klinisk usikkert malignitetspotensial i eggstokk"
    assert icd10.code_text(icd, "C15.0") == "" and icd.text("D39.1") is None
    shown = sum(1 for e in orpha.active() for m in e.icd10 if icd10.code_text(icd, m.code))
    total = sum(1 for e in orpha.active() for m in e.icd10)
    assert shown / total >= 0.98  # the rest are categories the Norwegian list has no text for (D44.8, F72 ...)


def test_sjelden_refresh_icd10_reports_and_leaves_the_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from build_tools.cli import main

    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    bad = _icd_file(tmp_path, [("Q874", "Marfans syndrom")])
    assert main(["--root", str(tmp_path), "refresh-icd10", str(bad), "--versjon", "2027"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: har bare 1 koder; hele kodeverket har over 10 000" in err and "ICD-10-listen er ikke endret." in err
    good = _icd_file(tmp_path, [(f"B{n:03d}", f"Tekst {n}") for n in range(10_001)])
    assert main(["--root", str(tmp_path), "refresh-icd10", str(good), "--versjon", "2027"]) == 0
    assert "ICD-10 (norsk utgave) oppdatert: – → 2027 (0 → 10001 koder)." in capsys.readouterr().out


_TABLE = re.compile(r"<table>\s*<thead>(.*?)</thead>\s*<tbody>(.*?)</tbody>\s*</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td>(.*?)</td>", re.S)
_CODE = re.compile(r"^[A-Z]\d\d(\.\d{1,2})?[+*]?$")


def _english_areas(orpha) -> set[str]:  # type: ignore[no-untyped-def]
    """Area names in English that have another name in bokmål: CLDR's English territory names and
    the areas as Orphanet writes them («Worldwide», «Czech Republic»), less those bokmål shares («Bulgaria»)."""
    from babel import Locale

    english = set(Locale("en").territories.values()) | {p.geographic for e in orpha.active() for p in e.prevalences}
    return english - set(Locale("nb").territories.values()) - {area_nb(a) for a in english if area_nb(a)}


def catalogue_figures(site: Path, english: set[str], sample: int = 400, seed: int = 21) -> tuple[int, int, int, list[str]]:
    """Up to `sample` ORPHA pages of a built site (redirects to authored pages left out): ICD-10 code
    lines in the pages' code tables, how many show a Norwegian text after the code, pages sampled,
    and the English area names found in the prevalence tables and the fact boxes (page: name)."""
    pages = []
    for path in sorted((site / "orpha").glob("*/index.html")):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in text:
            pages.append((path.parent.name, text))
    chosen = random.Random(seed).sample(pages, min(sample, len(pages)))
    lines = shown = 0
    found = []
    for code, text in chosen:
        for head, body in _TABLE.findall(text):
            rows = [_CELL.findall(row) for row in _ROW.findall(body)]
            if "<th>Kodeverk</th>" in head:
                for cells in rows:
                    if len(cells) >= 2 and cells[0] == "ICD-10":
                        lines += 1
                        shown += not _CODE.match(html.unescape(cells[1]).strip())
            if "<th>Område</th>" in head:
                found += [f"{code}: {c[2]}" for c in rows if len(c) >= 3 and html.unescape(c[2]) in english]
        for area in re.findall(r"(?:i|in) ([A-Z][\w .'-]+?)\)</li>", text):
            if area in english:
                found.append(f"{code}: {area}")
    return lines, shown, len(chosen), found


def test_catalogue_pages_show_icd10_codes_in_norwegian_and_name_no_area_in_english(built: Path, orpha) -> None:  # type: ignore[no-untyped-def]
    lines, shown, pages, english = catalogue_figures(built, _english_areas(orpha))
    print(f"{pages} ORPHA pages, {lines} ICD-10 code lines, {shown} with Norwegian text ({shown / max(1, lines):.1%})")
    assert pages >= 100 and lines >= 100  # the shared build renders 5 % of the catalogue
    assert shown / lines >= 0.98
    assert english == []
    # the check itself finds what it looks for
    assert "Worldwide" in _english_areas(orpha) and "Czech Republic" in _english_areas(orpha) and "Bulgaria" not in _english_areas(orpha)
