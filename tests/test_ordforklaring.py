"""Glossary words explained where they stand, in the browser (issue 24): on the built Marfan, Rett
and CF pages at least three words in the running text carry an explanation a reader can open by
keyboard and by touch at 390 px, and the page stays free of axe violations with it open."""

from __future__ import annotations

import os

import pytest

from tests.browser import CHROMIUM
from tests.test_accessibility import AXE, run_axe

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install chromium)")

PAGES = ["diagnoser/marfans-syndrom/", "diagnoser/retts-syndrom/", "diagnoser/cystisk-fibrose/"]
WORDS = ".md-content p button.sjelden-ord__ord, .md-content li button.sjelden-ord__ord"


@pytest.mark.parametrize("url", PAGES)
def test_three_glossary_words_open_by_keyboard_and_touch_on_a_phone(site_session, url: str) -> None:  # type: ignore[no-untyped-def]
    base, b = site_session
    context = b.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(base + url)
        words = page.locator(WORDS)
        assert words.count() >= 3
        for i in range(3):
            word = words.nth(i)
            panel = page.locator("#" + word.get_attribute("aria-controls"))
            assert word.get_attribute("aria-expanded") == "false" and panel.is_hidden()
            # A screen reader hears the explanation as the button's description, before it is opened.
            assert word.evaluate("b => document.getElementById(b.getAttribute('aria-describedby')).textContent.trim().length") > 20
            assert panel.locator("a[href*='ordliste/#']").count() == 1

        # Keyboard: Tab until the first word has focus, then Enter opens and Escape closes it.
        first = words.nth(0)
        for _ in range(300):
            page.keyboard.press("Tab")
            if first.evaluate("b => b === document.activeElement"):
                break
        else:
            pytest.fail("the first explained word cannot be reached with Tab")
        page.keyboard.press("Enter")
        panel = page.locator("#" + first.get_attribute("aria-controls"))
        assert first.get_attribute("aria-expanded") == "true" and panel.is_visible()
        page.keyboard.press("Tab")  # on to the link to the glossary inside the explanation
        assert page.evaluate("document.activeElement.closest('.sjelden-ord__forklaring') !== null")
        page.keyboard.press("Escape")
        assert first.get_attribute("aria-expanded") == "false" and panel.is_hidden()

        # Touch: a tap on the second word opens it, a second tap closes it.
        second = words.nth(1)
        second.tap()
        assert second.get_attribute("aria-expanded") == "true"
        assert page.locator("#" + second.get_attribute("aria-controls")).is_visible()
        if AXE is not None:
            assert run_axe(page) == []
        second.tap()
        assert second.get_attribute("aria-expanded") == "false"
    finally:
        context.close()
