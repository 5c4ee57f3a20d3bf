"""The coverage map: which Orphanet classifications and groups have an offer registered on sjelden.no.

Takes the joined `Site` and a date; returns a `Coverage` model (one row per classification head
and per group directly under it, with counts for all active entities and for the ultra-rare ones),
which renders as the page `/dekning/` with `dekning/dekning.csv`, and as `sjelden report coverage`.

Counted per row, over the active diagnoses (disorders and subtypes, not groups) anywhere below it
in that classification, from this site's own data only (so a gap means «nothing registered here»,
never «no offer in Norway»); example content (`eksempeltekst: true`) counts for nothing:
- `entities`: active diagnoses;
- `authored`: with a Norwegian page on sjelden.no that is not an example;
- `centre`: on a competence centre's list in data/centres.yml with a source that confirms it;
- `centre_unconfirmed`: on a centre's list only with a source marked `uverifisert` (not an offer);
- `summary`: with a knowledge summary that is not an example;
- `course`: with a course from 24 months back onwards (held or planned, not cancelled, not an example);
  a course or summary for a group counts for the diagnoses in it, unless the group is broad
  (more than `BROAD_GROUP` diagnoses: a general course is no specific offer);
- `offer`: with at least one of authored, centre, summary, course; `entities - offer` is the gap.
An entity is ultra-rare when Orphanet gives no prevalence class above «<1 / 1 000 000» and at least
one class or case count (prevalence below 1 in 1,000,000, or only single cases described).

Summaries and courses are read through `summary_codes` and `build_tools.derived.opendata.course_codes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import jinja2

from build_tools.core.pages import TEMPLATES, h, md
from build_tools.derived.opendata import course_codes, write_csv
from build_tools.kinds.site import Site
from build_tools.kinds.summaries.model import Summary
from build_tools.orphanet.model import Classification, Level, OrphaCode, OrphaData, OrphaEntity

COURSE_WINDOW = timedelta(days=730)  # «a course in the last 24 months»
BROAD_GROUP = 100  # an offer for a group above this many diagnoses counts for none of them
ULTRA_RARE_CLASS = "<1 / 1 000 000"
_NO_CLASS = {"", "Unknown", "Not yet documented", "no data"}
PAGE = "dekning/index.md"
CSV = "dekning/dekning.csv"
SCRIPT = "dekning/sorter.js"


def is_ultra_rare(e: OrphaEntity) -> bool:
    classes = {p.prevalence_class for p in e.prevalences if p.kind != "Cases/families"} - _NO_CLASS
    cases = any(p.kind == "Cases/families" for p in e.prevalences)
    if classes:
        return classes == {ULTRA_RARE_CLASS}
    return cases


def summary_codes(summary: Summary, site: Site) -> set[int]:
    """ORPHA codes a knowledge summary covers: its diagnosis page's codes, or its group and
    everything below it."""
    if summary.diagnosis is not None:
        return {c.value for c in summary.diagnosis.codes}
    if summary.group is not None:
        return {summary.group.code.value} | _specific_group(site, summary.group.code)
    return set()


def _specific_group(site: Site, code: OrphaCode) -> set[int]:
    """The diagnoses below a group, when an offer for the group is an offer for each of them.
    A broad group («Rare genetic disease») is not: a general course for it is no specific offer."""
    below = {c.value for c in _below(site.members, code)}
    return below if len(below) <= BROAD_GROUP else set()


@dataclass
class Counts:
    entities: int = 0
    authored: int = 0
    centre: int = 0  # confirmed centre assignments
    centre_unconfirmed: int = 0  # assignments data/centres.yml marks `uverifisert`, and no confirmed one
    summary: int = 0
    course: int = 0
    offer: int = 0
    named: int = 0  # with an approved Norwegian name (data/norske-navn.yml)
    suggested: int = 0  # with only a suggested one

    @property
    def gap(self) -> int:
        return self.entities - self.offer

    def share(self) -> str:
        return f"{round(100 * self.offer / self.entities)} %" if self.entities else "–"

    def named_share(self) -> str:
        return _percent(self.named, self.entities)


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "–"
    share = 100 * part / whole
    return f"{share:.1f} %".replace(".", ",") if 0 < share < 1 else f"{round(share)} %"


COLUMNS = ("entities", "authored", "centre", "centre_unconfirmed", "summary", "course", "offer", "gap")


@dataclass
class Row:
    kind: str  # "head" or "group"
    code: OrphaCode
    name: str
    classification: str
    all: Counts = field(default_factory=Counts)
    ultra: Counts = field(default_factory=Counts)


@dataclass
class Coverage:
    heads: list[Row]
    groups: list[Row]
    orphanet_release: str
    today: date
    totals: Counts
    ultra_totals: Counts
    examples: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title, url) of example content not counted


def classification_name(c: Classification) -> str:
    name = c.name
    for prefix in ("Orphanet classification of ", "Classification of "):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name[:1].upper() + name[1:]


class _Offers:
    """Which ORPHA codes have each kind of offer registered in this site's data; examples are none."""

    def __init__(self, site: Site, today: date):
        self.authored = {c.value for c, d in site.by_code.items() if not d.meta.eksempeltekst}
        confirmed = {e.orpha.value for centre in site.centres.values() for e in centre.diagnoser if not e.uverifisert}
        self.centre = confirmed
        self.centre_unconfirmed = {e.orpha.value for centre in site.centres.values() for e in centre.diagnoser if e.uverifisert} - confirmed
        self.summary = {code for s in site.summaries if not s.meta.eksempeltekst for code in summary_codes(s, site)}
        since = today - COURSE_WINDOW
        self.course: set[int] = set()
        for c in site.courses:
            if c.meta.start.date() >= since and not c.meta.eksempeltekst and not c.cancelled:
                for code in course_codes(c):
                    self.course |= {code} | _specific_group(site, OrphaCode(code))
        self.any = self.authored | self.centre | self.summary | self.course
        self.named = {c.value for c, n in site.names.items() if n.approved}
        self.suggested = {c.value for c, n in site.names.items() if not n.approved}

    def count(self, codes: frozenset[int]) -> Counts:
        return Counts(
            entities=len(codes),
            authored=len(codes & self.authored),
            centre=len(codes & self.centre),
            centre_unconfirmed=len(codes & self.centre_unconfirmed),
            summary=len(codes & self.summary),
            course=len(codes & self.course),
            offer=len(codes & self.any),
            named=len(codes & self.named),
            suggested=len(codes & self.suggested),
        )


