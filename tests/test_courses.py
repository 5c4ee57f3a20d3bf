"""Courses: exact check messages, the built /kurs/ pages, and the filters in headless Chromium."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import (
    FIXTURES,
    ROOT,
    TODAY_EPOCH,  # noqa: E402
    make_project,
    mkdocs_build,
    sjelden,
)
from tests.factories import course

CASES = {
    "course_end_before_start": ["courses/2027/kurs.yml:12: slutt: kurset slutter før det starter; rett «start» eller «slutt»"],
    "course_deadline_after_start": ["courses/2027/kurs.yml:15: påmeldingsfrist: fristen er etter at kurset starter; sett en dato før «start»"],
    "course_unknown_references": [
        "courses/2027/kurs.yml:2: arrangør: ukjent arrangør «tsr» (se data/centres.yml og data/arrangorer.yml); mente du «trs»?",
        "courses/2027/kurs.yml:5: diagnoser: ORPHA:99999999 finnes ikke i Orphanet-data (2025-12); sjekk koden på orpha.net",
        "courses/2027/kurs.yml:5: diagnoser: ukjent diagnose «marfan-syndrom»; mente du «marfans-syndrom»?",
        "courses/2027/kurs.yml:17: evaluering.skjema: ukjent skjema «standrd» (se courses/forms/); mente du «standard»?",
    ],
    "course_organisers_invalid": [
        "courses/2027/kurs.yml:2: arrangør: «eksempel-kommune» er en oppdiktet eksempelarrangør; bruk en ekte arrangør, eller merk kurset med «eksempeltekst: true»",
        "data/arrangorer.yml:1: trs: «trs» er allerede et kompetansesenter i data/centres.yml; gi arrangøren en annen id",
        "data/arrangorer.yml:8: foreningen.type: ugyldig verdi; gyldige er lms, pasientorganisasjon, kommune",
        "data/arrangorer.yml:12: lms-uten-kilde.kilde: mangler; oppgi adressen til organisasjonens egen side (https://...), eller sett «eksempel: true» for en oppdiktet eksempelarrangør",
    ],
    "course_bad_names": [
        "courses/2026/feil-ar.yml:17: tidsone: ukjent felt; gyldige felt er tittel, arrangør, type, målgrupper, diagnoser, mål, beskrivelse, program, start, slutt, gjennomføring, sted, opptak, påmeldingsfrist, pris, plasser, tilrettelegging, tilrettelegging_merknad, status, påmelding, kontakt, evaluering, rapport, publisert, endret, eksempeltekst",
        "courses/2027/Kurs_Med..Feil.yml: ugyldig filnavn; bruk <slug>.yml med små bokstaver a–z, tall og bindestrek (f.eks. familiekurs-marfan.yml)",
    ],
}


def course_project(tmp_path: Path, small_orphanet: Path, fixture: str) -> Path:
    root = make_project(tmp_path, small_orphanet, "valid")
    shutil.copytree(FIXTURES / "content" / fixture, root, dirs_exist_ok=True)
    return root


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return sjelden("--root", str(root), "check", env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_check_reports_course_problems_with_path_and_line(fixture: str, tmp_path: Path, small_orphanet: Path) -> None:
    result = run_check(course_project(tmp_path, small_orphanet, fixture))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[:-1] == CASES[fixture]
    assert lines[-1] == f"{len(CASES[fixture])} feil, 0 advarsler."


def test_a_time_in_the_spring_forward_gap_is_an_error(tmp_path: Path, small_orphanet: Path) -> None:
    root = course_project(tmp_path, small_orphanet, "course_valid")
    path = root / "courses/2027/vinterkurs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("2027-01-20 09:00", "2027-03-28 02:30").replace("2027-01-20 15:00", "2027-03-28 15:00").replace("påmeldingsfrist: 2027-01-05", "påmeldingsfrist: 2027-03-01"), encoding="utf-8")
    result = run_check(root)
    assert "courses/2027/vinterkurs.yml:11: start: klokkeslettet finnes ikke i Norge den dagen (overgang til sommertid, 02:00–03:00); velg et annet" in result.stderr


def test_a_course_by_another_centre_than_the_diagnosis_page_names_is_a_warning(tmp_path: Path, small_orphanet: Path) -> None:
    """Who is responsible: a course page and a diagnosis page must not name two centres (issue 13, point 7)."""
    root = course_project(tmp_path, small_orphanet, "course_valid")
    before = run_check(root)
    assert before.returncode == 0 and "arrangeres av" not in before.stdout + before.stderr
    path = root / "courses/2027/sommerkurs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("arrangør: trs", "arrangør: frambu"), encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 0  # a warning: the build goes on
    assert (
        "courses/2027/sommerkurs.yml:5: diagnoser: kurset arrangeres av «frambu», men diagnosesiden «marfans-syndrom» sier at «trs» "
        "har ansvaret for diagnosen; rett arrangøren, eller senteret på diagnosesiden"
    ) in result.stderr + result.stdout


def test_the_example_courses_agree_with_their_diagnosis_pages() -> None:
    result = sjelden("check", env={"SOURCE_DATE_EPOCH": TODAY_EPOCH}, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "arrangeres av" not in result.stderr + result.stdout


@pytest.fixture(scope="module")
def course_site(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> Path:
    root = course_project(tmp_path_factory.mktemp("kurs"), small_orphanet, "course_valid")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_past_courses_are_archived_not_upcoming(course_site: Path) -> None:
    html = article((course_site / "kurs/index.html").read_text(encoding="utf-8"))
    upcoming = html.split('id="kommende"', 1)[1].split('id="abonner"', 1)[0]
    archive = html.split('id="tidligere"', 1)[1]
    assert "Tidligere kurs" not in upcoming and "Vinterkurs" in upcoming
    assert "Tidligere kurs" in archive and 'id="ar-2026"' in archive
    assert upcoming.index("Vinterkurs") < upcoming.index("Avlyst kurs") < upcoming.index("Fullt kurs") < upcoming.index("Sommerkurs")


def test_course_page_carries_event_and_course_jsonld(course_site: Path) -> None:
    html = (course_site / "kurs/avlyst-kurs/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == ["Event", "Course"]
    assert data["startDate"] == "2027-04-01T09:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["provider"]["name"].startswith("TRS")
    assert "Kurset er avlyst" in html


def test_diagnosis_page_lists_courses_for_it_and_its_groups(course_site: Path) -> None:
    html = article((course_site / "diagnoser/marfans-syndrom/index.html").read_text(encoding="utf-8"))
    section = html.split('id="kurs"', 1)[1].split('id="hjelp"', 1)[0]
    for title in ("Vinterkurs", "Sommerkurs", "Fullt kurs"):  # by code, by slug, by the group 284993
        assert title in section
    assert "Tidligere kurs" not in section
    assert html.index('id="kurs"') < html.index('id="hjelp"')


def test_filter_pages_exist_as_plain_links(course_site: Path) -> None:
    page = article((course_site / "kurs/malgruppe/kommune/index.html").read_text(encoding="utf-8"))
    assert "Sommerkurs" in page and "Vinterkurs" not in page
    assert (course_site / "kurs/apne/index.html").is_file()
    assert (course_site / "kurs/arrangor/trs/index.html").is_file()


def test_the_organiser_type_is_shown_filtered_and_exported(tmp_path: Path, small_orphanet: Path) -> None:
    """Issue 14 (6): offers from a learning-and-coping centre (data/arrangorer.yml) beside the centres'."""
    from build_tools.core.settings import Settings
    from build_tools.derived.opendata import opendata_files
    from build_tools.kinds.courses.pages import pages as render_courses
    from build_tools.pipeline import load_site
    from tests.conftest import TODAY

    settings = Settings(root=course_project(tmp_path, small_orphanet, "course_valid"))
    site = load_site(settings, TODAY)
    pages = {k: v.decode("utf-8") for k, v in render_courses(site, settings, TODAY).items()}
    assert "- **Arrangør:** [Lærings- og mestringssenteret, Testsykehuset](https://lms.example.org/) (lærings- og mestringssenter (sykehus))" in pages["kurs/fullt-kurs/index.md"]
    assert "(kompetansesenter for sjeldne diagnoser)" in pages["kurs/vinterkurs/index.md"]
    listing = pages["kurs/index.md"]
    item = next(li for li in listing.split("<li ")[1:] if "Fullt kurs" in li)
    assert 'data-arrangortype="lms"' in item and "LMS Testsykehuset (lærings- og mestringssenter (sykehus))" in item
    assert 'href="arrangortype/lms/" data-filter="arrangortype" data-value="lms">Lærings- og mestringssentre på sykehus (1)</a>' in listing
    assert "lærings- og mestringstilbud på alle nivåer" in listing
    only = pages["kurs/arrangortype/lms/index.md"]
    assert "Fullt kurs" in only and "Vinterkurs" not in only
    assert "Vinterkurs" in pages["kurs/arrangortype/kompetansesenter/index.md"]
    lms = pages["kurs/kalender-arrangor-lms.ics"]
    assert lms.count("BEGIN:VEVENT") == 1 and "UID:kurs-fullt-kurs@sjelden.no" in lms
    unfolded = pages["kurs/kalender.ics"].replace("\r\n ", "")
    assert "CATEGORIES:Kurs,Lærings- og mestringssenter (sykehus)" in unfolded
    assert "Arrangør: Lærings- og mestringssenteret\\, Testsykehuset (lærings- og mestringssenter (sykehus))." in unfolded
    assert "](kalender-arrangor-pasientorganisasjon.ics)" in listing
    files = opendata_files(site)
    records = {c["slug"]: c for c in json.loads(files["api/courses.json"])["courses"]}
    assert records["fullt-kurs"]["organiser"] == {"id": "lms-test", "name": "Lærings- og mestringssenteret, Testsykehuset", "type": "lms", "url": "https://lms.example.org/"}
    assert records["fullt-kurs"]["centre"] is None
    assert records["vinterkurs"]["organiser"]["type"] == "kompetansesenter" and records["vinterkurs"]["centre"].startswith("TRS")
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(files["api/courses.csv"].decode("utf-8-sig")))}
    assert rows["fullt-kurs"]["arrangortype"] == "lms" and rows["vinterkurs"]["arrangortype"] == "kompetansesenter"


