"""Reading, validating and joining knowledge summaries; references and citations checked.

`load(settings, loaded, today)` returns every summary (the kind's part, `site.summaries`) and the problems
(unknown or unused references, malformed DOIs/PMIDs, missing sections, unknown groups, ...), each
with path and line, and warns of overdue updates.
"""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

from build_tools.core.changes import check_changes
from build_tools.core.checks import check_markdown
from build_tools.core.errors import ContentError, Problem, display_path
from build_tools.core.pages import plain
from build_tools.core.read import Document, read_markdown
from build_tools.core.settings import Settings
from build_tools.core.validate import SLUG_RE, Section, check_sections, headings, line_of, validate
from build_tools.kinds.diagnoses.model import DiagnosesPart
from build_tools.kinds.parts import Loaded
from build_tools.kinds.summaries.model import (
    CITATION_RE,
    CITATION_WS_RE,
    CODE_SPAN_RE,
    FENCE_RE,
    GROUPS_FOLDER,
    KEY_RE,
    REFERENCES_SECTION,
    RESULT_HEADINGS,
    SUMMARY_FILE,
    SUMMARY_SECTIONS,
    SummariesPart,
    Summary,
    SummaryMeta,
)
from build_tools.orphanet.model import Level, OrphaCode
from build_tools.orphanet.resolve import CodeProblem, resolve


def _line(doc: Document, *loc: int | str) -> int:
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
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        masked = CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)
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
        if FENCE_RE.match(line):
            fenced = not fenced
        if fenced or "[@" not in line:
            out.append(line)
            continue
        pieces = []
        last = 0
        for span in [*CODE_SPAN_RE.finditer(line), None]:
            end = span.start() if span else len(line)
            text = line[last:end]
            text = CITATION_WS_RE.sub(lambda m: _cite_html([numbers[k] for k in dict.fromkeys(cite_keys(m.group(1)) or [])]), text)
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
        ref_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(ref_id, str):
            continue  # the model says what is wrong with it
        key = ref_id.strip()
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
    """Plain text of a summary's Markdown: citations left out, no space before punctuation."""
    return plain(CITATION_RE.sub("", markdown)).replace(" .", ".").replace(" ,", ",")


def read_summary(path: Path, display: str) -> tuple[Summary | None, list[Problem]]:
    """One summary file: validated, its citations resolved. The subject is joined by the caller."""
    try:
        doc = read_markdown(path, display)
    except ContentError as exc:
        return None, exc.problems
    meta, problems = validate(SummaryMeta, doc)
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
        plain_summary=plain,
    )
    return summary, []


def _join_centre(summary: Summary, default: str | None, site: DiagnosesPart) -> list[Problem]:
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


def load(settings: Settings, loaded: Loaded, today: date) -> tuple[SummariesPart, list[Problem]]:
    """Read, validate and join every summary; return them (the kind's part) and the problems found
    (and a warning for every summary whose update is overdue)."""
    site = loaded.part("diagnoses", DiagnosesPart)  # a summary belongs to an authored page (or a group) and names a centre
    base = settings.path(settings.content_dir)
    root = settings.root
    problems: list[Problem] = []
    summaries: list[Summary] = []
    if not base.is_dir():
        return SummariesPart([]), problems
    by_slug = {d.slug: d for d in site.diagnoses}
    for entry in sorted(base.iterdir()):
        if entry.name == GROUPS_FOLDER or not entry.is_dir() or entry.is_symlink() or not SLUG_RE.match(entry.name):
            continue  # read_diagnoses reports folders that are not diagnoses
        path = entry / SUMMARY_FILE
        if not path.exists() and not path.is_symlink():
            continue
        summary, found = read_summary(path, display_path(path, root))
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
            display = display_path(entry, root)
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
            fix = "gi mappen koden til en aktiv diagnosegruppe, se /grupper/"
            entity = resolve(loaded.orpha, code, use=fix, unknown=fix, retired=fix)
            if isinstance(entity, CodeProblem) or entity.level is not Level.GROUP:
                what = entity.what if isinstance(entity, CodeProblem) else f"{code} ({entity.name}) er ikke en diagnosegruppe i Orphanet-data ({loaded.orpha.release})"
                problems.append(Problem(display, None, None, f"{what}; {fix}"))
                continue
            summary, found = read_summary(path, display_path(path, root))
            problems += found
            if summary is None:
                continue
            summary.group = entity
            found = _join_centre(summary, None, site)
            problems += found
            if not found:
                summaries.append(summary)
    part = SummariesPart(sorted(summaries, key=lambda s: s.url))
    for s in part.summaries:
        problems += check_changes(s.doc, s.meta.endringer, s.meta.publisert, today)
        if s.overdue(today):
            problems.append(Problem(
                s.doc.display, _line(s.doc, "neste_oppdatering"), "neste_oppdatering",
                f"oppdateringen skulle vært gjort innen {s.meta.neste_oppdatering.isoformat()}; søk i litteraturen på nytt, oppdater teksten, øk versjon og sett nye datoer",
                severity="warning",
            ))
    return part, problems




def sources(settings: Settings) -> tuple[Path, ...]:
    """What `load` reads: the summaries beside the diagnosis pages and in the groups' folders
    (their diagnosis pages are the diagnoses kind's)."""
    base = settings.path(settings.content_dir)
    return (*sorted(base.glob(f"*/{SUMMARY_FILE}")), *sorted(base.glob(f"{GROUPS_FOLDER}/*/{SUMMARY_FILE}")))