@dataclass(frozen=True)
class _Shape:
    """A row before counting: the active non-group entities below it, and the ultra-rare ones."""

    kind: str
    code: OrphaCode
    name: str
    classification: str
    codes: frozenset[int]
    ultra: frozenset[int]


def _below(children: dict[OrphaCode, list[OrphaCode]], start: OrphaCode) -> set[OrphaCode]:
    seen: set[OrphaCode] = set()
    stack = [start]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


def _shape(orpha: OrphaData, kind: str, code: OrphaCode, name: str, cname: str, below: Iterable[OrphaCode]) -> _Shape:
    codes, ultra = set(), set()
    for c in below:
        e = orpha.get(c)
        if e is None or not e.active or e.level is Level.GROUP:
            continue
        codes.add(c.value)
        if is_ultra_rare(e):
            ultra.add(c.value)
    return _Shape(kind, code, name, cname, frozenset(codes), frozenset(ultra))


def _shapes(orpha: OrphaData) -> tuple[list[_Shape], list[_Shape], _Shape]:
    """The rows of the coverage map and what each counts: the same for every build of one release,
    so made once and kept with the release."""
    cached = orpha.derived.get("coverage.shapes")
    if cached is not None:
        return cached  # type: ignore[return-value]
    heads: list[_Shape] = []
    groups: list[_Shape] = []
    everything: set[OrphaCode] = set()
    for c in orpha.classifications:
        children: dict[OrphaCode, list[OrphaCode]] = {}
        for parent, child in c.edges:
            children.setdefault(parent, []).append(child)
        cname = classification_name(c)
        for root in c.roots:
            below = _below(children, root)
            everything |= below
            heads.append(_shape(orpha, "head", root, cname, cname, below))
            for child in sorted(set(children.get(root, ()))):
                e = orpha.get(child)
                if e is None or not e.active or e.level is not Level.GROUP:
                    continue
                groups.append(_shape(orpha, "group", child, e.name, cname, _below(children, child)))
    result = (heads, groups, _shape(orpha, "head", OrphaCode(1), "", "", everything))
    orpha.derived["coverage.shapes"] = result
    return result


def _order(rows: list[Row]) -> list[Row]:
    """The question NKSD asks first: most diagnoses without any offer at the top."""
    return sorted(rows, key=lambda r: (-r.all.gap, r.name.lower(), r.code))


def build_coverage(site: Site, today: date) -> Coverage:
    offers = _Offers(site, today)
    heads, groups, total = _shapes(site.orpha)

    def row(shape: _Shape) -> Row:
        return Row(shape.kind, shape.code, shape.name, shape.classification, offers.count(shape.codes), offers.count(shape.ultra))

    totals = row(total)
    examples = [("diagnoseside", d.meta.tittel, d.url) for d in site.diagnoses if d.meta.eksempeltekst]
    examples += [("kunnskapsoppsummering", s.title, s.url) for s in site.summaries if s.meta.eksempeltekst]
    examples += [("kurs", c.meta.tittel, c.url) for c in site.courses if c.meta.eksempeltekst]
    return Coverage(
        heads=_order([row(s) for s in heads]),
        groups=_order([row(s) for s in groups]),
        orphanet_release=site.orpha.release,
        today=today,
        totals=totals.all,
        ultra_totals=totals.ultra,
        examples=examples,
    )


