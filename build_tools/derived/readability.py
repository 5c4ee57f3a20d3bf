"""Readability of what editors write: LIX per section, warnings for `sjelden check`, the report.

Takes the joined `Site` and the settings; `texts(site)` lists every counted piece of authored prose
(a diagnosis page's `##` sections, a knowledge summary's «Sammendrag på klarspråk», a course's
`beskrivelse`), each with who it is written for. Sections for patients and relatives have the target
`lix_pasient` (40), sections for professionals `lix_fagfolk` (50). `readability_warnings` turns the
ones over target into warnings (never errors) that name what to shorten; `rows` feeds
`sjelden report lesbarhet`, worst first. The counting itself is `core/lix.py`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from build_tools.core.errors import ContentError, Problem, display_path
from build_tools.core.lix import Lix, lix, prose_text
from build_tools.core.read import Document, LineDict, LineList, read_yaml
from build_tools.core.settings import Settings
from build_tools.kinds.diagnoses.model import PROFESSIONAL_SECTIONS, REFERENCE_SECTIONS
from build_tools.kinds.site import Site
from build_tools.kinds.summaries.model import SUMMARY_SECTIONS

PATIENT = "pasienter og pårørende"
PROFESSIONAL = "fagfolk"
# A course for any of these is read by patients and relatives, so its description has their target.
PATIENT_AUDIENCES = frozenset({"pasienter", "pårørende"})
MIN_WORDS = 20  # fewer words than this: too little text for the figure to say anything


@dataclass(frozen=True)
class Text:
    """One counted piece of authored prose."""

    path: str  # the file an editor opens
    line: int  # the section's heading, or the field's line
    page: str  # the page's title
    section: str  # the section's heading, or «beskrivelse»
    audience: str  # PATIENT or PROFESSIONAL
    markdown: str
    first: int = 0  # the file line the text starts on (after the heading and blank lines)

    def target(self, settings: Settings) -> int:
        return settings.lix_pasient if self.audience == PATIENT else settings.lix_fagfolk


@dataclass(frozen=True)
class Row:
    text: Text
    lix: Lix
    target: int

    @property
    def over(self) -> bool:
        return self.lix.word_count >= MIN_WORDS and self.lix.rounded > self.target


def texts(site: Site) -> list[Text]:
    """Every counted piece of authored prose on the site, page by page."""
    out: list[Text] = []
    for d in site.diagnoses:
        for s in d.sections:
            if s.title in REFERENCE_SECTIONS:
                continue  # lists of links and sources, not running prose
            audience = PROFESSIONAL if s.title in PROFESSIONAL_SECTIONS else PATIENT
            out.append(Text(d.doc.display, s.line, d.meta.tittel, s.title, audience, s.text, _content_line(d.doc, s.line)))
    for summary in site.summaries:
        for s in summary.sections:
            if s.title == SUMMARY_SECTIONS[0]:  # «Sammendrag på klarspråk»: the part written for everyone
                out.append(Text(summary.doc.display, s.line, summary.title, s.title, PATIENT, s.text, _content_line(summary.doc, s.line)))
    for course in site.courses:
        text = course.meta.beskrivelse
        if not text:
            continue
        data = course.doc.data
        line = data.lines.get("beskrivelse", 1) if isinstance(data, LineDict) else 1
        audience = PATIENT if PATIENT_AUDIENCES & set(course.meta.målgrupper) else PROFESSIONAL
        out.append(Text(course.doc.display, line, course.meta.tittel, "beskrivelse", audience, text, line))
    return out


def _content_line(doc: Document, heading: int) -> int:
    lines = doc.body.split("\n")
    index = heading - doc.body_line + 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    return doc.body_line + index


def rows(site: Site, settings: Settings) -> list[Row]:
    """Every counted text with its figure, worst first (furthest over its target)."""
    counted = [Row(t, lix(t.markdown), t.target(settings)) for t in texts(site)]
    return sorted(counted, key=lambda r: (r.target - r.lix.value, r.text.path, r.text.line))


def _quote(sentence: str, limit: int = 160) -> str:
    return f"«{sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + '…'}»"


def warning(row: Row, paragraph: tuple[int, Lix] | None = None) -> Problem:
    """What the editor sees for a section over its target, or for one heavy paragraph in a section
    that is under it on average (`paragraph`: its file line and figure)."""
    t, figure = row.text, row.lix
    where = f"avsnittet «{t.section}»" if t.section != "beskrivelse" else f"feltet «{t.section}»"
    line = t.line
    if paragraph is not None:
        line, figure = paragraph
        where = f"et tekststykke i {where}"
    longest = " og ".join(_quote(s) for s in figure.longest_sentences(2))
    words = ", ".join(figure.longest_words(5))
    return Problem(
        t.path, line, None,
        f"{where} har LIX {figure.rounded}, målet for {t.audience} er høyst {row.target}; "
        f"skriv kortere setninger og enklere ord (se «Skriv enkelt» i redaktørveiledningen). "
        f"Lengste setninger: {longest}. Lange ord: {words}.",
        severity="warning",
    )


MIN_PARAGRAPH_WORDS = 15  # a paragraph is judged on its own from this length


def paragraphs(t: Text) -> list[tuple[int, str]]:
    """The paragraphs (blocks between blank lines) of a text, each with its file line."""
    out: list[tuple[int, str]] = []
    start, block = 0, list[str]()
    for offset, line in enumerate([*t.markdown.split("\n"), ""]):
        if line.strip():
            if not block:
                start = offset
            block.append(line)
        elif block:
            out.append(((t.first or t.line) + start, "\n".join(block)))
            block = []
    return out


def readability_warnings(site: Site, settings: Settings) -> list[Problem]:
    """A warning for every counted text over its target; in a text under its target, for the
    heaviest paragraph over it (a heavy paragraph is not hidden by light ones around it)."""
    problems = []
    for r in rows(site, settings):
        if r.over:
            problems.append(warning(r))
            continue
        heavy = [(line, figure) for line, text in paragraphs(r.text) if (figure := lix(text)).word_count >= MIN_PARAGRAPH_WORDS and figure.rounded > r.target]
        if heavy:
            problems.append(warning(r, max(heavy, key=lambda h: h[1].value)))
    return problems


CSV_COLUMNS = ("lix", "mål", "over_mål", "målgruppe", "side", "avsnitt", "fil", "linje", "ord", "setninger", "lange_ord")


def as_csv(found: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in found:
        t = r.text
        writer.writerow([
            f"{r.lix.value:.1f}", r.target, "ja" if r.over else "nei", t.audience, _formula_safe(t.page), _formula_safe(t.section),
            t.path, t.line, r.lix.word_count, r.lix.sentence_count, r.lix.long_words,
        ])
    return out.getvalue()


def as_table(found: list[Row], settings: Settings) -> str:
    lines = [f"{'LIX':>4} {'mål':>4}  {'avsnitt':<28} fil:linje (side)"]
    for r in found:
        t = r.text
        mark = "!" if r.over else " "
        lines.append(f"{r.lix.rounded:>4}{mark} {r.target:>3}  {t.section[:28]:<28} {t.path}:{t.line} ({t.page})")
    over = sum(r.over for r in found)
    lines.append("")
    lines.append(f"{len(found)} avsnitt, {over} over målet (merket !). Mål: LIX høyst {settings.lix_pasient} for {PATIENT}, høyst {settings.lix_fagfolk} for {PROFESSIONAL}.")
    return "\n".join(lines) + "\n"


def _formula_safe(text: str) -> str:
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


# --- jargon: medical words a patient section uses without explaining them --------------------------

JARGON_FILE = "fagord.yml"  # in the data folder: a YAML list of words, see docs/redaktor/skriv-enkelt.md
_INFLECTIONS = r"(?:e|en|et|er|ene|es|s|t|ns|ets|ers|enes)?"


def read_jargon(settings: Settings) -> tuple[list[str], list[Problem]]:
    """The editors' list of words that need explaining (`data/fagord.yml`, optional)."""
    path = settings.path(settings.data_dir) / JARGON_FILE
    if not path.is_file():
        return [], []
    display = display_path(path, settings.root)
    try:
        doc = read_yaml(path, display)
    except ContentError as exc:
        return [], exc.problems
    data = doc.data
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [Problem(display, 1, None, "forventet en liste med ord, ett per linje: «- kolobom»")]
    words, problems = [], []
    lines = data.lines if isinstance(data, LineList) else []
    for index, item in enumerate(data):
        if not isinstance(item, str) or not item.strip() or "\n" in item:
            line = lines[index] if index < len(lines) else 1
            problems.append(Problem(display, line, None, "hvert punkt må være ett ord eller uttrykk på én linje, f.eks. «- kolobom»"))
            continue
        words.append(" ".join(item.split()))
    return words, problems


