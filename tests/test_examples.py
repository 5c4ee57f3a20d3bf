"""Example content never passes as real (issue 20, point 4), in both states of the switch.

A small project: the valid Marfan page (an example), the valid courses with «Vinterkurs» (upcoming,
with a sign-up address) and «Tidligere kurs» (held in 2026) marked as examples. With the examples
and `example_notice` on, every page carries the site-wide notice, every list marks each example, the
front page claims no reliability; with the setting off, or with real content only, none of it shows.
An example course never links to a sign-up, whatever the setting: it does not exist.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
import yaml

from build_tools.core.settings import Settings, read_settings
from build_tools.derived.home import EXAMPLES_FLAG, shows_examples
from build_tools.export import exported_config
from build_tools.kinds.site import Site
from build_tools.pipeline import load_site, render_site
from tests.conftest import TODAY, mkdocs_build
from tests.test_courses import course_project

SIGN_UP = "https://arrangor.example.org/pamelding"
LEAD = "Kortfattet og pålitelig informasjon"
NOTICE = "<strong>Eksempelinnhold.</strong>"


def _project(tmp: Path, small_orphanet: Path, examples: bool) -> Path:
    root = course_project(tmp, small_orphanet, "course_valid")
    for name in ("2027/vinterkurs.yml", "2026/tidligere-kurs.yml"):
        path = root / "courses" / name
        path.write_text(path.read_text(encoding="utf-8") + f"påmelding: {SIGN_UP}\n" + ("eksempeltekst: true\n" if examples else ""), encoding="utf-8")
    page = root / "diagnoses/marfans-syndrom/index.md"
    if not examples:
        page.write_text(page.read_text(encoding="utf-8").replace("eksempeltekst: true\n", ""), encoding="utf-8")
        summer = root / "courses/2027/sommerkurs.yml"  # a real course with a waitlist
        summer.write_text(summer.read_text(encoding="utf-8").replace("status: åpen", "status: venteliste") + f"påmelding: {SIGN_UP}\n", encoding="utf-8")
    # The small project builds every catalogue page it has: a handful of codes.
    return root


def _render(root: Path, notice: bool = True) -> tuple[Site, Settings, dict[str, str]]:
    settings = dataclasses.replace(read_settings(root), example_notice=notice)
    site = load_site(settings, TODAY)
    files = render_site(site, settings, TODAY, search=False)
    return site, settings, {k: v.decode("utf-8") for k, v in files.items() if k.endswith((".md", ".json", ".csv", ".ics", ".xml"))}


@pytest.fixture(scope="module")
def with_examples(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> Path:
    return _project(tmp_path_factory.mktemp("examples"), small_orphanet, examples=True)


@pytest.fixture(scope="module")
def without_examples(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> Path:
    return _project(tmp_path_factory.mktemp("real"), small_orphanet, examples=False)


def _group_with_marfan(pages: dict[str, str]) -> str:
    return next(text for rel, text in pages.items() if rel.startswith("grupper/") and rel != "grupper/index.md" and "(../../diagnoser/marfans-syndrom/)" in text)


def test_every_list_marks_each_example(with_examples: Path) -> None:
    site, settings, pages = _render(with_examples)
    assert shows_examples(site, settings) and site.example_count() == 3
    assert "- [Marfans syndrom](marfans-syndrom/) (eksempel)" in pages["diagnoser/index.md"]
    assert "- [Marfans syndrom](../../diagnoser/marfans-syndrom/) (eksempel)" in _group_with_marfan(pages)
    listing = pages["kurs/index.md"]
    item = next(li for li in listing.split("<li ")[1:] if "Vinterkurs" in li)
    assert '<strong>Vinterkurs</strong></a> <span class="sjelden-example-mark">(eksempel)</span>' in item
    assert "Eksempel, ingen påmelding" in item and 'data-eksempel="ja"' in item
    assert "- [Tidligere kurs](tidligere-kurs/) (eksempel) (kurs, 10. mars 2026)" in listing
    assert "1 av kursene i listen er eksempler som ikke finnes" in listing
    for rel, text in pages.items():  # every filter page that lists Vinterkurs marks it
        if rel.startswith("kurs/") and rel.count("/") >= 3 and "<strong>Vinterkurs</strong>" in text:
            assert "<strong>Vinterkurs</strong></a> <span class=\"sjelden-example-mark\">(eksempel)</span>" in text, rel
    assert "(eksempel)" in pages["diagnoser/marfans-syndrom/index.md"].split('id="kurs"', 1)[-1] or "Vinterkurs" not in pages["diagnoser/marfans-syndrom/index.md"]
    home = pages["index.md"]
    assert LEAD not in home and "er eksempler som viser hvordan nettstedet skal virke" in home
    assert "[Vinterkurs](kurs/vinterkurs/) (eksempel)" in home


def test_an_example_course_offers_no_sign_up_and_a_past_one_was_never_held(with_examples: Path) -> None:
    for notice in (True, False):
        _, _, pages = _render(with_examples, notice)
        upcoming = pages["kurs/vinterkurs/index.md"]
        assert "Meld deg på" not in upcoming and SIGN_UP not in upcoming
        assert "<strong>Ingen påmelding:</strong> dette kurset er et eksempel og finnes ikke." in upcoming
        assert "**Status:** Eksempel; kurset finnes ikke, og påmeldingen er ikke åpen" in upcoming
        jsonld = json.loads(upcoming.split("\n")[1])["jsonld"]
        assert "offers" not in jsonld and SIGN_UP not in json.dumps(jsonld)
        past = pages["kurs/tidligere-kurs/index.md"]
        assert "ble holdt" not in past and "Kurset er holdt" not in past
        assert ("ble aldri holdt" in past) is notice
        assert "<strong>Vinterkurs</strong>" not in pages["kurs/apne/index.md"]  # not open: it does not exist
        assert "<strong>Sommerkurs</strong>" in pages["kurs/apne/index.md"]  # a real open course is
    calendar = pages["kurs/kalender.ics"]
    event = calendar.split("UID:kurs-vinterkurs@sjelden.no", 1)[1].split("END:VEVENT", 1)[0]
    assert "STATUS:TENTATIVE" in event and "ORGANIZER" not in event and "påmelding" not in event.replace("ingen påmelding", "")


def test_exports_carry_the_mark(with_examples: Path) -> None:
    _, settings, pages = _render(with_examples)
    courses = {c["slug"]: c for c in json.loads(pages["api/courses.json"])["courses"]}
    assert courses["vinterkurs"]["eksempel"] is True and courses["sommerkurs"]["eksempel"] is False
    assert json.loads(pages["api/diagnoses.json"])["diagnoses"][0]["eksempel"] is True
    assert "[Eksempel] Vinterkurs" in pages["kurs/feed.xml"]
    config = yaml.safe_load(exported_config(settings, True).decode("utf-8"))
    assert config["extra"][EXAMPLES_FLAG] is True
    assert EXAMPLES_FLAG not in (yaml.safe_load(exported_config(settings, False).decode("utf-8")).get("extra") or {})


def test_the_setting_switches_every_mark_off(with_examples: Path) -> None:
    site, settings, pages = _render(with_examples, notice=False)
    assert not shows_examples(site, settings)
    lists = [pages[rel] for rel in ("index.md", "diagnoser/index.md", "kurs/index.md", "kunnskap/index.md")] + [_group_with_marfan(pages)]
    assert not any("(eksempel)" in text for text in lists)
    assert LEAD in pages["index.md"]


def test_real_content_needs_no_switch(without_examples: Path) -> None:
    site, settings, pages = _render(without_examples)
    assert site.example_count() == 0 and not shows_examples(site, settings)
    assert LEAD in pages["index.md"] and "(eksempel)" not in pages["diagnoser/index.md"] + pages["kurs/index.md"]
    assert f"[Meld deg på]({SIGN_UP})" in pages["kurs/vinterkurs/index.md"]
    assert "Kurset er holdt" in pages["kurs/tidligere-kurs/index.md"]


def _pages_with_notice(site: Path) -> tuple[list[str], list[str]]:
    html = sorted(p for p in site.rglob("*.html"))
    with_notice = [p.relative_to(site).as_posix() for p in html if NOTICE in p.read_text(encoding="utf-8")]
    return [p.relative_to(site).as_posix() for p in html], with_notice


def test_every_built_page_carries_the_notice_and_none_without_examples(with_examples: Path, without_examples: Path) -> None:
    """Through MkDocs and the template overrides: every HTML page of every type (front page, lists,
    diagnosis, catalogue, group, course, results, redirects, hand-written pages, 404)."""
    for root, expected in ((with_examples, True), (without_examples, False)):
        result = mkdocs_build(root)
        assert result.returncode == 0, result.stderr[-2000:]
        pages, noticed = _pages_with_notice(root / "site")
        kinds = {re.sub(r"/.*", "", rel) for rel in pages}
        assert {"index.html", "404.html", "diagnoser", "orpha", "grupper", "kurs", "ordliste", "start-her", "dekning"} <= kinds
        assert any(rel.startswith("orpha/") and "http-equiv=\"refresh\"" in (root / "site" / rel).read_text(encoding="utf-8") for rel in pages)
        assert noticed == (pages if expected else []), set(pages) ^ set(noticed)


def test_open_means_sign_up_is_open_and_planned_never_counts_a_cancelled_course(without_examples: Path) -> None:
    """Issue 20.5: a waitlisted course is not «open» (it has its own sign-up to the waitlist), a full
    or cancelled one neither, and «N kurs er planlagt» leaves the cancelled one out."""
    _, _, pages = _render(without_examples)
    open_page = pages["kurs/apne/index.md"]
    assert "<strong>Vinterkurs</strong>" in open_page
    for title in ("Sommerkurs", "Fullt kurs", "Avlyst kurs"):
        assert f"<strong>{title}</strong>" not in open_page, title
    summer = pages["kurs/sommerkurs/index.md"]
    assert f"[Sett deg på venteliste]({SIGN_UP})" in summer and "Meld deg på" not in summer
    listing = pages["kurs/index.md"]
    upcoming = listing.split('id="sjelden-upcoming"', 1)[1].split("</ul>", 1)[0]
    assert upcoming.count("<li ") == 4 and upcoming.count('data-avlyst="ja"') == 1
    assert '<p id="sjelden-course-count" role="status">3 kurs er planlagt, og 1 er avlyst.</p>' in listing
    assert "Åpen for påmelding (1)" in listing  # the filter link counts Vinterkurs only


def test_the_real_open_list_has_no_waitlisted_or_example_course() -> None:
    """The bundled content: every course is an example, so none is open, and /kurs/apne/ says so
    (before issue 20 it listed the waitlisted Marfan course)."""
    from build_tools.kinds.courses.pages import pages as render_courses
    from tests.conftest import ROOT

    settings = read_settings(ROOT)
    site = load_site(settings, TODAY)
    assert any(c.meta.status == "venteliste" for c in site.courses)
    page = render_courses(site, settings, TODAY)["kurs/apne/index.md"].decode("utf-8")
    assert "0 kurs passer filteret." in page and "<li " not in page
