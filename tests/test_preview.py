"""`sjelden preview`: a small site with the changed pages, what git says changed, and broken content."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.core.errors import ContentError
from build_tools.engine.preview import changed_files
from tests.browser import CHROMIUM
from tests.conftest import make_project
from tests.test_check import run_check

MARFAN = "diagnoses/marfans-syndrom/index.md"


def run_preview(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_tools.cli", "--root", str(root), "preview", *args],
        capture_output=True, text=True, timeout=600, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Redaktør", "-c", "user.email=redaktor@example.org", "-c", "init.defaultBranch=main", "-C", str(root), *args],
        capture_output=True, text=True, timeout=60, check=True,
    )
    return result.stdout


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The preview of the example diagnosis page in a small project: (site folder, the command's result)."""
    root = make_project(tmp_path_factory.mktemp("preview"), small_orphanet, "valid")
    page = root / MARFAN
    page.write_text(page.read_text(encoding="utf-8") + "\nSe også [gruppen](/grupper/284993/).\n", encoding="utf-8")  # a site-root link, as the guide teaches
    result = run_preview(root, MARFAN, "--site-dir", "forhandsvisning")
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "forhandsvisning", result


def test_preview_prints_the_url_path_of_the_changed_page(preview) -> None:  # type: ignore[no-untyped-def]
    _, result = preview
    assert result.stdout == "/diagnoser/marfans-syndrom/\n"
    assert "Traceback" not in result.stderr


def test_preview_holds_the_page_its_orpha_and_group_pages_and_the_lists_but_not_the_catalogue(preview) -> None:  # type: ignore[no-untyped-def]
    site, _ = preview
    page = (site / "diagnoser/marfans-syndrom/index.html").read_text(encoding="utf-8")
    assert "Forhåndsvisning." in page  # the notice that this is not the published site
    redirect = (site / "orpha/558/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../../diagnoser/marfans-syndrom/"' in redirect
    assert (site / "grupper/284993/index.html").is_file()  # a group the page links to
    for listed in ("index.html", "diagnoser/index.html", "grupper/index.html", "kurs/index.html", "redaktor/index.html"):
        assert (site / listed).is_file(), listed
    # Catalogue pages nobody in the preview links to are left out.
    assert not (site / "orpha/881/index.html").exists()
    pages = list(site.rglob("index.html"))
    assert 10 < len(pages) < 100


def test_preview_links_work_under_a_sub_folder(preview) -> None:  # type: ignore[no-untyped-def]
    site, _ = preview
    tag = re.compile(r'<(?:a|img|link|script|form)\b[^>]*\b(?:href|src|action)="/(?!/)')
    rooted = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html" and tag.search(p.read_text(encoding="utf-8"))]
    assert rooted == []
    assert '<a href="../../grupper/284993/">gruppen</a>' in (site / "diagnoser/marfans-syndrom/index.html").read_text(encoding="utf-8")


def test_preview_search_index_covers_exactly_the_pages_in_the_preview(preview) -> None:  # type: ignore[no-untyped-def]
    site, _ = preview
    search = site / "assets/sjelden/workers/search"
    core = json.loads((search / json.loads((search / "manifest.json").read_text(encoding="utf-8"))["core"]).read_text(encoding="utf-8"))
    urls = set(core["url"].values())
    assert {"diagnoser/marfans-syndrom/", "grupper/284993/", "redaktor/"} <= urls
    built = {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")} | {""}
    assert urls <= built  # nothing the search finds is missing from the preview
    assert (site / "assets/sjelden/workers/search.js").is_file()


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install chromium)")
def test_preview_search_finds_the_page_in_a_browser_under_a_sub_folder(preview, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.browser import browser, serve
    from tests.test_accessibility import open_search

    site, _ = preview
    pages = tmp_path / "pages"
    shutil.copytree(site, pages / "forhandsvisning" / "pr-7")
    with serve(pages) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "forhandsvisning/pr-7/diagnoser/marfans-syndrom/")
        open_search(page, "marfan")
        first = page.locator(".md-search-result__link").first.get_attribute("href") or ""
        assert first.split("?")[0] == base + "forhandsvisning/pr-7/diagnoser/marfans-syndrom/"  # the preview's page, not the live site's
        page.locator(".md-search-result__link").first.click()
        page.wait_for_url("**/forhandsvisning/pr-7/diagnoser/marfans-syndrom/**")


def test_preview_of_broken_content_prints_what_check_prints_and_writes_nothing(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "diagnosis_unknown_orpha")
    check = run_check(root)
    result = run_preview(root, MARFAN, "--site-dir", "forhandsvisning")
    assert result.returncode == 1 and check.returncode == 1
    assert result.stderr == check.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in root.iterdir()) == sorted(["mkdocs.yml", "docs", "data", "diagnoses", ".cache"])


def _repository(tmp_path: Path, small_orphanet: Path) -> Path:
    """A project in a git repository: main has the example page; the branch `rettelse` is checked out."""
    root = make_project(tmp_path, small_orphanet, "valid")
    (root / ".gitignore").write_text(".cache/\nforhandsvisning/\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Eksempel")
    git(root, "switch", "-qc", "rettelse")
    return root