def _explained(word: str, paragraph: str) -> bool:
    """Is `word` explained in the paragraph: in parentheses, defined («X er», «X, det vil si»), or named («som heter X»)?"""
    w = re.escape(word) + r"\w*"
    patterns = (
        rf"\([^)]*\b{w}[^)]*\)",
        rf"\b{w}\s*\(",
        rf"\b{w}[.,]?\s+(?:er|betyr|kalles|det vil si|altså|Det er|Den er|Det betyr)\b",
        rf"\b{w},\s+(?:en|et|ei|som|det vil si)\b",
        rf"\b(?:kalles|heter|kalt|som heter)\s+(?:\w+\s+)?{w}",
    )
    return any(re.search(p, paragraph, re.IGNORECASE) for p in patterns)


def jargon_warnings(site: Site, settings: Settings) -> list[Problem]:
    """A warning for each listed word a patient section uses, neither in the glossary nor explained
    in the same paragraph (once per word and section)."""
    words, problems = read_jargon(settings)
    if not words:
        return problems
    for t in texts(site):
        if t.audience != PATIENT:
            continue
        prose = prose_text(t.markdown)
        seen: set[str] = set()
        for paragraph in prose.split("\n"):
            for word in words:
                if word in seen:
                    continue
                m = re.search(rf"(?<![\w-]){re.escape(word)}{_INFLECTIONS}(?![\w-])", paragraph, re.IGNORECASE)
                if m is None or site.glossary.anchor(m.group()) or site.glossary.anchor(word) or _explained(word, paragraph):
                    continue
                seen.add(word)
                problems.append(Problem(
                    t.path, _line_of(t, m.group()), None,
                    f"avsnittet «{t.section}» bruker fagordet «{m.group()}» uten forklaring; forklar det i samme avsnitt "
                    f"(f.eks. «{m.group()} (forklaring med vanlige ord)») eller legg det til i ordlisten (data/ordliste.yml), så forklares det der det står",
                    severity="warning",
                ))
    return problems


def _line_of(t: Text, word: str) -> int:
    """The file line of the first line of the text that holds `word` (the section's heading if none)."""
    for offset, line in enumerate(t.markdown.split("\n")):
        if word in line:
            return (t.first or t.line) + offset
    return t.line