def test_evaluation_form_without_receiver_is_a_printable_paper_form(course_site: Path) -> None:
    html = article((course_site / "kurs/vinterkurs/evaluering/index.html").read_text(encoding="utf-8"))
    assert "<form" not in html and "Slik svarer du på papir" in html
    assert html.count("<fieldset") == html.count("<legend") == 5  # rolle, helhet, 2 programme items, anbefale
    assert 'name="program_1"' in html and 'name="program_3"' in html and 'name="program_2"' not in html  # lunch is not rated


def test_form_posts_to_the_receiver_set_in_mkdocs_yml(tmp_path: Path, small_orphanet: Path) -> None:
    root = course_project(tmp_path, small_orphanet, "course_valid")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - sjelden\n", "  - sjelden:\n      form_receiver: https://skjema.example.org/svar\n      orpha_pages: false\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    out = tmp_path / "pages"
    from build_tools.core.settings import Settings
    from build_tools.kinds.courses.pages import pages as render_courses
    from build_tools.pipeline import load_site
    from tests.conftest import TODAY

    settings = Settings(root=root, form_receiver="https://skjema.example.org/svar")
    site = load_site(settings, TODAY)
    pages = render_courses(site, settings, TODAY)
    text = pages["kurs/vinterkurs/evaluering/index.md"].decode("utf-8")
    assert '<form class="sjelden-form" method="post" action="https://skjema.example.org/svar" novalidate>' in text
    assert 'aria-describedby="rolle-feil"' in text and 'id="rolle-feil"' in text
    assert not out.exists()


