"""iCalendar and Atom: parsed with standard libraries, right local times across daylight saving."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import icalendar
import pytest
import yaml

from build_tools.core.settings import Settings
from build_tools.kinds.courses import calendar
from build_tools.kinds.courses.pages import pages as render_courses
from build_tools.pipeline import load_site
from tests.test_courses import course_project

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> dict[str, bytes]:
    root = course_project(tmp_path_factory.mktemp("cal"), small_orphanet, "course_valid")
    settings = Settings(root=root)
    return render_courses(load_site(settings, TODAY), settings, TODAY)


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendar_parses_and_shows_local_times_across_the_dst_change(files: dict[str, bytes]) -> None:
    found = events(files["kurs/kalender.ics"])
    winter = found["kurs-vinterkurs@sjelden.no"].decoded("DTSTART")
    summer = found["kurs-sommerkurs@sjelden.no"].decoded("DTSTART")
    assert (winter.hour, winter.utcoffset()) == (9, timedelta(hours=1))
    assert (summer.hour, summer.utcoffset()) == (9, timedelta(hours=2))
    assert winter.astimezone(datetime.now().astimezone().tzinfo).utcoffset() is not None
    assert str(winter.tzinfo) in {"Europe/Oslo"} or winter.tzname() == "CET"
    assert summer.tzname() == "CEST"


def test_cancelled_courses_are_cancelled_and_uids_are_stable(files: dict[str, bytes]) -> None:
    found = events(files["kurs/kalender.ics"])
    assert str(found["kurs-avlyst-kurs@sjelden.no"]["STATUS"]) == "CANCELLED"
    assert str(found["kurs-vinterkurs@sjelden.no"]["STATUS"]) == "CONFIRMED"
    text = files["kurs/kalender.ics"].decode("utf-8")
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo" in text
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_one_calendar_per_target_group(files: dict[str, bytes]) -> None:
    assert set(events(files["kurs/kalender-kommune.ics"])) == {"kurs-sommerkurs@sjelden.no"}
    assert "kurs-avlyst-kurs@sjelden.no" in events(files["kurs/kalender-parorende.ics"])
    assert events(files["kurs/kalender-barnehage-skole.ics"]) == {}


def test_output_is_deterministic(files: dict[str, bytes], tmp_path: Path, small_orphanet: Path) -> None:
    root = course_project(tmp_path, small_orphanet, "course_valid")
    settings = Settings(root=root)
    again = render_courses(load_site(settings, TODAY), settings, TODAY)
    assert again["kurs/kalender.ics"] == files["kurs/kalender.ics"] and again["kurs/feed.xml"] == files["kurs/feed.xml"]


def test_one_calendar_per_organiser_type(files: dict[str, bytes]) -> None:
    """Issue 14 (6): competence centres, learning-and-coping centres, patient organisations, municipalities."""
    assert set(events(files["kurs/kalender-arrangor-lms.ics"])) == {"kurs-fullt-kurs@sjelden.no"}
    assert "kurs-vinterkurs@sjelden.no" in events(files["kurs/kalender-arrangor-kompetansesenter.ics"])
    assert events(files["kurs/kalender-arrangor-pasientorganisasjon.ics"]) == {} == events(files["kurs/kalender-arrangor-kommune.ics"])
    full = events(files["kurs/kalender.ics"])["kurs-fullt-kurs@sjelden.no"]
    assert [str(c) for c in full["CATEGORIES"].cats] == ["Kurs", "Lærings- og mestringssenter (sykehus)"]
    assert "Arrangør: Lærings- og mestringssenteret, Testsykehuset (lærings- og mestringssenter (sykehus))." in str(full["DESCRIPTION"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(files["kurs/feed.xml"])
    entry = next(e for e in feed.findall("a:entry", ns) if e.findtext("a:title", namespaces=ns) == "Fullt kurs")
    assert [c.get("term") for c in entry.findall("a:category", ns)] == ["kurs", "arrangor-lms"]


def test_atom_feed_lists_new_and_changed_courses(files: dict[str, bytes]) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(files["kurs/feed.xml"])
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert "Avlyst: Avlyst kurs" in titles and len(titles) == 5
    assert feed.findtext("a:updated", namespaces=ns) == "2026-01-10T00:00:00Z"


def test_text_is_escaped_and_folded() -> None:
    assert calendar.ical_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = calendar.fold("DESCRIPTION:" + "æ" * 80)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "æ" * 80


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> tuple[Any, dict[str, bytes]]:
    """The valid courses with «Sommerkurs» marked as example content: (joined site, files under kurs/)."""
    root = course_project(tmp_path_factory.mktemp("example"), small_orphanet, "course_valid")
    path = root / "courses/2027/sommerkurs.yml"
    path.write_text(path.read_text(encoding="utf-8") + "eksempeltekst: true\n", encoding="utf-8")
    settings = Settings(root=root)
    site = load_site(settings, TODAY)
    return site, render_courses(site, settings, TODAY)


def test_an_example_course_is_marked_in_every_calendar_and_the_feed(example_site: tuple[Any, dict[str, bytes]]) -> None:
    _, out = example_site
    marked = 0
    for name, data in out.items():
        if not name.endswith(".ics"):
            continue
        for uid, event in events(data).items():
            summary = str(event["SUMMARY"])
            assert summary.startswith("[Eksempel] ") == (uid == "kurs-sommerkurs@sjelden.no"), (name, summary)
            marked += uid == "kurs-sommerkurs@sjelden.no"
    assert marked == 3  # kalender.ics, the calendar of its one target group (kommune) and of its organiser type
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(out["kurs/feed.xml"])
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert [t for t in titles if t.startswith("[Eksempel]")] == ["[Eksempel] Sommerkurs"]


def test_an_example_course_is_marked_in_its_jsonld(example_site: tuple[Any, dict[str, bytes]]) -> None:
    _, out = example_site
    data = _jsonld(out["kurs/sommerkurs/index.md"])
    assert data["creativeWorkStatus"] == "Eksempeltekst" and data["name"] == "[Eksempel] Sommerkurs"
    assert "creativeWorkStatus" not in _jsonld(out["kurs/vinterkurs/index.md"])


def test_a_course_that_is_over_is_not_open_for_registration(files: dict[str, bytes]) -> None:
    page = files["kurs/tidligere-kurs/index.md"].decode("utf-8")  # status: åpen, held 2026-03-10
    assert "Kurset er holdt" in page
    assert "Åpen for påmelding" not in page and "**Status:** Avsluttet" in page
    data = _jsonld(files["kurs/tidligere-kurs/index.md"])
    assert data["offers"]["availability"] == "https://schema.org/Discontinued"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert _jsonld(files["kurs/vinterkurs/index.md"])["offers"]["availability"] == "https://schema.org/InStock"


def _jsonld(page: bytes) -> dict[str, Any]:
    front = yaml.safe_load(page.decode("utf-8").split("---\n", 2)[1])
    return front["jsonld"]
