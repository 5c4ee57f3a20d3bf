"""Knowledge summaries (kunnskapsoppsummeringer): model, validation, references, join and pages.

A summary belongs to an authored diagnosis (`diagnoses/<slug>/kunnskapsoppsummering.md`) or to an
ORPHA diagnosis group (`diagnoses/grupper/<code>/kunnskapsoppsummering.md`). Its front matter names
the question, the literature search, authors, peer reviewers, user representatives, conflicts of
interest and the review dates; its references are data, cited in the text as `[@key]` and rendered
as a numbered list with DOI and PubMed links.

`load_summaries(settings, site, today)` reads, validates and joins every summary onto `site.summaries` and
returns the problems (unknown or unused references, malformed DOIs/PMIDs, missing sections, unknown
groups, ...), each with path and line, and warns of overdue updates. `summary_pages(site, settings, today)` renders the pages.
"""

from __future__ import annotations

import difflib
import html
import re
import urllib.parse
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from build_tools.checks import check_markdown
from build_tools.errors import ContentError, Problem
from build_tools.history import History
from build_tools.join import Diagnosis, Site
from build_tools.model import SLUG_RE, Centre, IsoDate, Section, Text, _Model, check_sections, headings, line_of, validate
from build_tools.orphanet.model import Level, OrphaCode, OrphaEntity
from build_tools.read import Document, read_markdown

if TYPE_CHECKING:
    from build_tools.pipeline import Settings

SUMMARY_FILE = "kunnskapsoppsummering.md"
GROUPS_FOLDER = "grupper"  # diagnoses/grupper/<ORPHA group code>/kunnskapsoppsummering.md
SITE_URL = "https://sjelden.no/"
PUBLISHER = "Nasjonal kompetansetjeneste for sjeldne diagnoser"

# The fixed template of a summary's body, in order. «Referanser» is written from `referanser`.
SUMMARY_SECTIONS = (
    "Sammendrag på klarspråk",
    "Bakgrunn",
    "Metode",
    "Resultater",
    "Brukererfaringer",
    "Kunnskapshull",
    "Betydning for praksis",
)
REFERENCES_SECTION = "Referanser"
# «Resultater» is ordered by the diagnosis page's headings (those that are about knowledge).
RESULT_HEADINGS = ("Forekomst", "Årsak og arvegang", "Symptomer", "Diagnostikk", "Behandling og oppfølging", "Å leve med diagnosen")

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Crossref's pattern for the DOIs it registers; it also keeps quotes and angle brackets out of links.
DOI_RE = re.compile(r"^10\.\d{4,9}/[-._;()/:a-z0-9]+$", re.IGNORECASE)
CITATION_RE = re.compile(r"\[(@[^\]\n]*)\]")
_CITATION_WS_RE = re.compile(r"[ \t]*" + CITATION_RE.pattern)  # «tekst [@a].» → «tekst¹.»
_CODE_SPAN_RE = re.compile(r"(`+)(.*?)\1")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")


# --- model -------------------------------------------------------------------------------------