BROWSER = os.path.exists(shutil.which("chromium") or "/usr/bin/chromium")


@pytest.mark.skipif(not BROWSER, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("javascript", [False, True])
def test_filters_work_with_and_without_javascript(course_site: Path, javascript: bool) -> None:
    from tests.browser import browser, serve

    with serve(course_site) as base, browser() as b:
        context = b.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(base + "kurs/")
        page.locator(".sjelden-filters a", has_text="Fagpersoner i kommunen").click()
        page.wait_for_load_state()
        visible = [t.strip().split("\n")[0] for t in page.locator("li.sjelden-course:visible").all_inner_texts()]
        assert visible == ["Sommerkurs"]
        if javascript:
            assert page.url.startswith(base + "kurs/?malgruppe=kommune")  # filtered in place
            assert page.locator("#sjelden-course-count").inner_text() == "1 kurs passer filteret."
        else:
            assert page.url == base + "kurs/malgruppe/kommune/"
        page.goto(base + "kurs/")
        link = page.locator(".sjelden-filters a", has_text="Lærings- og mestringssentre på sykehus")
        link.click()
        page.wait_for_load_state()
        visible = [t.strip().split("\n")[0] for t in page.locator("li.sjelden-course:visible").all_inner_texts()]
        assert visible == ["Fullt kurs"]
        if javascript:
            assert page.url.startswith(base + "kurs/?arrangortype=lms")
            assert link.get_attribute("aria-current") == "true"  # the chosen filter is announced
        else:
            assert page.url == base + "kurs/arrangortype/lms/"
        context.close()


def test_the_front_page_lists_the_next_upcoming_courses(course_site: Path) -> None:
    home = article((course_site / "index.html").read_text(encoding="utf-8"))
    shown = re.findall(r'<a href="kurs/([a-z0-9-]+)/">', home)
    assert shown == ["vinterkurs", "fullt-kurs", "sommerkurs"]  # by start; the cancelled and the past course left out
    assert "20. januar 2027" in home


# --- A course's status on a day: one method (`Course.status_on`), used by the pages, the calendar,
# the front page, the coverage map and the open data.


@pytest.mark.parametrize(
    ("written", "day", "status"),
    [
        ("åpen", date(2027, 3, 1), "åpen"),  # before the course
        ("åpen", date(2027, 3, 12), "åpen"),  # its last day: not over yet
        ("åpen", date(2027, 3, 13), "avsluttet"),  # the day after its end: held, never open again
        ("fullt", date(2027, 3, 1), "fullt"),
        ("fullt", date(2027, 3, 13), "avsluttet"),
        ("venteliste", date(2027, 3, 1), "venteliste"),
        ("venteliste", date(2030, 1, 1), "avsluttet"),
        ("avlyst", date(2027, 3, 1), "avlyst"),  # cancelled stays cancelled, before and after
        ("avlyst", date(2030, 1, 1), "avlyst"),
    ],
)
def test_a_courses_status_on_a_day(written: str, day: date, status: str) -> None:
    c = course(start=datetime(2027, 3, 10, 9, 0), end=datetime(2027, 3, 12, 14, 0), status=written)
    assert c.status_on(day) == status
    assert c.planned(day) == (status not in {"avlyst", "avsluttet"})
    assert c.cancelled == (written == "avlyst")


def test_sign_up_follows_the_status_and_the_deadline() -> None:
    open_course = course(start=datetime(2027, 3, 10, 9, 0), påmeldingsfrist=date(2027, 2, 1))
    assert open_course.open_for_application(date(2027, 2, 1)) and not open_course.open_for_application(date(2027, 2, 2))
    assert not open_course.waitlist_open(date(2027, 1, 1))
    waitlist = course(start=datetime(2027, 3, 10, 9, 0), status="venteliste")
    assert waitlist.waitlist_open(date(2027, 3, 9)) and not waitlist.waitlist_open(date(2027, 3, 10))
    assert not waitlist.open_for_application(date(2027, 1, 1))
    assert not course(start=datetime(2027, 3, 10, 9, 0), eksempeltekst=True).open_for_application(date(2027, 1, 1))  # an example does not exist
    assert not course(start=datetime(2027, 3, 10, 9, 0), status="avlyst").open_for_application(date(2027, 1, 1))
