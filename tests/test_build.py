"""Building the bundled site with MkDocs through the plugin, as `make site` does (on a sample of ORPHA pages)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

from tests.conftest import make_project, mkdocs_build, sjelden


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def codes(data: dict, system: str) -> list[str]:
    return [c["codeValue"] for c in data["code"] if c["codingSystem"] == system]


def test_marfan_page_carries_medical_condition_with_orpha_and_icd10(built: Path) -> None:
    html = (built / "diagnoser/marfans-syndrom/index.html").read_text(encoding="utf-8")
    data = jsonld(html)
    assert data["@type"] == "MedicalCondition"
    assert data["name"] == "Marfans syndrom"
    assert codes(data, "ORPHA") == ["558"]
    assert codes(data, "ICD-10") == ["Q87.4"]
    assert '<html lang="nb"' in html
    assert "Eksempeltekst" in html
    assert "Orphanet / INSERM, versjon 2025-12" in html
    assert "800 41 710" in html
    assert "Sist revidert" in html
    for section in ("Kort om diagnosen", "Årsak og arvegang", "Kilder", "Vanlige kjennetegn"):
        assert f">{section}</h" in html or f">{section}<a" in html or section in html


def test_orpha_page_of_a_covered_code_redirects_to_the_authored_page(built: Path) -> None:
    html = (built / "orpha/558/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../diagnoser/marfans-syndrom/">' in html
    assert '<link rel="canonical" href="https://sjelden.no/diagnoser/marfans-syndrom/">' in html  # absolute, as a canonical must be
    data = jsonld(html)
    assert codes(data, "ORPHA") == ["558"] and codes(data, "ICD-10") == ["Q87.4"]


def test_catalogue_page_shows_orphanet_facts_in_norwegian_chrome(built: Path) -> None:
    pages = sorted((built / "orpha").glob("*/index.html"))
    catalogue = [p for p in pages if "http-equiv=\"refresh\"" not in p.read_text(encoding="utf-8")]
    assert len(catalogue) > 300
    html = catalogue[0].read_text(encoding="utf-8")
    assert "Hvor kan jeg få hjelp?" in html and "Sjeldentelefonen" in html
    assert "ORPHA-kode" in html
    code = catalogue[0].parent.name
    assert codes(jsonld(html), "ORPHA") == [code]


def test_group_page_lists_authored_members_first(built: Path) -> None:
    html = (built / "grupper/284993/index.html").read_text(encoding="utf-8")  # Marfan syndrome and Marfan-related disorders
    assert codes(jsonld(html), "ORPHA") == ["284993"]
    html = html.split("<article", 1)[1]
    authored = html.index("Med norsk artikkel")
    assert authored < html.index("Diagnoser i gruppen")
    assert html.index("Marfans syndrom", authored) < html.index("Diagnoser i gruppen")


def test_a_to_aa_index_sorts_the_norwegian_way_and_is_kept_out_of_search(built: Path) -> None:
    md = (built.parent / ".cache/sjelden/pages/diagnoser/index.md").read_text(encoding="utf-8")
    assert '"search": {"exclude": true}' in md
    letters = re.findall(r"^## (\S+) \{", md, re.M)
    assert letters == sorted(letters, key=lambda c: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ".find(c[0]))
    assert "Føllings sykdom" in md


def test_orpha_pages_are_not_in_the_navigation(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "orpha/" not in re.sub(r'<script.*?</script>', "", html, flags=re.S).split('class="md-nav', 1)[1].split("</nav>")[0]


def test_no_request_to_any_third_party_is_written_into_pages(built: Path) -> None:
    for path in [built / "index.html", built / "diagnoser/marfans-syndrom/index.html", built / "orpha/558/index.html"]:
        html = path.read_text(encoding="utf-8")
        for attr in re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html):
            assert not attr.startswith(("http://", "https://", "//")) or attr.startswith("https://sjelden.no/"), (path, attr)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_broken_content_fails_the_build_with_one_line_and_no_traceback(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "diagnosis_unknown_orpha")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "diagnoses/marfans-syndrom/index.md:3: orpha: ORPHA:99999999 finnes ikke i Orphanet-data (2025-12)" in result.stderr
    assert not (root / "site").exists()


def test_build_pages_writes_a_complete_tree_any_engine_builds(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    out = tmp_path / "tree"
    result = sjelden("--root", str(root), "build-pages", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "docs/diagnoser/marfans-syndrom/index.md").read_text(encoding="utf-8")
    assert page.startswith('---\n{"title": "Marfans syndrom", ')
    assert (out / "docs/orpha/558/index.md").is_file() and (out / "docs/diagnoser/index.md").is_file()
    assert (out / "docs/index.md").is_file() and (out / "docs/overrides/main.html").is_file()  # the hand-written pages and theme
    assert (out / "docs/assets/sjelden/workers/search.js").is_file()
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and config["plugins"] == ["search"] and config["theme"]["custom_dir"] == "docs/overrides"
    # A second export rewrites nothing.
    again = sjelden("--root", str(root), "build-pages", str(out))
    assert again.returncode == 0 and "(0 skrevet, 0 fjernet)" in again.stdout
    shutil.rmtree(out)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - sjelden\n", "  - sjelden:\n      orpha_pages: false\n"), encoding="utf-8")
    assert mkdocs_build(root).returncode == 0
    before = _tree(root / "site")
    assert "diagnoser/marfans-syndrom/index.html" in before
    page = root / "diagnoses/marfans-syndrom/index.md"
    # A content error stops the build before anything is written...
    page.write_text(page.read_text(encoding="utf-8").replace("orpha: [558]", "orpha: [99999999]"), encoding="utf-8")
    assert mkdocs_build(root).returncode == 1
    assert _tree(root / "site") == before
    # ...and so does a failure late in the build (a strict-mode warning after pages were written).
    page.write_text(page.read_text(encoding="utf-8").replace("orpha: [99999999]", "orpha: [558]").replace("Lenker.", "[brutt](finnes-ikke.md)"), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 1 and "finnes-ikke.md" in result.stderr
    assert _tree(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site"]


def test_a_warm_build_reuses_cached_html_byte_for_byte_and_an_edit_invalidates_it(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    assert mkdocs_build(root).returncode == 0
    first = _tree(root / "site")
    cache = root / ".cache/sjelden/html"
    cached = sorted(p.name for p in cache.iterdir())
    assert len(cached) >= 10
    assert mkdocs_build(root).returncode == 0
    assert _tree(root / "site") == first  # the same site every time, from cache or not
    assert sorted(p.name for p in cache.iterdir()) == cached
    # Changing an input changes the output: the edited page is rebuilt, not served stale from cache.
    page = root / "diagnoses/marfans-syndrom/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Testtekst om bindevevet.", "Ny tekst om bindevev."), encoding="utf-8")
    assert mkdocs_build(root).returncode == 0
    html = (root / "site/diagnoser/marfans-syndrom/index.html").read_text(encoding="utf-8")
    assert "Ny tekst om bindevev." in html and "Testtekst om bindevevet." not in html
    # ...and so does a change to something every page shares (a theme override).
    override = root / "docs/overrides/main.html"
    override.write_text(override.read_text(encoding="utf-8").replace("{% block extrahead %}", "{% block extrahead %}<!-- tema endret -->"), encoding="utf-8")
    assert mkdocs_build(root).returncode == 0
    assert "<!-- tema endret -->" in (root / "site/orpha/72/index.html").read_text(encoding="utf-8")
    assert not (root / ".cache/sjelden/html.new").exists()


def test_converting_markdown_in_a_second_process_gives_the_same_site(built: Path, tmp_path: Path) -> None:
    """The `built` sample used the worker process (the default); a serial build must match it byte for byte."""
    from tests.conftest import sample_project

    root = sample_project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      orpha_fraction:", "      parallel: false\n      orpha_fraction:"), encoding="utf-8")
    assert "parallel: false" in config.read_text(encoding="utf-8")
    assert mkdocs_build(root).returncode == 0
    serial, parallel = _tree(root / "site"), _tree(built)
    assert serial.keys() == parallel.keys()
    assert [k for k in serial if serial[k] != parallel[k]] == []
