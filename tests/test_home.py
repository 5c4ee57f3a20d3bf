"""The front page (derived/home.py): which courses it shows, from the one `today`."""

from __future__ import annotations

from datetime import date, datetime

from build_tools.derived.home import next_courses
from build_tools.kinds.courses.model import Course, CourseList
from tests.factories import course


def _course(name: str, day: date, status: str = "åpen") -> Course:
    return course(name, datetime(day.year, day.month, day.day, 9, 0), status=status)


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
    listed = CourseList(courses[::-1], {}, today, {})  # sorted by start, as the build keeps them
    assert [c.slug for c in next_courses(listed, today)] == ["today", "full", "next"]
    assert [c.slug for c in next_courses(listed, date(2027, 3, 2))] == ["later"]


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
