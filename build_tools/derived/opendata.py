"""Open data: the `/api/` exports and the JSON Schemas that describe them.

Takes the joined `Site` and returns static files (`{path: bytes}`) for `render_site`:

- `api/diagnoses.json` and `api/diagnoses.csv`: every authored diagnosis with its ORPHA codes,
  ICD-10 codes, responsible centre and URL;
- `api/courses.json` and `api/courses.csv`: every course, with its status on the day of the build
  («avsluttet» once over) and its organiser and organiser type (kompetansesenter, lms,
  pasientorganisasjon, kommune);
- every record says whether it is example content (`"eksempel": true`; CSV column `eksempel`: ja/nei);
- a diagnosis's centre says whether its source confirms the assignment (`"confirmed": false` when
  data/centres.yml marks it `uverifisert`; CSV column `senter_bekreftet`: ja/nei) and gives the source;
- `api/schema/diagnoses.schema.json` and `api/schema/courses.schema.json`: JSON Schema 2020-12.

Output is deterministic (sorted, no build time) so two builds of one commit give the same bytes.
Records are `TypedDict`s that mirror the published schemas.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TypedDict

from build_tools.core.jsonvalue import JsonObject
from build_tools.kinds.courses.model import OSLO, Course, CourseStatus
from build_tools.kinds.diagnoses.model import Diagnosis
from build_tools.kinds.site import Site

SITE_URL = "https://sjelden.no/"  # the published site; URLs in the exports are absolute
LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.no"}
SCHEMA_BASE = f"{SITE_URL}api/schema/"
API_DIR = "api"

# Course times in the exports: ISO 8601 with the UTC offset of Oslo on that day (RFC 3339), or a date alone.
TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}[+-]\d{2}:\d{2})?$"
TIME_DESCRIPTION = "norsk tid med UTC-forskyvning, f.eks. 2025-10-14T10:00+02:00 (sommertid) eller 2025-11-04T10:00+01:00"

# Cells a spreadsheet would run as a formula (CSV injection, OWASP): prefixed with an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(header: list[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with BOM (Excel reads the æøå right), CRLF, every cell guarded against formulas."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


class OrphaRecord(TypedDict):
    code: int
    name: str
    url: str


class Icd10Record(TypedDict):
    code: str
    relation: str


class CentreRecord(TypedDict):
    id: str
    name: str
    url: str
    confirmed: bool
    source: str | None


class DiagnosisRecord(TypedDict):
    """One row of `api/diagnoses.json` (its schema: `diagnoses_schema`)."""

    slug: str
    title: str
    url: str
    orpha: list[OrphaRecord]
    icd10: list[Icd10Record]
    centre: CentreRecord | None
    last_revised: str
    next_revision: str
    eksempel: bool


class OrganiserRecord(TypedDict):
    id: str
    name: str
    type: str
    url: str | None


class CourseRecord(TypedDict):
    """One row of `api/courses.json` (its schema: `courses_schema`)."""

    slug: str
    title: str
    url: str
    type: str
    start: str
    end: str
    orpha: list[int]
    centre: str | None
    organiser: OrganiserRecord | None
    audience: list[str]
    delivery: str
    place: str | None
    status: CourseStatus
    eksempel: bool


def diagnosis_record(d: Diagnosis) -> DiagnosisRecord:
    icd10: list[Icd10Record] = []
    for e in d.entities:
        for m in e.icd10:
            entry: Icd10Record = {"code": m.code, "relation": m.relation.value}
            if entry not in icd10:
                icd10.append(entry)
    centre: CentreRecord | None = None
    if d.centre is not None:
        source = d.centre_source
        centre = {
            "id": d.meta.senter or "", "name": d.centre.navn, "url": str(d.centre.nettside),
            "confirmed": source is not None and not source.uverifisert,
            "source": str(source.kilde) if source is not None else None,
        }
    return {
        "slug": d.slug,
        "title": d.meta.tittel,
        "url": SITE_URL + d.url,
        "orpha": [{"code": e.code.value, "name": e.name, "url": e.code.url} for e in d.entities],
        "icd10": icd10,
        "centre": centre,
        "last_revised": d.meta.sist_revidert.isoformat(),
        "next_revision": d.meta.neste_revisjon.isoformat(),
        "eksempel": d.meta.eksempeltekst,
    }


def _iso_offset(value: datetime) -> str:
    """A course time with its UTC offset (`2025-10-14T10:00+02:00`): course times are local Oslo
    time (`kinds.courses.model.OSLO`), and a bare local time is ambiguous to a program elsewhere."""
    local = value.astimezone(OSLO) if value.tzinfo is not None else value.replace(tzinfo=OSLO)
    return local.isoformat(timespec="minutes")


def course_codes(course: Course) -> list[int]:
    """ORPHA codes a course is for: its own codes and those of the authored pages it names."""
    codes = {c.value for c in course.codes}
    for d in course.diagnoses:
        codes |= {c.value for c in d.codes}
    return sorted(codes)


def course_record(course: Course, today: date) -> CourseRecord:
    """One course for the export as it stands on `today` (its status: `Course.status_on`)."""
    meta = course.meta
    centre, organiser, venue = course.centre, course.organiser, meta.sted
    return {
        "slug": course.slug,
        "title": meta.tittel,
        "url": SITE_URL + course.url,
        "type": meta.type,
        "start": _iso_offset(meta.start),
        "end": _iso_offset(meta.slutt),
        "orpha": course_codes(course),
        "centre": centre.navn if centre is not None else (None if organiser is not None else meta.arrangør),
        "organiser": None if organiser is None else {"id": organiser.id, "name": organiser.name, "type": organiser.type, "url": organiser.url},
        "audience": list(meta.målgrupper),
        "delivery": meta.gjennomføring,
        "place": (venue.poststed if venue.poststed is not None else venue.navn) if venue is not None else None,
        "status": course.status_on(today),
        "eksempel": meta.eksempeltekst,
    }


def _envelope(site: Site, kind: str, items: Sequence[DiagnosisRecord] | Sequence[CourseRecord]) -> dict[str, object]:
    return {
        "$schema": f"{SCHEMA_BASE}{kind}.schema.json",
        "licence": LICENCE,
        "publisher": "Nasjonal kompetansetjeneste for sjeldne diagnoser (NKSD)",
        "source": f"{SITE_URL}api/",
        "orphanet": {"release": site.orpha.release, "release_date": site.orpha.release_date, "credit": "Orphanet / INSERM, CC BY 4.0"},
        kind: items,
    }


_ORPHA_ITEM: JsonObject = {
    "type": "object",
    "required": ["code", "name", "url"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": "integer", "minimum": 1, "description": "ORPHA-kode (tallet i ORPHA:558)"},
        "name": {"type": "string", "minLength": 1, "description": "Orphanets engelske navn"},
        "url": {"type": "string", "format": "uri"},
    },
}

_ENVELOPE_PROPS: JsonObject = {
    "$schema": {"type": "string", "format": "uri"},
    "licence": {
        "type": "object",
        "required": ["name", "url"],
        "properties": {"name": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
    },
    "publisher": {"type": "string"},
    "source": {"type": "string", "format": "uri"},
    "orphanet": {
        "type": "object",
        "required": ["release", "release_date", "credit"],
        "properties": {"release": {"type": "string"}, "release_date": {"type": "string"}, "credit": {"type": "string"}},
    },
}

_DATE: JsonObject = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_EXAMPLE: JsonObject = {"type": "boolean", "description": "true for eksempeltekster laget for å vise hvordan nettstedet fungerer: ikke fagfellevurdert, og et eksempelkurs finnes ikke"}


def diagnoses_schema() -> JsonObject:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}diagnoses.schema.json",
        "title": "Diagnoser på sjelden.no",
        "description": "Alle diagnoser med norsk artikkel på sjelden.no, med ORPHA-koder, ICD-10-koder og ansvarlig kompetansesenter.",
        "type": "object",
        "required": [*_ENVELOPE_PROPS, "diagnoses"],
        "additionalProperties": False,
        "properties": {
            **_ENVELOPE_PROPS,
            "diagnoses": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "title", "url", "orpha", "icd10", "centre", "last_revised", "next_revision", "eksempel"],
                    "additionalProperties": False,
                    "properties": {
                        "slug": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                        "title": {"type": "string", "minLength": 1},
                        "url": {"type": "string", "format": "uri", "pattern": "^https://"},
                        "orpha": {"type": "array", "minItems": 1, "items": _ORPHA_ITEM},
                        "icd10": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["code", "relation"],
                                "additionalProperties": False,
                                "properties": {
                                    "code": {"type": "string", "pattern": r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?[+*]?$"},
                                    "relation": {"enum": ["E", "NTBT", "BTNT", "ND"], "description": "E: samme begrep; NTBT: ORPHA-koden er smalere; BTNT: bredere"},
                                },
                            },
                        },
                        "centre": {
                            "type": ["object", "null"],
                            "required": ["id", "name", "url", "confirmed", "source"],
                            "additionalProperties": False,
                            "properties": {
                                "id": {"type": "string"}, "name": {"type": "string"}, "url": {"type": "string", "format": "uri"},
                                "confirmed": {"type": "boolean", "description": "false når kilden ikke sier direkte at senteret har ansvar for diagnosen (uverifisert i data/centres.yml): ansvaret er ikke bekreftet"},
                                "source": {"type": ["string", "null"], "format": "uri", "description": "kilden for at senteret har diagnosen på sin liste"},
                            },
                        },
                        "last_revised": _DATE,
                        "next_revision": _DATE,
                        "eksempel": _EXAMPLE,
                    },
                },
            },
        },
    }


def courses_schema() -> JsonObject:
    nullable_str: JsonObject = {"type": ["string", "null"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}courses.schema.json",
        "title": "Kurs på sjelden.no",
        "description": "Kurs, fagdager og lærings- og mestringstilbud fra kompetansesentrene.",
        "type": "object",
        "required": [*_ENVELOPE_PROPS, "courses"],
        "additionalProperties": False,
        "properties": {
            **_ENVELOPE_PROPS,
            "courses": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "title", "url", "start", "end", "orpha", "centre", "organiser", "eksempel"],
                    "additionalProperties": False,
                    "properties": {
                        "slug": {"type": "string", "minLength": 1},
                        "title": {"type": "string", "minLength": 1},
                        "url": {"type": "string", "format": "uri", "pattern": "^https://"},
                        "type": nullable_str,
                        "start": {"type": "string", "pattern": TIME_PATTERN, "description": TIME_DESCRIPTION},
                        "end": {"type": "string", "pattern": TIME_PATTERN, "description": TIME_DESCRIPTION},
                        "orpha": {"type": "array", "items": {"type": "integer", "minimum": 1}},
                        "centre": {"type": ["string", "null"], "description": "kompetansesenteret som arrangerer; null når arrangøren er en annen"},
                        "organiser": {
                            "type": ["object", "null"],
                            "required": ["id", "name", "type", "url"],
                            "additionalProperties": False,
                            "properties": {
                                "id": {"type": "string"},
                                "name": {"type": "string", "minLength": 1},
                                "type": {"enum": ["kompetansesenter", "lms", "pasientorganisasjon", "kommune"], "description": "kompetansesenter for sjeldne diagnoser, lærings- og mestringssenter (lms) på et sykehus, pasientorganisasjon eller kommune"},
                                "url": {"type": ["string", "null"], "format": "uri"},
                            },
                        },
                        "audience": {"type": "array", "items": {"type": "string"}},
                        "delivery": nullable_str,
                        "place": nullable_str,
                        "status": {"enum": ["åpen", "fullt", "venteliste", "avlyst", "avsluttet", None], "description": "avsluttet: kurset er holdt"},
                        "eksempel": _EXAMPLE,
                    },
                },
            },
        },
    }


DIAGNOSES_CSV_HEADER = ["slug", "tittel", "url", "orpha", "orpha_navn", "icd10", "senter_id", "senter", "senter_bekreftet", "sist_revidert", "eksempel"]


def diagnoses_csv(records: list[DiagnosisRecord]) -> bytes:
    rows: list[list[object]] = []
    for r in records:
        centre = r["centre"]
        rows.append([
            r["slug"],
            r["title"],
            r["url"],
            " ".join(f"ORPHA:{o['code']}" for o in r["orpha"]),
            "; ".join(o["name"] for o in r["orpha"]),
            " ".join(i["code"] for i in r["icd10"]),
            centre["id"] if centre is not None else "",
            centre["name"] if centre is not None else "",
            "" if centre is None else ("ja" if centre["confirmed"] else "nei"),
            r["last_revised"],
            "ja" if r["eksempel"] else "nei",
        ])
    return write_csv(DIAGNOSES_CSV_HEADER, rows)


COURSES_CSV_HEADER = ["slug", "tittel", "url", "type", "start", "slutt", "orpha", "arrangor_id", "arrangor", "arrangortype", "malgrupper", "gjennomforing", "sted", "status", "eksempel"]


def courses_csv(records: list[CourseRecord]) -> bytes:
    rows: list[list[object]] = []
    for r in records:
        organiser = r["organiser"]
        rows.append([
            r["slug"], r["title"], r["url"], r["type"], r["start"], r["end"],
            " ".join(f"ORPHA:{code}" for code in r["orpha"]),
            *((organiser["id"], organiser["name"], organiser["type"]) if organiser is not None else ("", r["centre"] or "", "")),
            " ".join(r["audience"]), r["delivery"], r["place"], r["status"],
            "ja" if r["eksempel"] else "nei",
        ])
    return write_csv(COURSES_CSV_HEADER, rows)


def opendata_files(site: Site) -> dict[str, bytes]:
    """Every `/api/` file: path relative to the site root → bytes."""
    diagnoses = [diagnosis_record(d) for d in sorted(site.diagnoses, key=lambda d: d.slug)]
    courses = sorted((course_record(c, site.courses.today) for c in site.courses), key=lambda c: (c["start"] or "", c["slug"]))
    return {
        f"{API_DIR}/diagnoses.json": _json(_envelope(site, "diagnoses", diagnoses)),
        f"{API_DIR}/diagnoses.csv": diagnoses_csv(diagnoses),
        f"{API_DIR}/courses.json": _json(_envelope(site, "courses", courses)),
        f"{API_DIR}/courses.csv": courses_csv(courses),
        f"{API_DIR}/schema/diagnoses.schema.json": _json(diagnoses_schema()),
        f"{API_DIR}/schema/courses.schema.json": _json(courses_schema()),
    }
