"""Checks of authored diagnosis pages beyond their model: guidance left in, links, anchors, review dates.

After the join, `check_site` resolves internal links and anchors between diagnosis pages and to
`/orpha/<code>/`, `/grupper/<code>/` and the hand-written pages; ORPHA codes that are no longer
active; review dates that have passed (a warning, not a failed build).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from build_tools.core.checks import COMMENT_RE, Link, anchors, check_markdown, links, prose
from build_tools.core.errors import ContentError, Problem
from build_tools.core.pages import TEMPLATES
from build_tools.core.read import Document, LineDict, read_markdown
from build_tools.core.validate import headings
from build_tools.kinds.catalogue.facts import best_prevalence, chosen_prevalences, prevalence_line
from build_tools.kinds.diagnoses.facts import FIGURE_RE, drift_warnings, fact_problems, figure_interval, prevalence_figure
from build_tools.kinds.diagnoses.join import join
from build_tools.kinds.diagnoses.model import DIAGNOSIS_SECTIONS, DiagnosesPart, Diagnosis, DiagnosisMeta
from build_tools.orphanet.model import Level, OrphaCode, OrphaData
from build_tools.orphanet.resolve import CodeProblem, resolve


def check_guidance(doc: Document, required: tuple[str, ...] = DIAGNOSIS_SECTIONS) -> list[Problem]:
    """Sections that hold only the scaffold's guidance comment (an empty section is the model's to report)."""
    problems = []
    lines = doc.body.split("\n")
    h2 = [(title, line) for level, title, line in headings(doc.body, doc.body_line) if level == 2]
    for index, (title, line) in enumerate(h2):
        end = h2[index + 1][1] if index + 1 < len(h2) else doc.body_line + len(lines)
        raw = "\n".join(lines[line - doc.body_line + 1 : end - doc.body_line])
        if raw.strip() and not COMMENT_RE.sub("", raw).strip() and "<!--" in raw and title in required:
            problems.append(Problem(doc.display, line, None, f"avsnittet «{title}» har bare veiledningen fra malen; skriv teksten under kommentaren"))
    return problems


def check_document(doc: Document) -> list[Problem]:
    """Everything about one page's body that can be judged without the rest of the site."""
    return check_markdown(doc.display, doc.body, doc.body_line) + check_guidance(doc)



_TEMPLATE_IDS_RE = re.compile(r"\{ #([A-Za-z0-9_-]+) \}")


def _template_anchors() -> set[str]:
    # Headings the diagnosis template adds around the authored text (e.g. «om-siden»).
    folder = TEMPLATES
    ids: set[str] = set()
    for name in ("diagnosis.md.j2", "_macros.md.j2"):
        path = folder / name
        if path.is_file():
            ids |= set(_TEMPLATE_IDS_RE.findall(path.read_text(encoding="utf-8")))
    return ids


@dataclass
class _Target:
    exists: bool
    anchors: set[str] | None  # None: anchors are not checked (pages we do not see as Markdown)
    message: str = ""