def test_changed_files_are_committed_staged_unstaged_and_new_files_against_main(tmp_path: Path, small_orphanet: Path) -> None:
    root = _repository(tmp_path, small_orphanet)
    git(root, "switch", "-q", "main")  # main moves on; only what the branch changed counts
    (root / "docs/tilgjengelighet.md").write_text("# Endret på main\n", encoding="utf-8")
    git(root, "commit", "-qam", "På main")
    git(root, "switch", "-q", "rettelse")
    page = root / MARFAN
    page.write_text(page.read_text(encoding="utf-8") + "\nEn rettelse.\n", encoding="utf-8")
    git(root, "commit", "-qam", "Rettelse")
    (root / "docs/om.md").write_text("# Om\n\nEndret, ikke committet.\n", encoding="utf-8")
    (root / "docs/api.md").write_text("# Åpne data\n\nEndret og lagt til.\n", encoding="utf-8")
    git(root, "add", "docs/api.md")
    (root / "docs/ny.md").write_text("# Ny side\n", encoding="utf-8")
    git(root, "rm", "-q", "docs/kontakt.md")  # deleted: no page to show
    assert changed_files(root) == [MARFAN, "docs/api.md", "docs/ny.md", "docs/om.md"]
    assert changed_files(root / "docs") == ["api.md", "ny.md", "om.md"]  # relative to the folder asked about


def test_preview_without_files_shows_what_the_branch_changed(tmp_path: Path, small_orphanet: Path) -> None:
    root = _repository(tmp_path, small_orphanet)
    page = root / MARFAN
    page.write_text(page.read_text(encoding="utf-8") + "\nEn rettelse.\n", encoding="utf-8")
    (root / "docs/om.md").write_text("# Om sjelden.no\n\nSe [Marfans syndrom](diagnoser/marfans-syndrom/index.md).\n", encoding="utf-8")
    # `make preview` passes --url: the pages are printed as links a terminal opens with a click.
    result = run_preview(root, "--site-dir", "forhandsvisning", "--url", "http://127.0.0.1:8001/")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines() == ["http://127.0.0.1:8001/diagnoser/marfans-syndrom/", "http://127.0.0.1:8001/om/"]


def test_changed_files_explain_in_norwegian_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ContentError) as no_repository:
        changed_files(tmp_path)
    assert str(no_repository.value) == "sjelden preview: mappen er ikke et git-depot; oppgi filene du vil forhåndsvise, f.eks. sjelden preview diagnoses/marfans-syndrom/index.md"
    git(tmp_path, "init", "-q")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "Start")
    git(tmp_path, "switch", "-qc", "rettelse")
    git(tmp_path, "branch", "-qD", "main")
    with pytest.raises(ContentError) as no_main:
        changed_files(tmp_path)
    assert "fant ikke grenen origin/main eller main å sammenligne med" in str(no_main.value)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ContentError) as no_git:
        changed_files(tmp_path)
    assert str(no_git.value).startswith("sjelden preview: fant ikke git; installer git, eller oppgi filene")


def test_preview_of_a_course_and_a_form_holds_their_pages_and_the_diagnosis_page_they_link_to(tmp_path: Path, small_orphanet: Path) -> None:
    from tests.test_courses import TODAY_EPOCH, course_project

    root = course_project(tmp_path, small_orphanet, "course_valid")
    result = subprocess.run(
        [sys.executable, "-m", "build_tools.cli", "--root", str(root), "preview", "courses/2027/sommerkurs.yml", "courses/forms/standard.yml", "--site-dir", "forhandsvisning"],
        capture_output=True, text=True, timeout=600, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": TODAY_EPOCH},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    changed = result.stdout.splitlines()
    assert changed[:2] == ["/kurs/sommerkurs/", "/kurs/sommerkurs/evaluering/"]
    # The form's change shows on every course that uses it.
    assert set(changed[2:]) == {f"/kurs/{slug}/evaluering/" for slug in ("tidligere-kurs", "avlyst-kurs", "fullt-kurs", "vinterkurs")}
    site = root / "forhandsvisning"
    assert (site / "kurs/sommerkurs/index.html").is_file() and (site / "diagnoser/marfans-syndrom/index.html").is_file()
    assert (site / "kurs/vinterkurs/index.html").is_file()  # its evaluation page links back to it
    assert not (site / "orpha/881/index.html").exists()


def test_a_catalogue_selection_renders_only_those_codes_and_leaves_the_rest_as_in_the_full_site(tmp_path: Path, small_orphanet: Path) -> None:
    from datetime import date

    from build_tools.core.settings import read_settings
    from build_tools.orphanet.model import OrphaCode
    from build_tools.pipeline import load_site, render_site

    root = make_project(tmp_path, small_orphanet, "valid")
    settings = read_settings(root)
    today = date(2026, 6, 1)
    site = load_site(settings, today)
    full = render_site(site, settings, today, search=False)
    chosen = render_site(site, settings, today, search=False, codes=frozenset({OrphaCode(284993)}))
    catalogue = {uri for uri in full if uri.startswith(("orpha/", "grupper/")) and uri != "grupper/index.md"}
    assert {uri for uri in chosen if uri in catalogue} == {"orpha/284993/index.md", "grupper/284993/index.md"}
    # Everything else is the same, the coverage page too: it still links to every group page.
    assert {uri: data for uri, data in full.items() if uri not in catalogue} == {uri: data for uri, data in chosen.items() if uri not in catalogue}