def _doi(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("summary:doi")
    text = value.strip()
    if re.match(r"^(https?://(dx\.)?doi\.org/|doi:)", text, re.IGNORECASE):
        raise ValueError("summary:doi_prefix")
    if not DOI_RE.match(text):
        raise ValueError("summary:doi")
    return text


def _pmid(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("summary:pmid")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 0 < value < 100_000_000:
        raise ValueError("summary:pmid")
    return value


def _url(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("summary:url")
    text = value.strip()
    scheme = re.sub(r"[\s\x00-\x1f]", "", text).split(":", 1)[0].lower()
    if scheme in {"javascript", "data", "vbscript", "file"}:
        raise ValueError("summary:url_scheme")
    if not re.fullmatch(r"https://[^\s<>\"'`]+", text):
        raise ValueError("summary:url")
    return text


def _year(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
        raise ValueError("summary:year")
    return value


def _version(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("summary:version")
    return value


class Person(_Model):
    navn: Text
    tilknytning: Text


class Method(_Model):
    databaser: Annotated[list[Text], Field(min_length=1)]
    søkedato: IsoDate
    inklusjonskriterier: Text
    søkestrategi: Text | None = None


class Reference(_Model):
    """One reference: cited in the text as `[@id]`."""

    id: Text
    forfattere: Text
    tittel: Text
    tidsskrift: Text
    år: Annotated[int, BeforeValidator(_year)]
    # One validator per field (not a union with None), so a bad value gives one message, not two.
    doi: Annotated[str | None, BeforeValidator(_doi)] = None
    pmid: Annotated[int | None, BeforeValidator(_pmid)] = None
    url: Annotated[str | None, BeforeValidator(_url)] = None

    @field_validator("id")
    @classmethod
    def _key(cls, value: str) -> str:
        if not KEY_RE.match(value):
            raise ValueError("summary:key")
        return value

    @property
    def doi_url(self) -> str:
        # Parentheses and semicolons are legal in DOIs; encoded, the link survives any Markdown engine.
        return "https://doi.org/" + urllib.parse.quote(self.doi or "", safe="/.-_:")

    @property
    def pubmed_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"


class SummaryMeta(_Model):
    """The front matter of a `kunnskapsoppsummering.md`."""

    tittel: Text | None = None
    spørsmål: Text
    metode: Method
    forfattere: Annotated[list[Person], Field(min_length=1)]
    fagfeller: list[Person]
    brukerrepresentanter: list[Person]
    interessekonflikter: Text
    senter: Text | None = None
    versjon: Annotated[int, BeforeValidator(_version)]
    publisert: IsoDate
    siste_litteratursøk: IsoDate
    neste_oppdatering: IsoDate
    sitering: Text | None = None
    eksempeltekst: bool = False
    beskrivelse: Text | None = None
    referanser: Annotated[list[Reference], Field(min_length=1)]


_MESSAGES = {
    "doi": "ugyldig DOI; en DOI begynner med 10., har en skråstrek og ingen mellomrom, f.eks. 10.1136/jmg.2009.072785",
    "doi_prefix": "skriv bare selve DOI-en, uten «https://doi.org/» eller «doi:», f.eks. 10.1136/jmg.2009.072785",
    "pmid": "ugyldig PMID; skriv PubMed-nummeret som et helt tall, f.eks. 20591885",
    "url": "må være en fullstendig https://-adresse",
    "url_scheme": "adresser som begynner med javascript:, data:, vbscript: eller file: er ikke tillatt; bruk en https://-adresse",
    "year": "må være et årstall med fire sifre, f.eks. 2010",
    "version": "må være et helt tall fra 1 og oppover, f.eks. 2 (øk det når oppsummeringen oppdateres)",
    "key": "ugyldig nøkkel; bruk små bokstaver a–z, tall, - og _, f.eks. loeys2010",
}
_MARKER_RE = re.compile(r"^ugyldig verdi \(.*summary:([a-z_]+).*\)$")


def _reworded(problems: list[Problem]) -> list[Problem]:
    """Our validators' error codes, turned into the sentence the editor needs."""
    out = []
    for p in problems:
        m = _MARKER_RE.match(p.message)
        out.append(Problem(p.path, p.line, p.field, _MESSAGES[m.group(1)]) if m and m.group(1) in _MESSAGES else p)
    return out


# --- the joined summary --------------------------------------------------------------------------


@dataclass
class Summary:
    """A validated summary, with its references numbered and the subject it is about resolved."""

    doc: Document
    meta: SummaryMeta
    sections: list[Section]
    references: list[Reference]  # in the order first cited: reference n is references[n - 1]
    body: str  # the Markdown body, citations replaced by numbered links
    history: History
    diagnosis: Diagnosis | None = None
    group: OrphaEntity | None = None
    centre_id: str = ""
    centre: Centre | None = None
    plain_summary: str = ""  # «Sammendrag på klarspråk» as plain text, for descriptions

    @property
    def url(self) -> str:
        if self.diagnosis is not None:
            return f"{self.diagnosis.url}kunnskapsoppsummering/"
        assert self.group is not None
        return f"grupper/{self.group.code.value}/kunnskapsoppsummering/"

    @property
    def subject(self) -> str:
        if self.diagnosis is not None:
            return self.diagnosis.meta.tittel
        return self.group.name if self.group is not None else ""

    @property
    def title(self) -> str:
        return self.meta.tittel or f"Kunnskapsoppsummering: {self.subject}"

    def overdue(self, today: date) -> bool:
        return self.meta.neste_oppdatering < today

    @property
    def citation(self) -> str:
        """How to cite: the editor's own wording, or one built from the data (never stale)."""
        if self.meta.sitering:
            return self.meta.sitering
        authors = ", ".join(p.navn for p in self.meta.forfattere)
        return (
            f"{authors}. {self.title}. Versjon {self.meta.versjon}. {PUBLISHER}; {self.meta.publisert.year}. "
            f"Siste litteratursøk {self.meta.siste_litteratursøk.isoformat()}. {SITE_URL}{self.url}"
        )


def _line(doc: Document, *loc: Any) -> int:
    return line_of(doc.data, loc, doc.meta_line)


def cite_keys(inner: str) -> list[str] | None:
    """`@a; @b` → ['a', 'b']; None when the citation is malformed."""
    keys = []
    for part in inner.split(";"):
        part = part.strip()
        if not part.startswith("@") or not KEY_RE.match(part[1:]):
            return None
        keys.append(part[1:])
    return keys


def _citations(doc: Document) -> list[tuple[int, int, str, list[str] | None]]:
    """Every `[@...]` in the body outside code: (file line, position in line, text, keys or None)."""
    found = []
    fenced = False
    for i, line in enumerate(doc.body.split("\n")):
        if _FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        masked = _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)
        for m in CITATION_RE.finditer(masked):
            found.append((doc.body_line + i, m.start(), m.group(0), cite_keys(m.group(1))))
    return found


def _cite_html(numbers: list[int]) -> str:
    links = ", ".join(f'<a href="#ref-{n}" title="Referanse {n}">{n}</a>' for n in numbers)
    return f'<sup class="sjelden-cite">[{links}]</sup>'


def _replace_citations(body: str, numbers: dict[str, int]) -> str:
    out = []
    fenced = False
    for line in body.split("\n"):
        if _FENCE_RE.match(line):
            fenced = not fenced
        if fenced or "[@" not in line:
            out.append(line)
            continue
        pieces = []
        last = 0
        for span in [*_CODE_SPAN_RE.finditer(line), None]:
            end = span.start() if span else len(line)
            text = line[last:end]
            text = _CITATION_WS_RE.sub(lambda m: _cite_html([numbers[k] for k in dict.fromkeys(cite_keys(m.group(1)) or [])]), text)
            pieces.append(text)
            if span:
                pieces.append(span.group(0))
                last = span.end()
        out.append("".join(pieces))
    return "\n".join(out)


def check_references(doc: Document) -> tuple[dict[str, int], list[Problem]]:
    """Citations against `referanser`: unknown keys, malformed citations, unused and duplicate
    references. Works on the raw front matter, so these problems show even when a field is wrong."""
    problems: list[Problem] = []
    raw = doc.data.get("referanser") if isinstance(doc.data, dict) else None
    items = list(raw) if isinstance(raw, list) else []
    keys: dict[str, int] = {}  # key → index in the list
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue  # the model says what is wrong with it
        key = item["id"].strip()
        line = _line(doc, "referanser", index, "id")
        if key in keys:
            first = _line(doc, "referanser", keys[key], "id")
            problems.append(Problem(doc.display, line, f"referanser.{index}.id", f"nøkkelen «{key}» er brukt før (linje {first}); gi referansen en egen nøkkel"))
            continue
        keys[key] = index
        if not any(item.get(k) not in (None, "") for k in ("doi", "pmid", "url")):
            problems.append(Problem(doc.display, _line(doc, "referanser", index), f"referanser.{index}", "mangler doi, pmid eller url; oppgi minst én, slik at leseren finner kilden"))
    for kind in ("doi", "pmid"):
        first_seen: dict[str, int] = {}
        for index, item in enumerate(items):
            value = item.get(kind) if isinstance(item, dict) else None
            if value in (None, ""):
                continue
            norm = str(value).strip().lower()
            if norm in first_seen:
                problems.append(Problem(doc.display, _line(doc, "referanser", index, kind), f"referanser.{index}.{kind}", f"samme {kind.upper()} som referanse nr. {first_seen[norm] + 1} i listen; slå referansene sammen"))
            else:
                first_seen[norm] = index
    numbers: dict[str, int] = {}
    for line, _, text, cited in _citations(doc):
        if cited is None:
            problems.append(Problem(doc.display, line, None, f"henvisningen {text} er feil skrevet; skriv [@nøkkel] eller [@nøkkel1; @nøkkel2]"))
            continue
        for key in cited:
            if key not in keys:
                close = difflib.get_close_matches(key, list(keys), n=1)
                hint = f"mente du «{close[0]}»?" if close else "legg den til under «referanser» eller rett nøkkelen"
                problems.append(Problem(doc.display, line, None, f"henvisningen [@{key}] viser til en referanse som ikke finnes under «referanser»; {hint}"))
                continue
            numbers.setdefault(key, len(numbers) + 1)
    for key, index in keys.items():
        if key not in numbers:
            problems.append(Problem(doc.display, _line(doc, "referanser", index, "id"), f"referanser.{index}.id", f"referansen «{key}» er ikke brukt i teksten; siter den med [@{key}] eller fjern den"))
    return numbers, problems


def check_results(doc: Document, sections: list[Section]) -> list[Problem]:
    """«Resultater» is divided by the diagnosis page's headings (###), in the template's order."""
    problems: list[Problem] = []
    results = next((s for s in sections if s.title == "Resultater"), None)
    if results is None:
        return problems
    h2_after = [line for level, _, line in headings(doc.body, doc.body_line) if level == 2 and line > results.line]
    end = min(h2_after, default=10**9)
    subs = [(text, line) for level, text, line in headings(doc.body, doc.body_line) if level == 3 and results.line < line < end]
    if not subs:
        return [Problem(doc.display, results.line, None, f"«Resultater» skal deles inn med diagnosemalens overskrifter (### {RESULT_HEADINGS[0]}, ### {RESULT_HEADINGS[1]}, ...); legg til minst én")]
    order = []
    for text, line in subs:
        if text not in RESULT_HEADINGS:
            close = difflib.get_close_matches(text, RESULT_HEADINGS, n=1)
            hint = f"; mente du «{close[0]}»?" if close else f"; bruk en av {', '.join(RESULT_HEADINGS)}"
            problems.append(Problem(doc.display, line, None, f"ukjent overskrift «{text}» under «Resultater»{hint}"))
        else:
            order.append((RESULT_HEADINGS.index(text), text, line))
    for (a, _, _), (b, text, line) in zip(order, order[1:], strict=False):
        if b <= a:
            problems.append(Problem(doc.display, line, None, f"«{text}» står i feil rekkefølge under «Resultater»; rekkefølgen er {', '.join(RESULT_HEADINGS)}"))
    return problems


def _check_dates(doc: Document, meta: SummaryMeta) -> list[Problem]:
    problems = []
    if meta.siste_litteratursøk < meta.metode.søkedato:
        problems.append(Problem(doc.display, _line(doc, "siste_litteratursøk"), "siste_litteratursøk", "kan ikke være før metode.søkedato; rett datoen"))
    if meta.publisert < meta.metode.søkedato:
        problems.append(Problem(doc.display, _line(doc, "publisert"), "publisert", "kan ikke være før metode.søkedato (oppsummeringen bygger på søket); rett datoen"))
    if meta.neste_oppdatering <= meta.siste_litteratursøk:
        problems.append(Problem(doc.display, _line(doc, "neste_oppdatering"), "neste_oppdatering", "må være etter siste_litteratursøk; rett datoen"))
    return problems


def _plain(markdown: str) -> str:
    text = CITATION_RE.sub("", markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`>#|]", "", text)
    return " ".join(text.split()).replace(" .", ".").replace(" ,", ",")


def read_summary(path: Path, display: str, root: Path) -> tuple[Summary | None, list[Problem]]:
    """One summary file: validated, its citations resolved. The subject is joined by the caller."""
    try:
        doc = read_markdown(path, display)
    except ContentError as exc:
        return None, exc.problems
    meta, problems = validate(SummaryMeta, doc)
    problems = _reworded(problems)
    sections, found = check_sections(doc, SUMMARY_SECTIONS)
    for _, text, line in headings(doc.body, doc.body_line):
        if text == REFERENCES_SECTION:
            found = [p for p in found if not (p.line == line and f"«{REFERENCES_SECTION}»" in p.message)]
            found.append(Problem(display, line, None, f"avsnittet «{REFERENCES_SECTION}» lages automatisk fra «referanser»; fjern overskriften og listen under den"))
    problems += found + check_results(doc, sections) + check_markdown(display, doc.body, doc.body_line)
    numbers, found = check_references(doc)
    problems += found
    if meta is None:
        return None, problems
    problems += _check_dates(doc, meta)
    if problems:
        return None, problems
    by_key = {r.id: r for r in meta.referanser}
    references = sorted((by_key[k] for k in numbers), key=lambda r: numbers[r.id])
    plain = next((_plain(s.text) for s in sections if s.title == SUMMARY_SECTIONS[0]), "")
    summary = Summary(
        doc=doc,
        meta=meta,
        sections=sections,
        references=references,
        body=_replace_citations(doc.body, numbers).strip(),
        history=History(path, root),
        plain_summary=plain,
    )
    return summary, []


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _join_centre(summary: Summary, default: str | None, site: Site) -> list[Problem]:
    doc = summary.doc
    centre_id = summary.meta.senter or default
    if centre_id is None:
        return [Problem(doc.display, doc.meta_line, "senter", "mangler; en oppsummering for en diagnosegruppe må ha et ansvarlig senter (id fra data/centres.yml)")]
    summary.centre_id = centre_id
    summary.centre = site.centres.get(centre_id)
    if summary.centre is None:
        close = difflib.get_close_matches(centre_id, list(site.centres), n=1)
        hint = f"mente du «{close[0]}»?" if close else f"gyldige er {', '.join(sorted(site.centres))}"
        return [Problem(doc.display, _line(doc, "senter"), "senter", f"ukjent senter «{centre_id}» (se data/centres.yml); {hint}")]
    return []


def load_summaries(settings: Settings, site: Site, today: date) -> list[Problem]:
    """Read, validate and join every summary onto `site.summaries`; return the problems found
    (and a warning for every summary whose update is overdue)."""
    base = settings.path(settings.content_dir)
    root = settings.root
    problems: list[Problem] = []
    summaries: list[Summary] = []
    if not base.is_dir():
        return problems
    by_slug = {d.slug: d for d in site.diagnoses}
    for d in site.diagnoses:  # listed at the bottom of each page (templates/summary_history.md.j2)
        d.doc.extra.setdefault("history", History(d.doc.path, root))
    for entry in sorted(base.iterdir()):
        if entry.name == GROUPS_FOLDER or not entry.is_dir() or entry.is_symlink() or not SLUG_RE.match(entry.name):
            continue  # read_diagnoses reports folders that are not diagnoses
        path = entry / SUMMARY_FILE
        if not path.exists() and not path.is_symlink():
            continue
        summary, found = read_summary(path, _display(path, root), root)
        problems += found
        diagnosis = by_slug.get(entry.name)
        if summary is None or diagnosis is None:
            continue  # a diagnosis page that failed validation has its own problems reported
        summary.diagnosis = diagnosis
        found = _join_centre(summary, diagnosis.meta.senter, site)
        problems += found
        if not found:
            summaries.append(summary)
    groups = base / GROUPS_FOLDER
    if groups.is_dir() and not groups.is_symlink():
        for entry in sorted(groups.iterdir()):
            display = _display(entry, root)
            if entry.name.startswith(".") or entry.name == "README.md":
                continue
            if not entry.is_dir() or entry.is_symlink() or not entry.name.isdigit():
                problems.append(Problem(display, None, None, f"hver gruppeoppsummering skal ligge i en mappe med gruppens ORPHA-kode: {GROUPS_FOLDER}/<kode>/{SUMMARY_FILE}, f.eks. {GROUPS_FOLDER}/284993/"))
                continue
            path = entry / SUMMARY_FILE
            if not path.exists() and not path.is_symlink():
                problems.append(Problem(display, None, None, f"mangler {SUMMARY_FILE}; legg oppsummeringen i denne mappen eller fjern mappen"))
                continue
            code = OrphaCode(int(entry.name))
            entity = site.orpha.get(code)
            if entity is None or not entity.active or entity.level is not Level.GROUP:
                what = "finnes ikke" if entity is None else f"({entity.name}) er ikke aktiv" if not entity.active else f"({entity.name}) er ikke en diagnosegruppe"
                problems.append(Problem(display, None, None, f"{code} {what} i Orphanet-data ({site.orpha.release}); gi mappen koden til en aktiv diagnosegruppe, se /grupper/"))
                continue
            summary, found = read_summary(path, _display(path, root), root)
            problems += found
            if summary is None:
                continue
            summary.group = entity
            found = _join_centre(summary, None, site)
            problems += found
            if not found:
                summaries.append(summary)
    site.summaries = sorted(summaries, key=lambda s: s.url)
    for s in site.summaries:
        if s.overdue(today):
            problems.append(Problem(
                s.doc.display, _line(s.doc, "neste_oppdatering"), "neste_oppdatering",
                f"oppdateringen skulle vært gjort innen {s.meta.neste_oppdatering.isoformat()}; søk i litteraturen på nytt, oppdater teksten, øk versjon og sett nye datoer",
                severity="warning",
            ))
    return problems


# --- pages ---------------------------------------------------------------------------------------


def references_html(references: list[Reference]) -> str:
    """The numbered reference list as HTML: every value escaped, every link written out in full."""
    e = html.escape
    items = []
    for n, ref in enumerate(references, start=1):
        links = []
        if ref.doi:
            links.append(f'DOI: <a href="{e(ref.doi_url)}">{e(ref.doi)}</a>')
        if ref.pmid:
            links.append(f'PubMed: <a href="{e(ref.pubmed_url)}">PMID {ref.pmid}</a>')
        if ref.url:
            links.append(f'Nett: <a href="{e(ref.url)}">{e(ref.url)}</a>')
        title = ref.tittel.rstrip(".")
        items.append(
            f'<li id="ref-{n}" value="{n}">{e(ref.forfattere.rstrip("."))}. {e(title)}. <i>{e(ref.tidsskrift)}</i>. {ref.år}. '
            + " · ".join(links) + "</li>"
        )
    return '<ol class="sjelden-references">\n' + "\n".join(items) + "\n</ol>"


def summary_jsonld(s: Summary) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalScholarlyArticle",
        "headline": s.title,
        "inLanguage": "nb",
        "version": str(s.meta.versjon),
        "datePublished": s.meta.publisert.isoformat(),
        "author": [{"@type": "Person", "name": p.navn, "affiliation": p.tilknytning} for p in s.meta.forfattere],
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "citation": [f"https://doi.org/{r.doi}" if r.doi else r.pubmed_url if r.pmid else r.url for r in s.references],
    }
    entities = s.diagnosis.entities if s.diagnosis is not None else [s.group] if s.group is not None else []
    if entities:
        data["about"] = [{"@type": "MedicalCondition", "name": e.name, "code": {"@type": "MedicalCode", "codingSystem": "ORPHA", "codeValue": str(e.code.value)}} for e in entities]
    return data


def summary_pages(site: Site, settings: Settings, today: date) -> dict[str, bytes]:
    """A page per summary: src_uri → Markdown with front matter."""
    # render imports this module; importing it here keeps the import graph acyclic.
    from build_tools import render

    if not site.summaries:
        return {}
    renderer = render.Renderer(site, settings, today)
    template = renderer.env.get_template("summary.md.j2")
    pages: dict[str, bytes] = {}
    for s in site.summaries:
        # The page it summarises is one level up; a group page outside a sampled build is on orpha.net.
        built = s.diagnosis is not None or (s.group is not None and s.group.code in renderer.built)
        subject_url = "../" if built or s.group is None else s.group.code.url
        body = template.render(
            s=s,
            notice=s.meta.eksempeltekst and settings.example_notice,
            overdue=s.overdue(today),
            subject_url=subject_url,
            references=references_html(s.references),
        )
        description = s.meta.beskrivelse or render._describe(s.plain_summary or s.meta.spørsmål)
        meta: dict[str, Any] = {
            "title": s.title,
            "description": description,
            "sjelden": {
                "kind": "kunnskapsoppsummering",
                "source": s.doc.display,
                "versjon": s.meta.versjon,
                "siste_litteratursøk": s.meta.siste_litteratursøk.isoformat(),
                "neste_oppdatering": s.meta.neste_oppdatering.isoformat(),
            },
            "jsonld": summary_jsonld(s),
        }
        pages[f"{s.url}index.md"] = (render._front_matter(meta) + render._tidy(body)).encode("utf-8")
    return pages


__all__ = [
    "GROUPS_FOLDER",
    "SUMMARY_FILE",
    "SUMMARY_SECTIONS",
    "Reference",
    "Summary",
    "SummaryMeta",
    "load_summaries",
    "references_html",
    "summary_pages",
]