CSV_HEADER = [
    "nivå", "klassifikasjon", "orpha", "navn",
    "aktive_diagnoser", "med_side", "med_senter_bekreftet", "med_senter_ikke_bekreftet", "med_kunnskapsoppsummering", "med_kurs_24_mnd", "med_tilbud", "ingenting_registrert",
    "ultrasjeldne", "ultrasjeldne_med_side", "ultrasjeldne_med_senter_bekreftet", "ultrasjeldne_med_senter_ikke_bekreftet", "ultrasjeldne_med_kunnskapsoppsummering",
    "ultrasjeldne_med_kurs_24_mnd", "ultrasjeldne_med_tilbud", "ultrasjeldne_ingenting_registrert",
    "med_godkjent_norsk_navn",
]


def _numbers(c: Counts) -> list[int]:
    """The figures of `COLUMNS`, in that order (a column missing here fails every coverage export)."""
    figures = {
        "entities": c.entities, "authored": c.authored, "centre": c.centre, "centre_unconfirmed": c.centre_unconfirmed,
        "summary": c.summary, "course": c.course, "offer": c.offer, "gap": c.gap,
    }
    return [figures[name] for name in COLUMNS]


def coverage_csv(cov: Coverage) -> bytes:
    rows: list[list[object]] = []
    for r in [*cov.heads, *cov.groups]:
        rows.append([
            "klassifikasjon" if r.kind == "head" else "gruppe", r.classification, f"ORPHA:{r.code.value}", r.name,
            *_numbers(r.all), *_numbers(r.ultra), r.all.named,
        ])
    return write_csv(CSV_HEADER, rows)


def coverage_text(cov: Coverage) -> str:
    """The report for `sjelden report coverage`: one line per classification, widest gap first."""
    head = f"{'Klassifikasjon':<52} {'aktive':>6} {'side':>5} {'senter':>6} {'ubekr.':>6} {'oppsum':>6} {'kurs':>5} {'ingen':>5}  {'ultra':>5} {'u.ingen':>7}"
    lines = [head, "-" * len(head)]
    for r in cov.heads:
        a, u = r.all, r.ultra
        lines.append(f"{r.name[:52]:<52} {a.entities:>6} {a.authored:>5} {a.centre:>6} {a.centre_unconfirmed:>6} {a.summary:>6} {a.course:>5} {a.gap:>5}  {u.entities:>5} {u.gap:>7}")
    t, u = cov.totals, cov.ultra_totals
    lines.append("-" * len(head))
    lines.append(f"{'Alle (hver diagnose én gang)':<52} {t.entities:>6} {t.authored:>5} {t.centre:>6} {t.centre_unconfirmed:>6} {t.summary:>6} {t.course:>5} {t.gap:>5}  {u.entities:>5} {u.gap:>7}")
    lines.append(f"Orphanet-data {cov.orphanet_release}; kurs fra {(cov.today - COURSE_WINDOW).isoformat()} og framover. Teller bare det som er registrert på sjelden.no;")
    lines.append(f"«ubekr.»: senteransvar som ikke er bekreftet (ikke et tilbud); «ingen»: ingenting registrert her. Eksempelinnhold ({len(cov.examples)}) telles ikke.")
    return "\n".join(lines) + "\n"


_SORTER_JS = """\
// sjelden.no: sortable coverage tables. The page works without this: rows come pre-sorted.
(function () {
  "use strict";
  function value(cell) {
    var v = cell.getAttribute("data-sort");
    return v !== null ? parseFloat(v) : cell.textContent.trim().toLowerCase();
  }
  document.querySelectorAll("table.sjelden-coverage").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    var status = document.getElementById(table.id + "-status");
    heads.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.classList.contains("num");
        var dir = th.getAttribute("aria-sort") === (numeric ? "descending" : "ascending") ? (numeric ? "ascending" : "descending") : (numeric ? "descending" : "ascending");
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = value(a.cells[index]), y = value(b.cells[index]);
          var c = typeof x === "number" ? x - y : x.localeCompare(y, "nb");
          return dir === "ascending" ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        if (status) { status.textContent = "Sortert etter " + button.textContent + (dir === "ascending" ? ", stigende" : ", synkende") + "."; }
      });
    });
  });
})();
"""