class LinkChecker:
    """Resolves the links of authored pages against what the site will contain."""

    def __init__(self, orpha: OrphaData, pages: dict[str, Document], docs_dir: Path):
        self.orpha = orpha
        self.pages = pages  # slug → document, for every authored diagnosis page that could be read
        self.docs_dir = docs_dir
        self.extra_anchors = _template_anchors()

    def _orpha_target(self, kind: str, raw: str) -> _Target:
        try:
            code = OrphaCode.parse(raw)
        except ValueError:
            return _Target(False, None, f"«{raw}» er ikke en ORPHA-kode")
        entity = resolve(self.orpha, code, use="lenk dit")
        if isinstance(entity, CodeProblem):
            return _Target(False, None, entity.message)
        if kind == "grupper" and entity.level is not Level.GROUP:
            return _Target(False, None, f"{code} er ikke en diagnosegruppe; lenk til /orpha/{code.value}/")
        return _Target(True, None)

    def resolve(self, path: str) -> _Target:
        """A site path (from the root, no leading slash) to what it leads to."""
        parts = [p for p in path.split("/") if p]
        if parts and parts[-1] in {"index.md", "index.html"}:
            parts = parts[:-1]
        if len(parts) == 2 and parts[0] == "diagnoser":
            doc = self.pages.get(parts[1])
            if doc is None:
                close = sorted(self.pages, key=lambda s: -_similarity(s, parts[1]))[:1]
                hint = f"; mente du ../{close[0]}/?" if close and _similarity(close[0], parts[1]) > 0.6 else ""
                return _Target(False, None, f"diagnosesiden «{parts[1]}» finnes ikke{hint}")
            return _Target(True, anchors(doc.body) | self.extra_anchors)
        if len(parts) == 2 and parts[0] in {"orpha", "grupper"}:
            return self._orpha_target(parts[0], parts[1])
        if parts in (["diagnoser"], ["grupper"]) or not parts:
            return _Target(True, None)
        rel = "/".join(parts)
        suffix = posixpath.splitext(rel)[1].lower()
        if suffix and suffix not in {".md", ".html"}:
            if (self.docs_dir / rel).is_file():
                return _Target(True, None)
            return _Target(False, None, f"filen /{rel} finnes ikke på nettstedet; legg filen under docs/ (bilder i docs/bilder/) og lenk til den, f.eks. /bilder/navn.png")
        for candidate in (rel, f"{rel}.md", f"{rel}/index.md", rel.removesuffix(".html") + ".md"):
            if candidate.endswith(".md") and (self.docs_dir / candidate).is_file():
                return _Target(True, anchors((self.docs_dir / candidate).read_text(encoding="utf-8")))
            if not candidate.endswith(".md") and (self.docs_dir / candidate).is_file():
                return _Target(True, None)
        return _Target(False, None, f"siden /{rel}/ finnes ikke på nettstedet")

    def check(self, display: str, page_url: str, body: str, first_line: int, own_anchors: set[str]) -> list[Problem]:
        """The links in one body; `page_url` is where the page is published (e.g. `diagnoser/x/`)."""
        problems = []
        for link in links(prose(body), first_line):
            url = link.url
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("mailto:"):
                problems += self._external(display, link)
                continue
            if not parts.path:
                if parts.fragment and parts.fragment not in own_anchors:
                    problems.append(Problem(display, link.line, None, f"lenken {url} peker til et avsnitt som ikke finnes på siden; bruk et av {_listing(own_anchors)}"))
                continue
            path = unquote(parts.path)
            site_path = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(page_url, path))
            if site_path.startswith(".."):
                problems.append(Problem(display, link.line, None, f"lenken {url} peker ut av nettstedet; sjekk antall ../"))
                continue
            target = self.resolve(site_path)
            if not target.exists:
                problems.append(Problem(display, link.line, None, f"lenken {url} er brutt: {target.message}"))
            elif parts.fragment and target.anchors is not None and parts.fragment not in target.anchors:
                problems.append(Problem(display, link.line, None, f"lenken {url} peker til et avsnitt som ikke finnes; bruk et av {_listing(target.anchors)}"))
        return problems

    def _external(self, display: str, link: Link) -> list[Problem]:
        # Links to Orphanet's own pages for a code that is no longer active.
        m = re.match(r"https?://(?:www\.)?orpha\.net/.*?(?:detail/|Expert=|ORPHA[:_])(\d+)", link.url, re.I)
        if not m:
            return []
        target = self._orpha_target("orpha", m.group(1))
        if target.exists or "finnes ikke" in target.message:
            return []
        return [Problem(display, link.line, None, f"lenken {link.url} er utdatert: {target.message}")]


