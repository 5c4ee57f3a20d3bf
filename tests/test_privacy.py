"""Privacy in the built site: no request to any origin but the site's own, on any page type and
while searching; no cookies; no hints that open connections to third parties."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, checkable

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install chromium)"),
]



def test_every_page_type_requests_only_its_own_origin_and_sets_no_cookies(visits_light, built: Path) -> None:  # type: ignore[no-untyped-def]
    """Each page type on a first visit, in a fresh context with nothing cached (the "light" loads of
    the visits_light fixture); the search page type with its results shown."""
    visits = visits_light
    assert [kind for kind, _ in checkable(built)] == list(visits)
    foreign: dict[str, list[str]] = {}
    for kind, visit in visits.items():
        assert visit.requests and visit.requests[0] == visit.base + visit.url, kind
        others = [u for u in visit.requests if not u.startswith(visit.base) and not u.startswith("data:")]
        if others:
            foreign[kind] = others
        assert visit.cookies == [], kind
        assert visit.document_cookie == "", kind
    assert foreign == {}


def test_no_page_names_a_third_party_to_fetch_from(built: Path) -> None:
    """Static check over every HTML file: nothing is loaded from, or preconnected to, another host."""
    fetch = re.compile(r'<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc="(?:https?:)?//|<link\b[^>]*\brel="(?:stylesheet|preconnect|dns-prefetch|preload|prefetch|modulepreload|icon)"[^>]*\bhref="(?:https?:)?//')
    offenders = []
    for path in built.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if fetch.search(html):
            offenders.append(path.relative_to(built).as_posix())
    assert offenders == []


def test_stylesheets_fetch_no_fonts_or_images_from_elsewhere(built: Path) -> None:
    offenders = []
    for path in built.rglob("*.css"):
        css = path.read_text(encoding="utf-8")
        if re.search(r"url\(\s*['\"]?(?:https?:)?//", css) or re.search(r"@import\s+(?:url\()?['\"]?(?:https?:)?//", css):
            offenders.append(path.relative_to(built).as_posix())
    assert offenders == []
