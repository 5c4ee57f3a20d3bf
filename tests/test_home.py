"""The front page (derived/home.py): which courses it shows, from the one `today`."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from build_tools.derived.home import next_courses


def _course(name: str, end: date, status: str = "åpen") -> SimpleNamespace:
    return SimpleNamespace(name=name, meta=SimpleNamespace(status=status), upcoming=lambda today: end >= today)


def test_the_front_page_shows_the_next_three_courses_that_are_not_over_or_cancelled() -> None:
    today = date(2026, 11, 26)
    courses = [
        _course("over", date(2026, 11, 25)),
        _course("today", today),
        _course("cancelled", date(2027, 1, 1), "avlyst"),
        _course("full", date(2027, 2, 1), "fullt"),
        _course("next", date(2027, 3, 1)),
        _course("later", date(2027, 4, 1)),
    ]
    site = SimpleNamespace(courses=courses)
    assert [c.name for c in next_courses(site, today)] == ["today", "full", "next"]  # type: ignore[arg-type]
    assert [c.name for c in next_courses(site, date(2027, 3, 2))] == ["later"]  # type: ignore[arg-type]


def test_the_menu_has_six_reader_tabs_and_the_rest_stays_in_the_sitemap(built) -> None:  # type: ignore[no-untyped-def]
    import re

    home = (built / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*</a>', home)
    assert tabs == ["Hjem", "Diagnoser A–Å", "Diagnosegrupper", "Kurs", "Kunnskap", "Om oss"]
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("redaktor/", "redaktor/felt/", "api/", "dekning/", "tilgjengelighet/", "ordliste/", "kunnskap/", "start-her/"):
        assert f"<loc>https://sjelden.no/{url}</loc>" in sitemap, url
    footer = home.split('class="sjelden-footer-links"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="([^"]+)"', footer) == ["tilgjengelighet/", "ordliste/", "api/", "dekning/", "redaktor/"]
