"""Accessibility of the built site in headless Chromium: axe-core (WCAG 2.0/2.1 A and AA) on every
page type in the light and the dark palette, one h1, a skip link, a visible focus ring, and no
sideways scrolling at 320 px (what 400 % zoom of a 1280 px window gives).

axe-core comes from npm (`npm install --prefix .cache/axe axe-core@4.14.1`, which `.ci/run` does);
`AXE_JS` may point at another `axe.min.js` or at a folder holding `node_modules/axe-core/`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests import browser
from tests.browser import CHROMIUM, axe_path, checkable, open_search, page_types  # noqa: F401 - others import them from here
from tests.conftest import ROOT

AXE = axe_path()
pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.skipif(AXE is None, reason="axe-core is not installed: run `npm install --prefix .cache/axe axe-core@4.14.1` (CI does) or set AXE_JS"),
]


def run_axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG A/AA violations on the page as it is now."""
    assert AXE is not None
    return browser.run_axe(page, AXE)


def test_every_page_type_in_the_sample_is_found(built: Path) -> None:
    missing = [kind for kind, url in page_types(built).items() if url is None]
    # Courses, forms, results and summaries come with their own content; the rest must be there.
    assert set(missing) <= {"kursliste", "kursside", "evalueringsskjema", "resultater", "kunnskapsoppsummering"}, missing
    if missing:
        print("Ikke testbare sidetyper i utvalget:", ", ".join(missing))


# The page types are loaded once per palette and width (the visits_* fixtures, tests/browser.py); the
# tests below read what those loads found (tests/conftest.py: VISIT_PASSES names them).


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_any_page_type(request: pytest.FixtureRequest, built: Path, scheme: str) -> None:
    visits = request.getfixturevalue(f"visits_{scheme}")
    assert [kind for kind, _ in checkable(built)] == list(visits)
    expected = "slate" if scheme == "dark" else "default"
    for kind, visit in visits.items():
        assert visit.scheme == expected, kind
    found = {f"{kind} (/{visit.url})": visit.axe for kind, visit in visits.items() if visit.axe}
    assert found == {}


def test_one_h1_a_skip_link_and_norwegian_on_every_page_type(visits_light, built: Path) -> None:  # type: ignore[no-untyped-def]
    visits = visits_light
    assert [kind for kind, _ in checkable(built)] == list(visits)
    for kind, visit in visits.items():
        assert visit.h1 == 1, kind
        assert visit.lang == "nb", kind
        assert visit.title.strip(), kind
        if kind != "404":  # MkDocs renders 404.html without a page, so Material writes no skip link
            assert visit.skip_links == 1, kind


def test_skip_link_is_first_and_focus_is_visible(site_session) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    page = b.new_page()
    page.goto(base + "diagnoser/marfans-syndrom/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Gå til innhold"
    for _ in range(3):
        page.keyboard.press("Tab")
        style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
        assert style[0] != "none" and style[1] >= 2, style
    page.close()


def test_usable_at_320_px_without_sideways_scrolling(visits_320, built: Path) -> None:  # type: ignore[no-untyped-def]
    visits = visits_320
    assert [kind for kind, _ in checkable(built) if kind != "søk med treff"] == list(visits)
    wide = {kind: visit.scroll_width for kind, visit in visits.items() if visit.scroll_width > 320}
    assert wide == {}


def test_no_axe_violations_at_320_px(visits_320) -> None:  # type: ignore[no-untyped-def]
    """At 400 % zoom wide tables scroll inside their box: the box must be reachable by keyboard
    (axe «scrollable-region-focusable»), and nothing else may break."""
    visits = visits_320
    scrolling = sum(visit.scrolling_tables for visit in visits.values())
    found = {f"{kind} (/{visit.url})": visit.axe for kind, visit in visits.items() if visit.axe}
    assert scrolling > 0, "no table scrolls at 320 px: the test would prove nothing"
    assert found == {}


def test_coverage_table_sorts_with_the_script_and_announces_it(site_session) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    page = b.new_page()
    page.goto(base + "dekning/")
    table = page.locator("#tabell-klassifikasjoner")
    first = table.locator("tbody tr th").first.inner_text()
    table.get_by_role("button", name="Klassifikasjon").click()
    assert table.locator("thead th").first.get_attribute("aria-sort") == "ascending"
    names = table.locator("tbody tr th").all_inner_texts()
    assert names == sorted(names, key=str.lower) and names[0] != first or len(names) == 1
    assert "Sortert etter Klassifikasjon" in page.locator("#tabell-klassifikasjoner-status").inner_text()
    page.close()


def test_404_page_is_norwegian_and_searches(site_session) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    page = b.new_page()
    page.goto(base + "404.html")
    assert page.locator("h1").inner_text() == "Fant ikke siden"
    page.get_by_label("Søk etter en diagnose, ORPHA-kode eller ICD-10-kode:").fill("marfan")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.wait_for_url(re.compile(r"\?q=marfan"))
    page.close()


def test_accessibility_statement_says_how_to_report_a_fault() -> None:
    text = (ROOT / "docs/tilgjengelighet.md").read_text(encoding="utf-8")
    for needed in ("WCAG 2.1", "Meld fra", "uustatus.no", "800 41 710", "Sist vurdert"):
        assert needed in text, needed