def _similarity(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio()


def _listing(ids: Iterable[str]) -> str:
    shown = sorted(ids)
    return ", ".join(f"#{i}" for i in shown[:8]) + (" …" if len(shown) > 8 else "") if shown else "(ingen overskrifter)"


def read_pages(content_dir: Path, root: Path) -> dict[str, Document]:
    """Every authored diagnosis page that can be read (whatever the models think of it): slug → document."""
    pages: dict[str, Document] = {}
    if not content_dir.is_dir():
        return pages
    for index in sorted(content_dir.glob("*/index.md")):
        if index.is_symlink() or not index.parent.name or index.parent.is_symlink():
            continue
        try:
            display = index.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            display = index.as_posix()
        try:
            pages[index.parent.name] = read_markdown(index, display)
        except ContentError:
            continue  # reported by the pipeline's reader
    return pages


def review_warnings(diagnoses: Iterable[Diagnosis], today: date) -> list[Problem]:
    """Pages whose `neste_revisjon` has passed: a warning for the editors, not a failed build."""
    problems = []
    for d in diagnoses:
        due = d.meta.neste_revisjon
        if due < today:
            data = d.doc.data
            line = data.lines.get("neste_revisjon", d.doc.meta_line) if isinstance(data, LineDict) else d.doc.meta_line
            problems.append(Problem(
                d.doc.display, line, "neste_revisjon",
                f"revisjonsdatoen {due.isoformat()} er passert; gå gjennom teksten, sett sist_revidert til dagens dato og neste_revisjon fram i tid",
                severity="warning",
            ))
    return problems


def _class_interval(text: str) -> tuple[float, float] | None:
    m = re.fullmatch(r"\s*([<>]?)\s*(\d+)(?:\s*-\s*(\d+))?\s*/\s*([\d ]+)", text)
    return figure_interval(m.group(1), m.group(2), m.group(3), m.group(4)) if m else None


def prevalence_warnings(diagnoses: Iterable[Diagnosis]) -> list[Problem]:
    """A figure in the «Forekomst» text that the fact box does not show: a warning, as the reader
    would see two figures that disagree. The fact box's choice is `facts.chosen_prevalences`."""
    problems = []
    for d in diagnoses:
        section = next((s for s in d.sections if s.title == "Forekomst"), None)
        if section is None:
            continue
        fakta = d.meta.fakta
        if fakta is not None:
            # A reviewed page shows its editors' figure, or none.
            reviewed = fakta.forekomst
            shown = [i for i in [prevalence_figure(reviewed.verdi) if reviewed else None] if i]
            box = prevalence_line(reviewed) if reviewed else "ingen forekomst"
        else:
            shown = [i for e in d.entities for p in chosen_prevalences(e) if (i := _class_interval(p.prevalence_class))]
            box = "; ".join(b for e in d.entities if (b := best_prevalence(e))) or "ingen forekomst"
        lines = d.doc.body.split("\n")
        start = section.line - d.doc.body_line + 1
        end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
        raw = COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), "\n".join(lines[start:end]))
        for offset, text in enumerate(raw.split("\n")):
            for m in FIGURE_RE.finditer(text):
                figure = figure_interval(m.group("sign") or "", m.group("low"), m.group("high"), m.group("per"))
                if figure is None or any(lo * 0.999 <= figure[0] and figure[1] <= hi * 1.001 for lo, hi in shown):
                    continue
                problems.append(Problem(
                    d.doc.display, section.line + 1 + offset, None,
                    f"teksten under «Forekomst» nevner «{m.group().strip()}», men faktaboksen viser {box}; "
                    "bruk tallet fra faktaboksen eller ta bort tallet (se «Forekomst i faktaboksen» i redaktørveiledningen)",
                    severity="warning",
                ))
    return problems


def check_site(orpha: OrphaData, part: DiagnosesPart, root: Path, content_dir: str, docs_dir: str, today: date) -> list[Problem]:
    """Links and anchors of every authored page, review dates, and the references of pages whose
    front matter did not validate (so that one mistake does not hide the others)."""
    pages = read_pages(root / content_dir, root)
    checker = LinkChecker(orpha, pages, root / docs_dir)
    problems: list[Problem] = []
    valid = {d.slug for d in part.diagnoses}
    stand_ins = []
    for slug, doc in pages.items():
        problems += checker.check(doc.display, f"diagnoser/{slug}/", doc.body, doc.body_line, anchors(doc.body) | checker.extra_anchors)
        if slug not in valid and isinstance(doc.data, LineDict):
            stand_in = _stand_in(doc, slug)
            if stand_in is not None:
                stand_ins.append(stand_in)
    if stand_ins:
        _site, found = join(orpha, part.centres, stand_ins, part.erns)
        problems += [p for p in found if "har allerede en side" not in p.message]
    problems += review_warnings(part.diagnoses, today)
    problems += prevalence_warnings(part.diagnoses)
    problems += fact_problems(part.diagnoses, orpha)
    problems += drift_warnings(part.diagnoses, orpha.release)
    problems += referral_problems(part.diagnoses)
    problems += responsibility_problems(part.diagnoses)
    # Other Markdown beside the diagnosis pages (knowledge summaries): the same safety rules.
    for path in sorted((root / content_dir).glob("**/*.md")):
        if path.name == "index.md" or path.name == "README.md" or path.is_symlink():
            continue
        display = path.relative_to(root).as_posix()
        try:
            doc = read_markdown(path, display)
        except ContentError:
            continue  # the module that owns the file reports it
        problems += check_markdown(doc.display, doc.body, doc.body_line)
    return problems


