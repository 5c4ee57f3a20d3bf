"""Learning-and-coping courses (lærings- og mestringstilbud): the model editors fill in, and the joined course.

`courses/<year>/<slug>.yml` is validated against `CourseMeta` (Norwegian keys, problems mapped to
YAML lines). Times are written as local Oslo time (`2027-03-10 09:00`) and read as Europe/Oslo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, Field, model_validator

from build_tools.core.read import Document
from build_tools.core.validate import HttpsUrl, IsoDate, Model, Text, messages
from build_tools.core.vocab import norwegian_date
from build_tools.kinds import routes
from build_tools.kinds.courses.forms import Form
from build_tools.kinds.courses.results import Aggregate
from build_tools.kinds.diagnoses.model import Centre, Diagnosis
from build_tools.orphanet.model import OrphaCode, OrphaEntity

OSLO = ZoneInfo("Europe/Oslo")
COURSES_DIR = "courses"

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
# «avsluttet» is never written by editors: a course whose end has passed gets it (`Course.status_on`).
CourseStatus = Literal["åpen", "fullt", "venteliste", "avlyst", "avsluttet"]
STATUS: dict[CourseStatus, str] = {"åpen": "Åpen for påmelding", "fullt": "Fullt", "venteliste": "Venteliste", "avlyst": "Avlyst", "avsluttet": "Avsluttet"}
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

# Who runs an offer: the value in `type` (data/arrangorer.yml) → (label, plural label for filters and
# calendars). Competence centres come from data/centres.yml and are always «kompetansesenter».
ORGANISER_TYPES = {
    "kompetansesenter": ("Kompetansesenter for sjeldne diagnoser", "Kompetansesentre for sjeldne diagnoser"),
    "lms": ("Lærings- og mestringssenter (sykehus)", "Lærings- og mestringssentre på sykehus"),
    "pasientorganisasjon": ("Pasientorganisasjon", "Pasientorganisasjoner"),
    "kommune": ("Kommune", "Kommuner"),
}
ORGANISERS_FILE = "arrangorer.yml"

_DT_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _local_datetime(value: object) -> datetime:
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


class ProgrammeItem(Model):
    tid: Text
    tittel: Text
    foredragsholder: Text | None = None
    evalueres: bool = True  # breaks and lunch are not rated in the evaluation form


class Venue(Model):
    navn: Text
    adresse: Text | None = None
    poststed: Text | None = None


class Price(Model):
    beløp: Annotated[int, Field(ge=0)]
    dekker: list[Literal["reise", "opphold", "kost", "barnepass"]] = []
    merknad: Text | None = None


class Evaluation(Model):
    skjema: Text | None = None  # id of courses/forms/<id>.yml
    ekstern: HttpsUrl | None = None  # e.g. a Nettskjema form

    @model_validator(mode="after")
    def _one_of(self) -> Evaluation:
        if self.skjema and self.ekstern:
            raise ValueError("evaluation_both")
        if not self.skjema and not self.ekstern:
            raise ValueError("evaluation_none")
        return self


class Organiser(Model):
    """An organiser other than a competence centre, in `data/arrangorer.yml`."""

    navn: Annotated[Text, Field(description="Organisasjonens fulle navn slik den selv skriver det, f.eks. «Lærings- og mestringssenteret, Nordlandssykehuset».")]
    kortnavn: Annotated[Text, Field(description="Kort navn som brukes i kurslisten. Valgfritt; ellers brukes «navn».")] | None = None
    type: Annotated[
        Literal["lms", "pasientorganisasjon", "kommune"],
        Field(description="Hva slags arrangør: lms (lærings- og mestringssenter på et sykehus), pasientorganisasjon eller kommune. Kompetansesentrene står i data/centres.yml."),
    ]
    nettside: Annotated[HttpsUrl | None, Field(description="Organisasjonens hjemmeside, en fullstendig https://-adresse.")] = None
    kilde: Annotated[HttpsUrl | None, Field(description="Adressen til organisasjonens egen side som viser at den finnes og hva den gjør. Påkrevd, unntatt for eksempelarrangører.")] = None
    eksempel: bool = Field(False, description="true for en oppdiktet arrangør i eksempelinnhold (f.eks. «Eksempel kommune»); kurs med den må ha «eksempeltekst: true».")

    @model_validator(mode="after")
    def _sourced(self) -> Organiser:
        if not self.eksempel and self.kilde is None:
            raise ValueError("organiser_source")
        if not self.eksempel and self.nettside is None:
            raise ValueError("organiser_website")
        return self


@dataclass(frozen=True)
class Organising:
    """Who runs a course, whichever file it comes from: a centre (data/centres.yml) or an organiser (data/arrangorer.yml)."""

    id: str
    type: str  # a key of ORGANISER_TYPES
    name: str
    short: str
    url: str | None
    example: bool = False

    @property
    def type_label(self) -> str:
        return ORGANISER_TYPES[self.type][0]


FIELD_HELP = {
    "tittel": "kursets navn",
    "arrangør": "id fra data/centres.yml (kompetansesenter) eller data/arrangorer.yml (lærings- og mestringssenter, pasientorganisasjon, kommune)",
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


class CourseMeta(Model):
    """`courses/<year>/<slug>.yml`. Text fields may hold Markdown."""

    tittel: Text
    arrangør: Annotated[Text, Field(description="Hvem som arrangerer: id-en til et kompetansesenter i data/centres.yml (f.eks. frambu), eller til et lærings- og mestringssenter, en pasientorganisasjon eller en kommune i data/arrangorer.yml.")]
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

    FIELD_HELP: ClassVar[dict[str, str]] = FIELD_HELP

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


messages({
    "local_datetime": "må være dato og klokkeslett på formen ÅÅÅÅ-MM-DD TT:MM (norsk tid), f.eks. 2027-03-10 09:00",
    "impossible_datetime": "tidspunktet finnes ikke; sjekk dato og klokkeslett (ÅÅÅÅ-MM-DD TT:MM)",
    "dst_gap": "klokkeslettet finnes ikke i Norge den dagen (overgang til sommertid, 02:00–03:00); velg et annet",
    # checks of the whole course: (field to point at, message)
    "end_before_start": ("slutt", "kurset slutter før det starter; rett «start» eller «slutt»"),
    "deadline_after_start": ("påmeldingsfrist", "fristen er etter at kurset starter; sett en dato før «start»"),
    "venue_missing": ("gjennomføring", "fysisk og hybrid gjennomføring trenger «sted» (navn, adresse, poststed); legg det til"),
    "changed_before_published": ("endret", "kan ikke være før «publisert»; rett datoen"),
    "evaluation_both": ("evaluering", "oppgi enten «skjema» eller «ekstern», ikke begge"),
    "evaluation_none": ("evaluering", "oppgi «skjema» (id i courses/forms/) eller «ekstern» (https-adresse til skjemaet)"),
    "organiser_source": ("kilde", "mangler; oppgi adressen til organisasjonens egen side (https://...), eller sett «eksempel: true» for en oppdiktet eksempelarrangør"),
    "organiser_website": ("nettside", "mangler; oppgi organisasjonens hjemmeside (https://...)"),
})


@dataclass
class Course:
    """A validated course with what it refers to resolved."""

    slug: str
    year: str
    doc: Document
    meta: CourseMeta
    codes: list[OrphaCode] = field(default_factory=list)  # ORPHA codes the course is for
    diagnoses: list[Diagnosis] = field(default_factory=list)  # authored pages named by slug
    groups: list[OrphaEntity] = field(default_factory=list)  # diagnosis groups, for filters
    entities: dict[OrphaCode, OrphaEntity] = field(default_factory=dict)
    centre: Centre | None = None  # the competence centre, when a centre runs the course
    organiser: Organising | None = None  # who runs it, centre or other organiser
    form: Form | None = None  # its evaluation form (courses/forms/)
    result: Aggregate | None = None  # its published results (courses/results/)

    @property
    def url(self) -> str:
        return routes.course(self.slug)

    @property
    def start(self) -> datetime:
        return self.meta.start.replace(tzinfo=OSLO)

    @property
    def end(self) -> datetime:
        return self.meta.slutt.replace(tzinfo=OSLO)

    @property
    def updated(self) -> date:
        return self.meta.endret or self.meta.publisert

    @property
    def cancelled(self) -> bool:
        return self.meta.status == "avlyst"

    def upcoming(self, today: date) -> bool:
        """Not yet over: courses that end today or later are listed as upcoming (cancelled ones too)."""
        return self.meta.slutt.date() >= today

    def status_on(self, day: date) -> CourseStatus:
        """The one place that decides a course's status on `day`: «avlyst» stays cancelled, a course
        whose end has passed is «avsluttet» (never open, full or waitlisted), else what the editor wrote."""
        if self.cancelled:
            return "avlyst"
        if not self.upcoming(day):
            return "avsluttet"
        return self.meta.status

    def planned(self, day: date) -> bool:
        """Not over and not cancelled: what «planlagt» counts."""
        return self.status_on(day) not in {"avlyst", "avsluttet"}

    def _before_deadline(self, today: date) -> bool:
        if self.meta.start.date() <= today:
            return False
        return self.meta.påmeldingsfrist is None or self.meta.påmeldingsfrist >= today

    def open_for_application(self, today: date) -> bool:
        """Sign-up is open: status «åpen» and the deadline not passed. A waitlist, a full course and a
        cancelled one are not open, and an example course (`eksempeltekst`) never is: it does not exist."""
        return self.status_on(today) == "åpen" and not self.meta.eksempeltekst and self._before_deadline(today)

    def waitlist_open(self, today: date) -> bool:
        """One can still join the waitlist (status «venteliste», deadline not passed, not an example)."""
        return self.status_on(today) == "venteliste" and not self.meta.eksempeltekst and self._before_deadline(today)

    def programme_columns(self) -> list[tuple[int, ProgrammeItem]]:
        """(1-based position, item) of the programme items the evaluation asks about."""
        return [(i, item) for i, item in enumerate(self.meta.program, 1) if item.evalueres]


class CourseList(list):  # type: ignore[type-arg]
    """`site.courses`: the courses, sorted by start, with the forms and «today» of this build."""

    def __init__(self, courses: list[Course], forms: dict[str, Form], today: date, ancestors: dict[OrphaCode, set[OrphaCode]]):
        super().__init__(sorted(courses, key=lambda c: (c.meta.start, c.slug)))
        self.forms = forms
        self.today = today
        self._ancestors = ancestors

    @classmethod
    def empty(cls) -> CourseList:
        return cls([], {}, date.min, {})

    def upcoming(self) -> list[Course]:
        return [c for c in self if c.upcoming(self.today)]

    def past(self) -> list[Course]:
        return sorted((c for c in self if not c.upcoming(self.today)), key=lambda c: (c.meta.start, c.slug), reverse=True)

    def upcoming_for(self, diagnosis: Diagnosis) -> list[Course]:
        """Upcoming courses for an authored diagnosis: named by slug, by its codes, or by one of its groups."""
        wanted: set[OrphaCode] = set()
        for code in diagnosis.codes:
            wanted.add(code)
            wanted |= self._ancestors.get(code, set())
        return [c for c in self.upcoming() if diagnosis in c.diagnoses or wanted.intersection(c.codes)]


WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


def when(course: Course) -> str:
    """«onsdag 10. mars 2027 kl. 09.00–16.00» or «10. mars 2027 kl. 09.00 – 12. mars 2027 kl. 14.00»."""

    s, e = course.meta.start, course.meta.slutt
    if s.date() == e.date():
        return f"{WEEKDAYS[s.weekday()]} {norwegian_date(s)} kl. {s:%H.%M}–{e:%H.%M}"
    return f"{norwegian_date(s)} kl. {s:%H.%M} – {norwegian_date(e)} kl. {e:%H.%M}"


