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

from tests.browser import CHROMIUM
from tests.conftest import ROOT

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_path() -> Path | None:
    candidates = []
    if os.environ.get("AXE_JS"):
        given = Path(os.environ["AXE_JS"])
        candidates += [given, given / "node_modules/axe-core/axe.min.js", given / "axe.min.js"]
    candidates.append(ROOT / ".cache/axe/node_modules/axe-core/axe.min.js")
    return next((p for p in candidates if p.is_file()), None)


AXE = axe_path()
pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.skipif(AXE is None, reason="axe-core is not installed: run `npm install --prefix .cache/axe axe-core@4.14.1` (CI does) or set AXE_JS"),
]


def _first(site: Path, pattern: str, keep=lambda html: True) -> str | None:  # type: ignore[no-untyped-def]
    for path in sorted(site.glob(pattern)):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in html and keep(html):
            return path.parent.relative_to(site).as_posix() + "/"
    return None


def page_types(site: Path) -> dict[str, str | None]:
    """One URL per page type, found in the built sample; None where the sample has none."""
    course = _first(site, "kurs/*/index.html", lambda html: '"Event"' in html or '"Course"' in html)
    return {
        "forside": "",
        "A–Å": "diagnoser/",
        "diagnose": "diagnoser/marfans-syndrom/",
        "ORPHA-side": _first(site, "orpha/*/index.html"),
        "undertype med brødsmuler": "orpha/216796/" if (site / "orpha/216796/index.html").is_file() else None,
        "diagnosegruppe": "grupper/284993/",
        "gruppeliste": "grupper/",
        "kursliste": "kurs/" if (site / "kurs/index.html").is_file() else None,
        "kursside": course,
        "evalueringsskjema": _first(site, "kurs/*/evaluering/index.html"),
        "resultater": _first(site, "kurs/*/resultater/index.html"),
        "kunnskapsoppsummering": _first(site, "**/kunnskapsoppsummering/index.html"),
        "dekningskart": "dekning/",
        "åpne data": "api/",
        "tilgjengelighet": "tilgjengelighet/",
        "ordliste": "ordliste/",
        "kunnskapsliste": "kunnskap/",
        "ny diagnose": "start-her/",
        "redaktørveiledning": "redaktor/felt/",
        "404": "404.html",
        "søk med treff": "",  # the home page with the search dialog open and results shown
    }


def checkable(site: Path) -> list[tuple[str, str]]:
    return [(kind, url) for kind, url in page_types(site).items() if url is not None]



def open_search(page, query: str = "marfan") -> None:  # type: ignore[no-untyped-def]
    toggle = page.locator("label.md-header__button[for='__search']").first
    field = page.locator("input.md-search__input")
    (toggle if toggle.is_visible() else field).click()  # phones: a button; wider screens: the field
    field.press_sequentially(query, delay=30)  # Material searches on keyup, not on input
    page.locator(".md-search-result__link").first.wait_for(timeout=15_000)


def run_axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
        " target: v.nodes[0].target.join(' '), summary: v.nodes[0].failureSummary})))",
        AXE_TAGS,
    )


def test_every_page_type_in_the_sample_is_found(built: Path) -> None:
    missing = [kind for kind, url in page_types(built).items() if url is None]
    # Courses, forms, results and summaries come with their own content; the rest must be there.
    assert set(missing) <= {"kursliste", "kursside", "evalueringsskjema", "resultater", "kunnskapsoppsummering"}, missing
    if missing:
        print("Ikke testbare sidetyper i utvalget:", ", ".join(missing))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_any_page_type(site_session, built: Path, scheme: str) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    context = b.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    found: dict[str, list[dict]] = {}
    try:
        for kind, url in checkable(built):
            page = context.new_page()
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            expected = "slate" if scheme == "dark" else "default"
            assert page.get_attribute("body", "data-md-color-scheme") == expected, kind
            if kind == "søk med treff":
                open_search(page)
            violations = run_axe(page)
            if violations:
                found[f"{kind} (/{url})"] = violations
            page.close()
    finally:
        context.close()
    assert found == {}


def test_one_h1_a_skip_link_and_norwegian_on_every_page_type(site_session, built: Path) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    for kind, url in checkable(built):
        page = b.new_page()
        page.goto(base + url)
        assert page.locator("h1").count() == 1, kind
        assert page.get_attribute("html", "lang") == "nb", kind
        assert page.title().strip(), kind
        if kind != "404":  # MkDocs renders 404.html without a page, so Material writes no skip link
            assert page.locator("a.md-skip").count() == 1, kind
        page.close()


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


def test_usable_at_320_px_without_sideways_scrolling(site_session, built: Path) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    context = b.new_context(viewport={"width": 320, "height": 640})
    wide = {}
    for kind, url in checkable(built):
        if kind == "søk med treff":
            continue
        page = context.new_page()
        page.goto(base + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[kind] = width
        page.close()
    context.close()
    assert wide == {}


def test_no_axe_violations_at_320_px(site_session, built: Path) -> None:  # type: ignore[no-untyped-def]
    """At 400 % zoom wide tables scroll inside their box: the box must be reachable by keyboard
    (axe «scrollable-region-focusable»), and nothing else may break."""
    base, b = site_session
    context = b.new_context(viewport={"width": 320, "height": 640})
    found: dict[str, list[dict]] = {}
    scrolling = 0
    try:
        for kind, url in checkable(built):
            if kind == "søk med treff":
                continue
            page = context.new_page()
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            scrolling += page.evaluate("[...document.querySelectorAll('.md-typeset__scrollwrap')].filter(e => e.scrollWidth > e.clientWidth).length")
            violations = run_axe(page)
            if violations:
                found[f"{kind} (/{url})"] = violations
            page.close()
    finally:
        context.close()
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
