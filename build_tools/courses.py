"""Learning-and-coping courses (lærings- og mestringstilbud): model, validation, join and pages.

Reads `courses/<year>/<slug>.yml`, validates each against `CourseMeta` (Norwegian keys, problems
mapped to YAML lines), loads the evaluation forms (`build_tools.forms`) and published results
(`build_tools.results`), and joins courses with centres, diagnoses, ORPHA codes and forms.
`load_courses` puts a `CourseList` on `site.courses` and returns the problems; `render_courses`
returns the pages and static files under `kurs/` (listing, filters, one page per course,
evaluation and results pages, calendars and the Atom feed).

Times are written as local Oslo time (`2027-03-10 09:00`) and read as Europe/Oslo with zoneinfo.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, Field, model_validator

from build_tools.errors import ContentError, Problem
from build_tools.model import SLUG_RE, IsoDate, Text, _Model, line_of, validate
from build_tools.orphanet.model import Level, OrphaCode, OrphaEntity
from build_tools.read import Document, read_yaml

OSLO = ZoneInfo("Europe/Oslo")
COURSES_DIR = "courses"
SITE_URL = "https://sjelden.no/"

# Target groups: the value editors write → (URL part, label).
TARGET_GROUPS = {
    "pasienter": ("pasienter", "Pasienter"),
    "pårørende": ("parorende", "Pårørende"),
    "kommune": ("kommune", "Fagpersoner i kommunen"),
    "spesialisthelsetjenesten": ("spesialisthelsetjenesten", "Spesialisthelsetjenesten"),
    "barnehage-skole": ("barnehage-skole", "Barnehage og skole"),
}
KINDS = {"kurs": "Kurs", "familiekurs": "Familiekurs", "fagdag": "Fagdag", "webinar": "Webinar", "e-læring": "E-læring"}
FORMATS = {"fysisk": "Fysisk oppmøte", "digitalt": "Digitalt", "hybrid": "Hybrid (fysisk og digitalt)"}
STATUS = {"åpen": "Åpen for påmelding", "fullt": "Fullt", "venteliste": "Venteliste", "avlyst": "Avlyst"}
COVERED = {"reise": "reise", "opphold": "opphold", "kost": "mat", "barnepass": "barnepass"}
ADAPTATIONS = {
    "tolk": "tolk (språk)",
    "tegnspråktolk": "tegnspråktolk",
    "skrivetolk": "skrivetolk",
    "teleslynge": "teleslynge",
    "tilgjengelig-lokale": "lokale tilgjengelig med rullestol",
    "assistent": "assistent eller ledsager kan være med",
    "barnepass": "barnepass/aktiviteter for barn",
}

_DT_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _local_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DT_RE.fullmatch(value.strip()):
        raise ValueError("local_datetime")
    try:
        dt = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValueError("impossible_datetime") from None
    # A time in the spring-forward gap does not exist in Oslo; it would silently move an hour.
    roundtrip = dt.replace(tzinfo=OSLO).astimezone(ZoneInfo("UTC")).astimezone(OSLO).replace(tzinfo=None)
    if roundtrip != dt:
        raise ValueError("dst_gap")
    return dt


LocalDateTime = Annotated[datetime, BeforeValidator(_local_datetime)]
HttpsUrl = Annotated[str, Field(pattern=r"^https://[^\s<>\"']+$")]


class ProgrammeItem(_Model):
    tid: Text
    tittel: Text
    foredragsholder: Text | None = None
    evalueres: bool = True  # breaks and lunch are not rated in the evaluation form


class Venue(_Model):
    navn: Text
    adresse: Text | None = None
    poststed: Text | None = None


class Price(_Model):
    beløp: Annotated[int, Field(ge=0)]
    dekker: list[Literal["reise", "opphold", "kost", "barnepass"]] = []
    merknad: Text | None = None


class Evaluation(_Model):
    skjema: Text | None = None  # id of courses/forms/<id>.yml
    ekstern: HttpsUrl | None = None  # e.g. a Nettskjema form

    @model_validator(mode="after")
    def _one_of(self) -> Evaluation:
        if self.skjema and self.ekstern:
            raise ValueError("evaluation_both")
        if not self.skjema and not self.ekstern:
            raise ValueError("evaluation_none")
        return self


class CourseMeta(_Model):
    """`courses/<year>/<slug>.yml`. Text fields may hold Markdown."""

    tittel: Text
    arrangør: Text
    type: Literal["kurs", "familiekurs", "fagdag", "webinar", "e-læring"]
    målgrupper: Annotated[list[Literal["pasienter", "pårørende", "kommune", "spesialisthelsetjenesten", "barnehage-skole"]], Field(min_length=1)]
    diagnoser: list[Annotated[str | int, Field()]] = []
    mål: Text
    beskrivelse: Text | None = None
    program: list[ProgrammeItem] = []
    start: LocalDateTime
    slutt: LocalDateTime
    gjennomføring: Literal["fysisk", "digitalt", "hybrid"]
    sted: Venue | None = None
    opptak: bool = False
    påmeldingsfrist: IsoDate | None = None
    pris: Price
    plasser: Annotated[int, Field(ge=1)] | None = None
    tilrettelegging: list[Literal["tolk", "tegnspråktolk", "skrivetolk", "teleslynge", "tilgjengelig-lokale", "assistent", "barnepass"]] = []
    tilrettelegging_merknad: Text | None = None
    status: Literal["åpen", "fullt", "venteliste", "avlyst"]
    påmelding: HttpsUrl | None = None
    kontakt: Text | None = None
    evaluering: Evaluation | None = None
    rapport: Text | None = None
    publisert: IsoDate
    endret: IsoDate | None = None
    eksempeltekst: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> CourseMeta:
        if self.slutt <= self.start:
            raise ValueError("end_before_start")
        if self.påmeldingsfrist is not None and self.påmeldingsfrist > self.start.date():
            raise ValueError("deadline_after_start")
        if self.gjennomføring in {"fysisk", "hybrid"} and self.sted is None:
            raise ValueError("venue_missing")
        if self.endret is not None and self.endret < self.publisert:
            raise ValueError("changed_before_published")
        return self


# Messages for the model-level checks: (field to point at, message).
COURSE_ERRORS = {
    "end_before_start": ("slutt", "kurset slutter før det starter; rett «start» eller «slutt»"),
    "deadline_after_start": ("påmeldingsfrist", "fristen er etter at kurset starter; sett en dato før «start»"),
    "venue_missing": ("gjennomføring", "fysisk og hybrid gjennomføring trenger «sted» (navn, adresse, poststed); legg det til"),
    "changed_before_published": ("endret", "kan ikke være før «publisert»; rett datoen"),
    "evaluation_both": ("evaluering", "oppgi enten «skjema» eller «ekstern», ikke begge"),
    "evaluation_none": ("evaluering", "oppgi «skjema» (id i courses/forms/) eller «ekstern» (https-adresse til skjemaet)"),
}
COURSE_FIELD_HELP = {
    "tittel": "kursets navn",
    "arrangør": "senter-id fra data/centres.yml",
    "type": "kurs, familiekurs, fagdag, webinar eller e-læring",
    "målgrupper": "liste: pasienter, pårørende, kommune, spesialisthelsetjenesten, barnehage-skole",
    "mål": "hva deltakerne skal lære",
    "start": "ÅÅÅÅ-MM-DD TT:MM, norsk tid",
    "slutt": "ÅÅÅÅ-MM-DD TT:MM, norsk tid",
    "gjennomføring": "fysisk, digitalt eller hybrid",
    "pris": "beløp i kroner (0 for gratis) og hva som dekkes",
    "status": "åpen, fullt, venteliste eller avlyst",
    "publisert": "dato, ÅÅÅÅ-MM-DD",
}


def course_validate(model: Any, doc: Document, data: Any = None) -> tuple[Any | None, list[Problem]]:
    """`model.validate`, with course wording for model-level checks, times, choices and missing fields."""
    value, problems = validate(model, doc, data)
    data = doc.data if data is None else data
    out = []
    for p in problems:
        key = next((k for k in COURSE_ERRORS if k in p.message), None)
        if key is not None:
            field_name, message = COURSE_ERRORS[key]
            if p.field and p.field != field_name:  # a nested model: point inside it
                field_name = f"{p.field}"
            out.append(Problem(p.path, line_of(data, tuple(field_name.split(".")), p.line or 1), field_name, message))
            continue
        if p.message.startswith("mangler; legg til feltet") and p.field:
            hint = COURSE_FIELD_HELP.get(p.field.split(".")[-1])
            out.append(Problem(p.path, p.line, p.field, "mangler; legg til feltet" + (f" ({hint})" if hint else "")))
            continue
        if p.message.startswith("ukjent felt") and p.field and "." in p.field:
            nested = _NESTED.get(next((part for part in p.field.split(".") if part in _NESTED), ""))
            if nested is not None:
                known = list(nested.model_fields)
                close = difflib.get_close_matches(p.field.split(".")[-1], known, n=1)
                out.append(Problem(p.path, p.line, p.field, "ukjent felt" + (f"; mente du «{close[0]}»?" if close else f"; gyldige felt er {', '.join(known)}")))
                continue
        out.append(_reword(p))
    return value, out


_NESTED: dict[str, Any] = {"sted": Venue, "pris": Price, "evaluering": Evaluation, "program": ProgrammeItem}


def _reword(p: Problem) -> Problem:
    m = p.message
    if "local_datetime" in m:
        m = "må være dato og klokkeslett på formen ÅÅÅÅ-MM-DD TT:MM (norsk tid), f.eks. 2027-03-10 09:00"
    elif "impossible_datetime" in m:
        m = "tidspunktet finnes ikke; sjekk dato og klokkeslett (ÅÅÅÅ-MM-DD TT:MM)"
    elif "dst_gap" in m:
        m = "klokkeslettet finnes ikke i Norge den dagen (overgang til sommertid, 02:00–03:00); velg et annet"
    elif m.startswith("ugyldig verdi (Input should be") and "'" in m:
        choices = re.findall(r"'([^']+)'", m)
        m = f"ugyldig verdi; gyldige er {', '.join(choices)}"
    elif m.startswith("ugyldig verdi (Input should be greater than or equal to"):
        m = "kan ikke være negativ" if "0" in m.rsplit(" ", 1)[-1] else "må være minst 1"
    elif "int_type" in m or "Input should be a valid integer" in m:
        m = "må være et heltall"
    return Problem(p.path, p.line, p.field, m, p.severity)


@dataclass
class Course:
    """A validated course with what it refers to resolved."""

    slug: str
    year: str
    doc: Document
    meta: CourseMeta
    codes: list[OrphaCode] = field(default_factory=list)  # ORPHA codes the course is for
    diagnoses: list[Any] = field(default_factory=list)  # authored Diagnosis pages named by slug
    groups: list[OrphaEntity] = field(default_factory=list)  # diagnosis groups, for filters
    entities: dict[OrphaCode, OrphaEntity] = field(default_factory=dict)
    centre: Any = None
    form: Any = None  # build_tools.forms.Form
    result: Any = None  # build_tools.results.Aggregate

    @property
    def url(self) -> str:
        return f"kurs/{self.slug}/"

    @property
    def start(self) -> datetime:
        return self.meta.start.replace(tzinfo=OSLO)

    @property
    def end(self) -> datetime:
        return self.meta.slutt.replace(tzinfo=OSLO)

    @property
    def updated(self) -> date:
        return self.meta.endret or self.meta.publisert

    def upcoming(self, today: date) -> bool:
        """Not yet over: courses that end today or later are listed as upcoming."""
        return self.meta.slutt.date() >= today

    def open_for_application(self, today: date) -> bool:
        if self.meta.status not in {"åpen", "venteliste"} or self.meta.start.date() <= today:
            return False
        return self.meta.påmeldingsfrist is None or self.meta.påmeldingsfrist >= today

    def programme_columns(self) -> list[tuple[int, ProgrammeItem]]:
        """(1-based position, item) of the programme items the evaluation asks about."""
        return [(i, item) for i, item in enumerate(self.meta.program, 1) if item.evalueres]


class CourseList(list):  # type: ignore[type-arg]
    """`site.courses`: the courses, sorted by start, with the forms and «today» of this build."""

    def __init__(self, courses: list[Course], forms: dict[str, Any], today: date, ancestors: dict[OrphaCode, set[OrphaCode]]):
        super().__init__(sorted(courses, key=lambda c: (c.meta.start, c.slug)))
        self.forms = forms
        self.today = today
        self._ancestors = ancestors

    def upcoming(self) -> list[Course]:
        return [c for c in self if c.upcoming(self.today)]

    def past(self) -> list[Course]:
        return sorted((c for c in self if not c.upcoming(self.today)), key=lambda c: (c.meta.start, c.slug), reverse=True)

    def upcoming_for(self, diagnosis: Any) -> list[Course]:
        """Upcoming courses for an authored diagnosis: named by slug, by its codes, or by one of its groups."""
        wanted: set[OrphaCode] = set()
        for code in diagnosis.codes:
            wanted.add(code)
            wanted |= self._ancestors.get(code, set())
        return [c for c in self.upcoming() if diagnosis in c.diagnoses or wanted.intersection(c.codes)]


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _ancestors(site: Any) -> dict[OrphaCode, set[OrphaCode]]:
    """Every active group above each entity (transitively), so a course for a group reaches its members."""
    memo: dict[OrphaCode, set[OrphaCode]] = {}

    def walk(code: OrphaCode, seen: frozenset[OrphaCode]) -> set[OrphaCode]:
        if code in memo:
            return memo[code]
        out: set[OrphaCode] = set()
        entity = site.orpha.get(code)
        for parent in entity.parents if entity is not None else ():
            p = site.orpha.get(parent)
            if p is None or not p.active or parent in seen:
                continue
            out.add(parent)
            out |= walk(parent, seen | {parent})
        memo[code] = out
        return out

    return {d: walk(d, frozenset({d})) for diag in site.diagnoses for d in diag.codes}


def _classification_tops(site: Any) -> set[OrphaCode]:
    """The top entity of each Orphanet classification (Rare cardiac disease, Rare neurologic disease, ...)."""
    tops: set[OrphaCode] = set()
    for c in site.orpha.classifications:
        children = {child for _, child in c.edges}
        tops |= {parent for parent, _ in c.edges if parent not in children}
    if not tops:  # a snapshot without product3: groups with no known parent
        tops = {e.code for e in site.orpha.active() if e.level is Level.GROUP and not any(site.orpha.get(p) for p in e.parents)}
    return {t for t in tops if (e := site.orpha.get(t)) is not None and e.active}


def _ancestors_of(site: Any, code: OrphaCode) -> set[OrphaCode]:
    out: set[OrphaCode] = set()
    todo = [code]
    while todo:
        entity = site.orpha.get(todo.pop())
        for parent in entity.parents if entity is not None else ():
            if parent not in out:
                out.add(parent)
                todo.append(parent)
    return out


def read_courses(root: Path) -> tuple[list[Course], list[Problem]]:
    base = root / COURSES_DIR
    courses: list[Course] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return [], []
    slugs: dict[str, str] = {}
    for year_dir in sorted(base.iterdir()):
        display = _display(year_dir, root)
        if year_dir.name.startswith(".") or year_dir.name in {"forms", "results", "README.md"}:
            continue
        if year_dir.is_symlink() or not year_dir.is_dir() or not re.fullmatch(r"20\d{2}", year_dir.name):
            problems.append(Problem(display, None, None, "kurs skal ligge i en mappe per år: courses/<år>/<slug>.yml (f.eks. courses/2027/familiekurs-marfan.yml)"))
            continue
        for path in sorted(year_dir.iterdir()):
            shown = _display(path, root)
            if path.name.startswith("."):
                continue
            if path.suffix != ".yml" or not SLUG_RE.match(path.stem):
                problems.append(Problem(shown, None, None, "ugyldig filnavn; bruk <slug>.yml med små bokstaver a–z, tall og bindestrek (f.eks. familiekurs-marfan.yml)"))
                continue
            if path.stem in slugs:
                problems.append(Problem(shown, None, None, f"samme adresse som {slugs[path.stem]}; gi filen et annet navn"))
                continue
            slugs[path.stem] = shown
            try:
                doc = read_yaml(path, shown)
            except ContentError as exc:
                problems += exc.problems
                continue
            meta, found = course_validate(CourseMeta, doc)
            problems += found
            if meta is None:
                continue
            if str(meta.start.year) != year_dir.name:
                problems.append(Problem(shown, line_of(doc.data, ("start",), 1), "start", f"kurset starter i {meta.start.year}, men ligger i mappen {year_dir.name}; flytt filen til courses/{meta.start.year}/"))
            courses.append(Course(slug=path.stem, year=year_dir.name, doc=doc, meta=meta))
    return courses, problems


def _item_line(doc: Document, key: str, index: int) -> int:
    return line_of(doc.data, (key, index), doc.meta_line)


def join_courses(site: Any, courses: list[Course], forms: dict[str, Any], results: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    by_slug = {d.slug: d for d in site.diagnoses}
    heads = _classification_tops(site)
    release = site.orpha.release
    for course in courses:
        doc, meta = course.doc, course.meta
        centre = site.centres.get(meta.arrangør)
        if centre is None:
            close = difflib.get_close_matches(meta.arrangør, list(site.centres), n=1)
            hint = f"mente du «{close[0]}»?" if close else f"gyldige er {', '.join(sorted(site.centres))}"
            problems.append(Problem(doc.display, line_of(doc.data, ("arrangør",), 1), "arrangør", f"ukjent senter «{meta.arrangør}» (se data/centres.yml); {hint}"))
        course.centre = centre
        groups: dict[OrphaCode, OrphaEntity] = {}
        for index, ref in enumerate(meta.diagnoser):
            line = _item_line(doc, "diagnoser", index)
            text = str(ref).strip()
            if isinstance(ref, int) or re.fullmatch(r"(?i)(orpha:?)?\s*\d+", text):
                try:
                    code = OrphaCode.parse(ref)
                except ValueError:
                    problems.append(Problem(doc.display, line, "diagnoser", f"ugyldig ORPHA-kode «{text}»; skriv tallet, f.eks. 558 eller ORPHA:558"))
                    continue
                entity = site.orpha.get(code)
                if entity is None:
                    problems.append(Problem(doc.display, line, "diagnoser", f"{code} finnes ikke i Orphanet-data ({release}); sjekk koden på orpha.net"))
                    continue
                if not entity.active:
                    moved = ", ".join(str(c) for c in entity.moved_to)
                    hint = f"; Orphanet har flyttet den til {moved}, bruk den koden" if moved else "; finn den gjeldende koden på orpha.net"
                    problems.append(Problem(doc.display, line, "diagnoser", f"{code} ({entity.name}) er ikke aktiv i Orphanet-data ({release}){hint}"))
                    continue
                course.codes.append(code)
                course.entities[code] = entity
                entities = [entity]
            else:
                diagnosis = by_slug.get(text)
                if diagnosis is None:
                    close = difflib.get_close_matches(text, list(by_slug), n=1)
                    hint = f"mente du «{close[0]}»?" if close else "bruk mappenavnet i diagnoses/ eller en ORPHA-kode"
                    problems.append(Problem(doc.display, line, "diagnoser", f"ukjent diagnose «{text}»; {hint}"))
                    continue
                course.diagnoses.append(diagnosis)
                course.codes.extend(diagnosis.codes)
                entities = list(diagnosis.entities)
            for entity in entities:
                # Filter by the broad Orphanet classifications (e.g. Rare neurologic disease), not
                # by the fine-grained groups: a few dozen choices, not hundreds.
                for code in {entity.code} | _ancestors_of(site, entity.code):
                    if code in heads:
                        groups.setdefault(code, site.orpha.get(code))
        course.groups = sorted(groups.values(), key=lambda g: g.name)
        if meta.evaluering is not None and meta.evaluering.skjema:
            form = forms.get(meta.evaluering.skjema)
            if form is None:
                close = difflib.get_close_matches(meta.evaluering.skjema, list(forms), n=1)
                hint = f"mente du «{close[0]}»?" if close else (f"gyldige er {', '.join(sorted(forms))}" if forms else "legg skjemaet i courses/forms/<id>.yml")
                problems.append(Problem(doc.display, line_of(doc.data, ("evaluering", "skjema"), 1), "evaluering.skjema", f"ukjent skjema «{meta.evaluering.skjema}» (se courses/forms/); {hint}"))
            course.form = form
        course.result = results.get(course.slug)
    known = {c.slug: c for c in courses}
    for slug, result in sorted(results.items()):
        course = known.get(slug)
        if course is None:
            problems.append(Problem(result.display, None, None, f"resultatene hører til kurset «{slug}», som ikke finnes; fjern filen eller rett navnet"))
        elif course.form is None or course.form.id != result.form_id:
            problems.append(Problem(result.display, None, "skjema", f"resultatene er laget med skjemaet «{result.form_id}», men kurset bruker et annet; importer svarene på nytt"))
    return problems


def load_courses(settings: Any, site: Any, today: date) -> list[Problem]:
    """Read, validate and join courses, forms and published results onto `site.courses`."""
    from build_tools import forms, results

    root = settings.root
    form_map, problems = forms.read_forms(root)
    result_map, found = results.read_results(root)
    problems += found
    courses, found = read_courses(root)
    problems += found
    problems += join_courses(site, courses, form_map, result_map)
    receiver = getattr(settings, "form_receiver", "")
    if receiver and not re.fullmatch(r"https://[^\s<>\"']+", receiver):
        problems.append(Problem("mkdocs.yml", None, "form_receiver", "må være en fullstendig https://-adresse til mottakeren av evalueringsskjemaene, eller tom"))
    site.courses = CourseList(courses, form_map, today, _ancestors(site))
    return problems


# --- Rendering -----------------------------------------------------------------------------------

WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


def when(course: Course) -> str:
    """«onsdag 10. mars 2027 kl. 09.00–16.00» or «10. mars 2027 kl. 09.00 – 12. mars 2027 kl. 14.00»."""
    from build_tools.vocab import norwegian_date

    s, e = course.meta.start, course.meta.slutt
    if s.date() == e.date():
        return f"{WEEKDAYS[s.weekday()]} {norwegian_date(s)} kl. {s:%H.%M}–{e:%H.%M}"
    return f"{norwegian_date(s)} kl. {s:%H.%M} – {norwegian_date(e)} kl. {e:%H.%M}"


def diagnosis_links(course: Course) -> list[tuple[str, str]]:
    """(label, link from the course page) for each diagnosis the course names."""
    out = [(d.meta.tittel, f"../../{d.url}") for d in course.diagnoses]
    named = {code for d in course.diagnoses for code in d.codes}
    for code in course.codes:
        if code in named:
            continue
        entity = course.entities.get(code)
        out.append((f"{entity.name} ({code})" if entity else str(code), f"../../orpha/{code.value}/"))
    return out


def esc(value: Any) -> str:
    return html.escape(" ".join(str(value).split()), quote=True)


def course_jsonld(course: Course) -> dict[str, Any]:
    """schema.org Event + Course: dates with Oslo offset, status, attendance mode, offer, audience."""
    meta = course.meta
    mode = {"fysisk": "OfflineEventAttendanceMode", "digitalt": "OnlineEventAttendanceMode", "hybrid": "MixedEventAttendanceMode"}[meta.gjennomføring]
    status = "EventCancelled" if meta.status == "avlyst" else "EventScheduled"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": ["Event", "Course"],
        "name": meta.tittel,
        "description": _plain(meta.mål),
        "url": f"{SITE_URL}{course.url}",
        "startDate": course.start.isoformat(),
        "endDate": course.end.isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "inLanguage": "nb",
        "audience": [{"@type": "Audience", "audienceType": TARGET_GROUPS[g][1]} for g in meta.målgrupper],
    }
    if course.centre is not None:
        org = {"@type": "Organization", "name": course.centre.navn, "url": course.centre.nettside}
        data["organizer"] = org
        data["provider"] = org
    locations: list[dict[str, Any]] = []
    if meta.sted is not None:
        place: dict[str, Any] = {"@type": "Place", "name": meta.sted.navn}
        if meta.sted.adresse or meta.sted.poststed:
            place["address"] = ", ".join(x for x in (meta.sted.adresse, meta.sted.poststed) if x)
        locations.append(place)
    if meta.gjennomføring in {"digitalt", "hybrid"}:
        locations.append({"@type": "VirtualLocation", "url": meta.påmelding or f"{SITE_URL}{course.url}"})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    offer: dict[str, Any] = {"@type": "Offer", "price": str(meta.pris.beløp), "priceCurrency": "NOK"}
    if meta.påmelding:
        offer["url"] = meta.påmelding
    offer["availability"] = "https://schema.org/" + {"åpen": "InStock", "venteliste": "LimitedAvailability", "fullt": "SoldOut", "avlyst": "Discontinued"}[meta.status]
    data["offers"] = offer
    if meta.plasser:
        data["maximumAttendeeCapacity"] = meta.plasser
    return data


def _plain(markdown: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`>#|]", "", text)
    return " ".join(text.split())


def filters(course: Course, today: date) -> dict[str, list[str]]:
    """The filter values of a course: dimension → values (used for filter pages and data attributes)."""
    return {
        "malgruppe": [TARGET_GROUPS[g][0] for g in course.meta.målgrupper],
        "diagnosegruppe": [str(g.code.value) for g in course.groups],
        "arrangor": [course.meta.arrangør],
        "format": [course.meta.gjennomføring],
        "apen": ["ja"] if course.open_for_application(today) else [],
    }


def render_courses(site: Any, settings: Any, today: date) -> dict[str, bytes]:
    """Every file under `kurs/`: src_uri → bytes."""
    from build_tools import calendar, forms, results
    from build_tools.render import _env, _front_matter, _tidy

    courses: CourseList = site.courses if isinstance(site.courses, CourseList) else CourseList([], {}, today, {})
    courses.today = today
    env = _env()
    env.globals.update(
        when=when, esc=esc, TARGET_GROUPS=TARGET_GROUPS, KINDS=KINDS, FORMATS=FORMATS, STATUS=STATUS, COVERED=COVERED,
        ADAPTATIONS=ADAPTATIONS, today=today, filters=filters, site=site, orpha=site.orpha, diagnosis_links=diagnosis_links,
    )
    pages: dict[str, str] = {}

    def page(meta: dict[str, Any], body: str) -> str:
        return _front_matter(meta) + _tidy(body)

    upcoming, past = courses.upcoming(), courses.past()
    dims = _filter_dimensions(site, upcoming, today)
    pages["kurs/index.md"] = page(
        {"title": "Kurs og lærings- og mestringstilbud", "description": "Kurs, fagdager, webinarer og e-læring om sjeldne diagnoser fra kompetansesentrene, for pasienter, pårørende og fagfolk.", "sjelden": {"kind": "kursliste"}},
        env.get_template("course_index.md.j2").render(upcoming=upcoming, past=past, dims=dims, active=None, up="", years=_by_year(past)),
    )
    for dim, (label, values) in dims.items():
        for value, (value_label, matching) in values.items():
            path = f"kurs/{dim}/{value}/index.md" if dim != "apen" else "kurs/apne/index.md"
            up = "../../" if dim != "apen" else "../"
            title = f"Kurs: {value_label}" if dim != "apen" else "Kurs som er åpne for påmelding"
            pages[path] = page(
                {"title": title, "description": f"Kommende kurs filtrert på {label.lower()}: {value_label}.", "search": {"exclude": True}, "sjelden": {"kind": "kursfilter"}},
                env.get_template("course_index.md.j2").render(upcoming=matching, past=[], dims=dims, active=(dim, value), up=up, years=[]),
            )
    pages["kurs/filter.js"] = env.get_template("course_filter.js.j2").render()
    pages["kurs/form.js"] = env.get_template("form.js.j2").render()
    for course in courses:
        pages[f"kurs/{course.slug}/index.md"] = page(
            {
                "title": course.meta.tittel,
                "description": _describe(_plain(course.meta.mål)),
                "sjelden": {"kind": "kurs", "source": course.doc.display, "start": course.start.isoformat()},
                "jsonld": course_jsonld(course),
            },
            env.get_template("course.md.j2").render(c=course, notice=course.meta.eksempeltekst and settings.example_notice, receiver=_receiver(settings)),
        )
        if course.form is not None:
            pages[f"kurs/{course.slug}/evaluering/index.md"] = page(
                {"title": f"Evaluering: {course.meta.tittel}", "description": f"Evalueringsskjema for {course.meta.tittel}.", "search": {"exclude": True}, "sjelden": {"kind": "evalueringsskjema"}},
                forms.render_form_page(env, course, _receiver(settings)),
            )
        if course.result is not None:
            pages[f"kurs/{course.slug}/resultater/index.md"] = page(
                {"title": f"Resultater: {course.meta.tittel}", "description": f"Samlede evalueringsresultater for {course.meta.tittel}.", "sjelden": {"kind": "kursresultater"}},
                results.render_results_page(env, course),
            )
            pages[f"kurs/{course.slug}/resultater.csv"] = results.results_csv(course).decode("utf-8")
    out = {k: v.encode("utf-8") for k, v in pages.items()}
    out.update(calendar.calendars(list(courses)))
    out["kurs/feed.xml"] = calendar.atom(list(courses))
    return out


def _receiver(settings: Any) -> str:
    return getattr(settings, "form_receiver", "") or ""


def _describe(text: str, limit: int = 160) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _by_year(past: list[Course]) -> list[tuple[int, list[Course]]]:
    years: dict[int, list[Course]] = {}
    for c in past:
        years.setdefault(c.meta.start.year, []).append(c)
    return sorted(years.items(), reverse=True)


def _filter_dimensions(site: Any, upcoming: list[Course], today: date) -> dict[str, tuple[str, dict[str, tuple[str, list[Course]]]]]:
    """dimension → (label, {value: (label, upcoming courses with that value)}); only values some course has."""
    from build_tools.vocab import norwegian_sort_key

    def collect(dim: str, label_of: Any) -> dict[str, tuple[str, list[Course]]]:
        found: dict[str, tuple[str, list[Course]]] = {}
        for c in upcoming:
            for value in filters(c, today)[dim]:
                found.setdefault(value, (label_of(value), []))[1].append(c)
        return dict(sorted(found.items(), key=lambda kv: norwegian_sort_key(kv[1][0])))

    slug_label = {v[0]: v[1] for v in TARGET_GROUPS.values()}
    order = list(slug_label)
    target = collect("malgruppe", lambda v: slug_label[v])
    target = dict(sorted(target.items(), key=lambda kv: order.index(kv[0])))
    return {
        "malgruppe": ("Målgruppe", target),
        "diagnosegruppe": ("Diagnosegruppe", collect("diagnosegruppe", lambda v: site.orpha.get(OrphaCode(int(v))).name)),
        "arrangor": ("Arrangør", collect("arrangor", lambda v: site.centres[v].kortnavn if v in site.centres else v)),
        "format": ("Gjennomføring", dict(sorted(collect("format", lambda v: FORMATS[v]).items(), key=lambda kv: list(FORMATS).index(kv[0])))),
        "apen": ("Påmelding", collect("apen", lambda v: "Åpen for påmelding")),
    }