def _env() -> jinja2.Environment:

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # Markdown/HTML output: values are escaped explicitly with `md`
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md
    env.filters["h"] = h
    env.filters["n"] = lambda value: f"{value:,}".replace(",", "\u00a0")  # 6 023: Norwegian digit grouping
    return env


def coverage_page(cov: Coverage, group_pages: set[int]) -> str:
    body = _env().get_template("coverage.md.j2").render(
        cov=cov,
        group_pages=group_pages,
        since=(cov.today - COURSE_WINDOW),
        columns=COLUMNS,
    )
    front = (
        "---\n"
        "title: Dekningskart\n"
        "description: Hvilke grupper av sjeldne diagnoser har et tilbud i Norge i dag, og hvilke mangler det? Tall per Orphanet-klassifikasjon og gruppe.\n"
        "search:\n  exclude: true\n"
        "sjelden:\n  kind: liste\n"
        "---\n\n"
    )
    return front + body


def coverage_files(site: Site, today: date, pages: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The page, its CSV and its script: path → bytes. `pages` tells which group pages exist."""
    cov = build_coverage(site, today)
    group_pages = {int(p.split("/")[1]) for p in (pages or {}) if p.startswith("grupper/") and p.count("/") == 2 and p.split("/")[1].isdigit()}
    return {
        PAGE: coverage_page(cov, group_pages).encode("utf-8"),
        CSV: coverage_csv(cov),
        SCRIPT: _SORTER_JS.encode("utf-8"),
    }


@dataclass
class NamesRow:
    name: str  # the classification
    entities: int
    approved: int
    suggested: int

    @property
    def none(self) -> int:
        return self.entities - self.approved - self.suggested


@dataclass
class NamesReport:
    """How much of the catalogue has a Norwegian name (`sjelden report navn`)."""

    total: NamesRow  # every active ORPHA entity, groups included
    heads: list[NamesRow]  # per classification: its active diagnoses (not groups)
    entries: int  # entries in data/norske-navn.yml
    orphanet_release: str
    icd10: int = 0  # active entities with a Norwegian ICD-10 name (exact mapping) and no editor's entry
    lay: int = 0  # entities with lay names (data/folkelige-navn.yml)
    icd10_version: str = ""


def names_report(site: Site) -> NamesReport:
    approved = {c.value for c, n in site.names.items() if n.approved}
    suggested = {c.value for c, n in site.names.items() if not n.approved}
    active = frozenset(e.code.value for e in site.orpha.active())

    def row(name: str, codes: frozenset[int]) -> NamesRow:
        return NamesRow(name, len(codes), len(codes & approved), len(codes & suggested))

    heads, _, _ = _shapes(site.orpha)
    rows = sorted((row(site.name_nb(s.code) or s.name, s.codes) for s in heads), key=lambda r: (-r.approved - r.suggested, r.name.lower()))
    icd = sum(1 for c in site.names_icd10 if c not in site.names and c.value in active)
    return NamesReport(
        row("Hele katalogen (alle aktive enheter, også grupper)", active), rows, len(site.names), site.orpha.release,
        icd10=icd, lay=len(site.names_lay), icd10_version=site.icd10.version if site.icd10 else "",
    )


NAMES_CSV_HEADER = ["klassifikasjon", "aktive", "godkjent_norsk_navn", "forslag_til_norsk_navn", "uten_norsk_navn"]


def names_csv(report: NamesReport) -> bytes:
    rows: list[list[object]] = [[r.name, r.entities, r.approved, r.suggested, r.none] for r in [report.total, *report.heads]]
    return write_csv(NAMES_CSV_HEADER, rows)


def names_text(report: NamesReport) -> str:
    """The report for `sjelden report navn`: approved, suggested and no Norwegian name."""
    head = f"{'Klassifikasjon':<52} {'aktive':>6} {'godkjent':>8} {'forslag':>7} {'uten':>6} {'andel':>6}"
    lines = [head, "-" * len(head)]
    for r in [*report.heads, report.total]:
        if r is report.total:
            lines.append("-" * len(head))
        share = _percent(r.approved + r.suggested, r.entities)
        lines.append(f"{r.name[:52]:<52} {r.entities:>6} {r.approved:>8} {r.suggested:>7} {r.none:>6} {share:>6}")
    lines.append(f"{report.entries} oppføringer i data/norske-navn.yml; Orphanet-data {report.orphanet_release}.")
    lines.append(f"I tillegg: {report.icd10} enheter har et norsk navn fra ICD-10, norsk utgave ({report.icd10_version or '–'}; eksakt kobling, ikke gjennomgått av redaksjonen), {report.lay} har folkelige navn (data/folkelige-navn.yml).")
    lines.append("Klassifikasjonene teller diagnoser (ikke grupper); «andel» er godkjente og forslag sammen.")
    return "\n".join(lines) + "\n"
