"""The built site in headless Chromium: pages load, nothing leaves 127.0.0.1, reading works on a phone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import CHROMIUM

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install chromium)")

PAGES = ["", "diagnoser/", "diagnoser/marfans-syndrom/", "diagnoser/fenylketonuri/", "grupper/", "grupper/284993/", "om/", "kontakt/", "tilgjengelighet/", "ordliste/", "kunnskap/", "start-her/"]



def test_pages_load_and_request_nothing_from_other_origins(site_session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    for path in PAGES:
        page = b.new_page(viewport={"width": 390, "height": 844})
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        response = page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert response is not None and response.status == 200, path
        assert [u for u in requests if not u.startswith(base)] == [], path
        assert page.locator("h1").count() == 1, path
        assert page.get_attribute("html", "lang") == "nb"
        assert page.context.cookies() == []
        page.screenshot(path=str(tmp_path / f"{path.strip('/').replace('/', '_') or 'home'}.png"))
        page.close()


def test_orpha_url_of_an_authored_diagnosis_leads_to_it(site_session) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    page = b.new_page()
    page.goto(base + "orpha/558/")
    page.wait_for_url(base + "diagnoser/marfans-syndrom/")
    assert page.locator("h1").inner_text() == "Marfans syndrom"
    page.close()


def test_a_reader_follows_a_to_aa_to_a_diagnosis_and_on_to_its_group(site_session) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    page = b.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "diagnoser/")
    page.get_by_role("link", name="Føllings sykdom").click()
    assert page.locator("h1").inner_text() == "Fenylketonuri (PKU)"
    assert page.get_by_text("Eksempeltekst").first.is_visible()
    page.get_by_role("link", name="ORPHA:716").first.wait_for()
    group_link = page.locator(".admonition.info a[href*='grupper/']").first
    group_name = group_link.inner_text()
    group_link.click()
    assert page.locator("h1").inner_text() == group_name
    assert page.get_by_role("link", name="Fenylketonuri (PKU)").count() >= 1
    page.close()


# The widest the page has been, sampled on every frame from the first paint on: a page that is
# wider than the phone for a single frame (issue 25: Material's growing search overlay) fails.
WIDEST = """window.__widest = 0; (function tick() {
  if (document.documentElement) window.__widest = Math.max(window.__widest, document.documentElement.scrollWidth);
  requestAnimationFrame(tick);
})();"""
OVERLAY_SETTLED = """() => { const o = document.querySelector('label.md-search__overlay');
  return o !== null && getComputedStyle(o).transform === 'matrix(45, 0, 0, 45, 0, 0)'; }"""


def test_the_front_page_search_field_finds_marfan_on_a_phone(site_session) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    context = b.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(WIDEST)
    page = context.new_page()
    page.goto(base)
    field = page.get_by_label("Søk etter diagnose, ORPHA-kode, ICD-10 eller gen")
    box = field.bounding_box()
    assert field.is_visible() and box is not None and box["y"] + box["height"] < 844  # on the first screen, no menu to open
    field.fill("marfan")
    field.press("Enter")
    page.wait_for_url("**/diagnoser/?q=marfan")
    result = page.locator(".md-search-result__link").first
    result.wait_for(timeout=15_000)
    assert "Marfan" in result.inner_text()
    # The overlay grows to its full size (a state the reader sees settle) without widening the page on any frame.
    page.wait_for_function(OVERLAY_SETTLED)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("window.__widest") <= 390
    context.close()


def test_the_menu_is_for_readers_and_the_footer_reaches_the_rest(site_session) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    page = b.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base)
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert 0 < len(tabs) <= 6, tabs
    assert not {"For redaktører", "Åpne data", "Dekningskart", "Tilgjengelighet"} & {t.strip() for t in tabs}
    footer = page.locator("footer .sjelden-footer-links")
    for name, heading in [("Tilgjengelighetserklæring", "Tilgjengelighet"), ("Ordliste", "Ordliste"), ("Åpne data", None), ("Dekningskart", None), ("For redaktører", "Redaktørveiledning")]:
        page.goto(base)
        footer.get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state()
        h1 = page.locator("h1").inner_text()
        assert page.locator("h1").count() == 1 and (heading is None or heading in h1), (name, h1)
    # The editor guide links its own pages to each other.
    guide = page.get_by_role("navigation", name="Redaktørveiledningen")
    guide.get_by_role("link", name="Alle felt").click()
    assert page.locator("h1").inner_text() == "Alle felt"
    assert page.get_by_role("navigation", name="Redaktørveiledningen").get_by_role("link", name="Alle felt").get_attribute("aria-current") == "page"
    page.close()


def test_a_glossary_link_in_a_fact_box_leads_to_its_explanation(site_session) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    page = b.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "diagnoser/marfans-syndrom/")
    page.locator(".admonition.info").get_by_role("link", name="autosomal dominant").click()
    page.wait_for_url("**/ordliste/#autosomal-dominant")
    heading = page.locator("h3#autosomal-dominant")
    assert heading.inner_text() == "autosomal dominant" and heading.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()
