"""Open data and machine-readable outputs: /api/ exports valid against their published JSON Schemas,
CSV safe to open in a spreadsheet, and a sitemap that lists every page and is the same on every build."""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from build_tools.core.settings import Settings
from build_tools.derived.opendata import course_record, courses_schema, csv_cell, diagnoses_schema, opendata_files, write_csv
from build_tools.kinds.courses.model import Course
from build_tools.kinds.courses.pages import pages as render_courses
from build_tools.kinds.diagnoses.load import read_centres
from build_tools.kinds.diagnoses.model import Centre
from build_tools.pipeline import load_site
from tests.conftest import ROOT, TODAY, make_project, mkdocs_build
from tests.factories import course


def _jsonschema():  # type: ignore[no-untyped-def]
    return pytest.importorskip("jsonschema", reason="jsonschema (test dependency) checks the exports against their schemas")


def _validator(schema: dict):  # type: ignore[no-untyped-def]
    jsonschema = _jsonschema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _errors(schema: dict, data: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(schema).iter_errors(data)]


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+47 800 41 710", "'+47 800 41 710"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTAB", "'\tTAB"),
    ("Marfans syndrom", "Marfans syndrom"),
    ("22q11.2-delesjonssyndrom", "22q11.2-delesjonssyndrom"),
    (None, ""),
])
def test_csv_cells_that_a_spreadsheet_would_run_are_defused(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


def test_csv_is_utf8_with_bom_and_quotes_what_needs_it() -> None:
    data = write_csv(["a", "b"], [["Ærlig, «sitat»", "=1+1"]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["a", "b"], ["Ærlig, «sitat»", "'=1+1"]]


def test_published_schemas_are_valid_json_schema() -> None:
    for schema in (diagnoses_schema(), courses_schema()):
        _jsonschema().Draft202012Validator.check_schema(schema)


def test_diagnoses_json_validates_against_its_published_schema_and_lists_every_page(built: Path) -> None:
    schema = json.loads((built / "api/schema/diagnoses.schema.json").read_text(encoding="utf-8"))
    data = json.loads((built / "api/diagnoses.json").read_text(encoding="utf-8"))
    assert _errors(schema, data) == []
    assert data["$schema"] == "https://sjelden.no/api/schema/diagnoses.schema.json"
    assert data["licence"]["name"] == "CC BY 4.0"
    slugs = sorted(p.name for p in (ROOT / "diagnoses").iterdir() if (p / "index.md").is_file())
    assert [d["slug"] for d in data["diagnoses"]] == slugs
    marfan = next(d for d in data["diagnoses"] if d["slug"] == "marfans-syndrom")
    assert marfan["url"] == "https://sjelden.no/diagnoser/marfans-syndrom/"
    assert [o["code"] for o in marfan["orpha"]] == [558]
    assert {"code": "Q87.4", "relation": "E"} in marfan["icd10"]
    assert marfan["centre"]["id"] and marfan["centre"]["name"]


def test_diagnoses_csv_has_one_row_per_page_matching_the_json(built: Path) -> None:
    data = json.loads((built / "api/diagnoses.json").read_text(encoding="utf-8"))
    raw = (built / "api/diagnoses.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["slug"] for r in rows] == [d["slug"] for d in data["diagnoses"]]
    marfan = next(r for r in rows if r["slug"] == "marfans-syndrom")
    assert marfan["orpha"] == "ORPHA:558" and marfan["icd10"] == "Q87.4"


def test_courses_json_validates_against_its_published_schema(built: Path) -> None:
    schema = json.loads((built / "api/schema/courses.schema.json").read_text(encoding="utf-8"))
    data = json.loads((built / "api/courses.json").read_text(encoding="utf-8"))
    assert _errors(schema, data) == []


def _frambu() -> Centre:
    centres, problems = read_centres(Settings(root=ROOT))
    assert problems == []
    return centres["frambu"]


def _marfan_course(start: datetime, end: datetime) -> Course:
    return course(
        "2026-marfan", start, end, codes=(558,), centre=_frambu(),
        tittel="Familiekurs om Marfans syndrom", type="familiekurs", målgrupper=["pasienter", "pårørende"],
        gjennomføring="fysisk", sted={"navn": "Frambu", "poststed": "Siggerud"},
    )


def test_a_course_record_fits_the_schema() -> None:
    """A real course model against the published schema, so the schema holds for what the build exports."""
    record = course_record(_marfan_course(datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 4, 15, 0)), date(2026, 1, 10))
    assert record["start"] == "2026-03-02T09:00+01:00" and record["end"] == "2026-03-04T15:00+01:00" and record["orpha"] == [558]
    assert (record["centre"], record["place"], record["url"], record["status"]) == ("Frambu kompetansesenter for sjeldne diagnoser", "Siggerud", "https://sjelden.no/kurs/2026-marfan/", "åpen")
    envelope = json.loads(json.dumps({**_envelope_stub(), "courses": [record]}))
    assert _errors(courses_schema(), envelope) == []
    # Summer time has its own offset, and a time without one does not fit the schema.
    summer = course_record(_marfan_course(datetime(2026, 6, 1, 10, 0), datetime(2026, 6, 3, 15, 0)), date(2026, 1, 10))
    assert summer["start"] == "2026-06-01T10:00+02:00"
    bare = json.loads(json.dumps({**_envelope_stub(), "courses": [{**record, "start": "2026-03-02T09:00"}]}))
    assert _errors(courses_schema(), bare) != []


def _envelope_stub() -> dict:
    return {
        "$schema": "https://sjelden.no/api/schema/courses.schema.json",
        "licence": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.no"},
        "publisher": "NKSD", "source": "https://sjelden.no/api/",
        "orphanet": {"release": "2025-12", "release_date": "2025-12-09", "credit": "Orphanet / INSERM, CC BY 4.0"},
    }


def test_open_data_page_documents_every_file_and_its_licence(built: Path) -> None:
    html = (built / "api/index.html").read_text(encoding="utf-8")
    for name in ("diagnoses.json", "diagnoses.csv", "courses.json", "diagnoses.schema.json", "courses.schema.json", "CC BY 4.0", "Orphanet / INSERM"):
        assert name in html, name
    for href in re.findall(r'href="([^"#:]+\.(?:json|csv))"', html):
        assert (built / "api" / href).resolve().is_file(), href


def test_sitemap_lists_every_page_and_no_build_date(built: Path) -> None:
    xml = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    locs = set(re.findall(r"<loc>https://sjelden\.no/(.*?)</loc>", xml))
    pages = set()
    for path in built.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html or path.parts[len(built.parts)] in {"assets", "search"}:
            continue
        pages.add("" if path.parent == built else path.parent.relative_to(built).as_posix() + "/")
    assert pages - locs == set()
    assert not any(loc.startswith("orpha/") and f"{loc}" not in pages for loc in locs), "redirect stubs are not pages"
    # <lastmod> is a page's revision date from its front matter, never the day of the build.
    revised = {m for p in (ROOT / "diagnoses").glob("*/index.md") for m in re.findall(r"^sist_revidert: *['\"]?(\d{4}-\d{2}-\d{2})", p.read_text(encoding="utf-8"), re.M)}
    lastmods = set(re.findall(r"<lastmod>(.*?)</lastmod>", xml))
    assert lastmods and lastmods <= revised
    assert gzip.decompress((built / "sitemap.xml.gz").read_bytes()).decode("utf-8") == xml


def test_two_builds_of_the_same_sources_give_the_same_sitemap_and_exports(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    outputs = []
    for n in (1, 2):
        result = mkdocs_build(root, "-d", str(tmp_path / f"site{n}"))
        assert result.returncode == 0, result.stderr[-2000:]
        site = tmp_path / f"site{n}"
        outputs.append({name: (site / name).read_bytes() for name in ("sitemap.xml", "sitemap.xml.gz", "api/diagnoses.json", "api/diagnoses.csv", "dekning/dekning.csv")})
    assert outputs[0] == outputs[1]
    header = outputs[0]["sitemap.xml.gz"][4:8]
    assert int.from_bytes(header, "little") < datetime.now().timestamp() - 3600, "gzip header carries the build time"


def _example(path: Path) -> bool:
    return bool(re.search(r"^eksempeltekst: true\s*$", path.read_text(encoding="utf-8"), re.M))


def _jsonld_of(html_path: Path) -> dict:
    html = html_path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


@pytest.fixture(scope="module")
def real_files() -> dict[str, bytes]:
    """The course files and open data of the real content (the sample build has no courses)."""
    settings = Settings(root=ROOT)
    site = load_site(settings, TODAY)
    return render_courses(site, settings, TODAY) | opendata_files(site)


def test_every_export_marks_example_diagnoses(built: Path) -> None:
    """Issue 13 (4): the JSON, the CSV and the JSON-LD say which diagnosis pages are examples."""
    diagnoses = json.loads((built / "api/diagnoses.json").read_text(encoding="utf-8"))["diagnoses"]
    expected = {d["slug"]: _example(ROOT / "diagnoses" / d["slug"] / "index.md") for d in diagnoses}
    assert {d["slug"]: d["eksempel"] for d in diagnoses} == expected and any(expected.values())
    rows = list(csv.DictReader(io.StringIO((built / "api/diagnoses.csv").read_bytes().decode("utf-8-sig"), newline="")))
    assert {r["slug"]: r["eksempel"] == "ja" for r in rows} == expected
    for d in diagnoses:
        data = _jsonld_of(built / "diagnoser" / d["slug"] / "index.html")
        assert data.get("description", "").startswith("[Eksempel] ") == d["eksempel"], d["slug"]


def test_every_export_marks_example_courses(real_files: dict[str, bytes]) -> None:
    """Issue 13 (4): courses.json, every calendar, the feed and the JSON-LD say which courses are examples."""
    data = json.loads(real_files["api/courses.json"])
    assert _errors(courses_schema(), data) == []
    courses = data["courses"]
    course_files = {p.stem: p for p in (ROOT / "courses").glob("[0-9]*/*.yml")}
    assert {c["slug"]: c["eksempel"] for c in courses} == {slug: _example(p) for slug, p in course_files.items()}
    examples = {c["title"] for c in courses if c["eksempel"]}
    assert examples
    calendars = sorted(name for name in real_files if name.startswith("kurs/kalender") and name.endswith(".ics"))
    assert len(calendars) >= 2
    for name in calendars:
        for s in re.findall(r"^SUMMARY:(.*?)\r?$", real_files[name].decode("utf-8").replace("\r\n ", ""), re.M):
            title = s.replace("\\,", ",").replace("\\;", ";").removeprefix("[Eksempel] ").removeprefix("AVLYST: ")
            assert s.startswith("[Eksempel] ") == (title in examples), (name, s)
    feed = real_files["kurs/feed.xml"].decode("utf-8")
    titles = [html.unescape(t) for t in re.findall(r"<entry>\s*<title>(.*?)</title>", feed)]
    assert titles and all(t.startswith("[Eksempel] ") == (t.removeprefix("[Eksempel] ").removeprefix("Avlyst: ") in examples) for t in titles)
    for c in courses:
        front = yaml.safe_load(real_files[f"kurs/{c['slug']}/index.md"].decode("utf-8").split("---\n", 2)[1])
        assert (front["jsonld"].get("creativeWorkStatus") == "Eksempeltekst") == c["eksempel"], c["slug"]


def test_offers_on_every_level_are_exported_and_marked(real_files: dict[str, bytes]) -> None:
    """Issue 14 (6): the example content has an offer from each organiser type; the others are
    examples, and every real organiser in data/arrangorer.yml names its source."""
    courses = json.loads(real_files["api/courses.json"])["courses"]
    by_type: dict[str, list[dict]] = {}
    for c in courses:
        by_type.setdefault(c["organiser"]["type"], []).append(c)
    assert set(by_type) == {"kompetansesenter", "lms", "pasientorganisasjon", "kommune"}
    assert all(c["eksempel"] and c["centre"] is None for t in ("lms", "pasientorganisasjon", "kommune") for c in by_type[t])
    rows = list(csv.DictReader(io.StringIO(real_files["api/courses.csv"].decode("utf-8-sig"), newline="")))
    assert [(r["slug"], r["arrangortype"], r["eksempel"]) for r in rows] == [(c["slug"], c["organiser"]["type"], "ja" if c["eksempel"] else "nei") for c in courses]
    organisers = yaml.safe_load((ROOT / "data/arrangorer.yml").read_text(encoding="utf-8"))
    for key, entry in organisers.items():
        assert entry.get("eksempel") or entry["kilde"].startswith("https://"), key
        if entry.get("eksempel"):
            assert "eksempel" in entry["navn"].lower(), key  # cannot be mistaken for a real organisation
    for kind in ("lms", "pasientorganisasjon", "kommune"):
        text = real_files[f"kurs/kalender-arrangor-{kind}.ics"].decode("utf-8").replace("\r\n ", "")
        assert text.count("BEGIN:VEVENT") == len(by_type[kind]) == text.count("SUMMARY:[Eksempel] ")


def test_courses_that_are_over_are_never_open_in_the_export(real_files: dict[str, bytes]) -> None:
    """Issue 13 (5): a course whose end has passed (TODAY is pinned) is «avsluttet»."""
    courses = json.loads(real_files["api/courses.json"])["courses"]
    over = [c for c in courses if c["end"][:10] < TODAY.isoformat()]
    assert over, "the content has past courses"
    assert {c["status"] for c in over} <= {"avsluttet", "avlyst"}
    assert any(c["status"] == "åpen" for c in courses if c["end"][:10] >= TODAY.isoformat())


def test_a_course_record_says_avsluttet_once_the_course_is_over() -> None:
    over = course("k", datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 4, 15, 0), eksempeltekst=True)
    assert course_record(over, date(2026, 3, 4))["status"] == "åpen"
    assert course_record(over, date(2026, 3, 5))["status"] == "avsluttet"
    assert course_record(over, TODAY)["eksempel"] is True
    cancelled = course("k", datetime(2026, 3, 2, 9, 0), status="avlyst")
    assert course_record(cancelled, TODAY)["status"] == "avlyst" and course_record(cancelled, TODAY)["centre"] == "frambu"


def test_unconfirmed_centre_assignments_are_flagged_in_json_and_csv() -> None:
    """Issue 20.5: a centre named for a diagnosis whose source data/centres.yml marks `uverifisert`
    is exported with `confirmed: false` (CSV `senter_bekreftet: nei`), and the source."""
    site = load_site(Settings(root=ROOT), TODAY)
    files = opendata_files(site)
    data = json.loads(files["api/diagnoses.json"])
    assert _errors(diagnoses_schema(), data) == []
    unconfirmed = {d.slug for d in site.diagnoses if d.centre_source is not None and d.centre_source.uverifisert}
    assert len(unconfirmed) == 5
    flags = {d["slug"]: d["centre"]["confirmed"] for d in data["diagnoses"] if d["centre"]}
    assert {slug for slug, confirmed in flags.items() if not confirmed} == unconfirmed
    assert all(d["centre"]["source"].startswith("https://") for d in data["diagnoses"] if d["centre"])
    rows = list(csv.DictReader(io.StringIO(files["api/diagnoses.csv"].decode("utf-8-sig"), newline="")))
    assert {r["slug"] for r in rows if r["senter_bekreftet"] == "nei"} == unconfirmed