_SENTENCE_RE = re.compile(r"[^.!?]+[.!?]?")
_REFERRAL_RE = re.compile(r"henvis", re.I)
_NO_REFERRAL_RE = re.compile(r"(uten|ikke|ingen)\s+(\w+\s+)?henvis|henvisning\s+trengs\s+ikke", re.I)


def _sentences(d: Diagnosis) -> Iterator[tuple[int, str]]:
    """The sentences of a page's text with their line numbers, outside code blocks and HTML comments."""
    fenced = False
    for index, line in enumerate(d.doc.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        for sentence in _SENTENCE_RE.findall(COMMENT_RE.sub("", line)):
            yield d.doc.body_line + index, sentence


def referral_problems(diagnoses: list[Diagnosis]) -> list[Problem]:
    """Sentences that speak of a referral on a page whose centre says it takes contact without one."""
    problems = []
    for d in diagnoses:
        centre = d.centre
        if centre is None or centre.uten_henvisning is not True:
            continue
        for line, sentence in _sentences(d):
            if _REFERRAL_RE.search(sentence) and not _NO_REFERRAL_RE.search(sentence):
                problems.append(Problem(
                    d.doc.display, line, None,
                    f"teksten sier at det trengs henvisning («{sentence.strip()}»), men {centre.kortnavn} skriver at man kan ta kontakt uten henvisning "
                    f"({centre.kontakt_kilde}); skriv det slik senteret beskriver det, f.eks. «Du kan kontakte senteret direkte, uten henvisning.»",
                ))
    return problems


_RESPONSIBLE_RE = re.compile(r"\bhar\s+(?:det\s+)?(?:nasjonale\s+)?ansvar(?:et)?\b|\bansvarlig(?:e)?\s+(?:for|kompetansesenter)", re.IGNORECASE)


def responsibility_problems(diagnoses: list[Diagnosis]) -> list[Problem]:
    """Sentences that say a centre is responsible, on a page whose assignment its centre does not
    confirm (`uverifisert` in data/centres.yml): the fact box and the help section say it is not
    confirmed, so the text may not say otherwise."""
    problems = []
    for d in diagnoses:
        source = d.centre_source
        if d.centre is None or source is None or not source.uverifisert:
            continue
        for line, sentence in _sentences(d):
            if _RESPONSIBLE_RE.search(sentence):
                problems.append(Problem(
                    d.doc.display, line, None,
                    f"teksten sier at et senter har ansvaret («{sentence.strip()}»), men ansvaret til {d.centre.kortnavn} er merket uverifisert i data/centres.yml; "
                    "skriv det uten å påstå ansvar, eller legg inn senterets egen side om diagnosen som kilde og fjern «uverifisert»",
                ))
    return problems


def _stand_in(doc: Document, slug: str) -> Diagnosis | None:
    # Unvalidated front matter, enough for join to check the centre and the ORPHA codes.
    data = doc.data
    if not isinstance(data, LineDict):
        return None
    raw = data.get("orpha")
    codes = raw if isinstance(raw, list) else [raw]
    parsed = []
    for code in codes:
        try:
            parsed.append(OrphaCode.parse(code if isinstance(code, int) else str(code)))
        except (ValueError, TypeError):
            continue
    senter = data.get("senter")
    if not isinstance(senter, str) or not senter.strip():
        return None  # the model has said what is wrong with it
    meta = DiagnosisMeta.model_construct(orpha=parsed, senter=senter.strip())
    return Diagnosis(slug=slug, doc=doc, meta=meta, sections=[])
