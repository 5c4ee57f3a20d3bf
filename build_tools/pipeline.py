"""The pipeline: read → validate → join → render, with every content problem found before writing.

`load_site(settings)` reads and validates all content and joins it with Orphanet data, raising one
`ContentError` with every problem. `render_site` turns the `Site` into pages and static files, and
`write_pages` puts them in the build cache, rewriting only what changed.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_tools.checks import check_document, check_site
from build_tools.clock import today
from build_tools.courses import load_courses
from build_tools.errors import ContentError, Problem
from build_tools.join import Diagnosis, Site, join
from build_tools.model import DIAGNOSIS_SECTIONS, SLUG_RE, Centre, DiagnosisMeta, check_sections, validate
from build_tools.orphanet import load_snapshot
from build_tools.read import LineDict, inside, read_markdown, read_yaml
from build_tools.search_norsk import lexicon_problems
from build_tools.summaries import load_summaries

_WRITTEN: dict[Path, dict[str, bytes]] = {}


@dataclass(frozen=True)
class Settings:
    """Where things are and what to build. The MkDocs plugin fills this from `mkdocs.yml`."""

    root: Path
    content_dir: str = "diagnoses"
    docs_dir: str = "docs"  # hand-written pages, for checking links to them
    data_dir: str = "data"
    cache_dir: str = ".cache/sjelden"
    example_notice: bool = True  # show the «eksempeltekst» notice on example pages
    orpha_pages: bool = True  # a page per active ORPHA entity
    orpha_fraction: float = 1.0  # share of ORPHA entities to build (for scaling benchmarks)
    edit_url: str = ""  # prefix for «Rediger denne siden» links, e.g. https://github.com/org/repo/edit/main/
    form_receiver: str = ""  # where course evaluation forms post (https URL); empty: paper forms

    def path(self, name: str) -> Path:
        return self.root / name

    @property
    def pages_dir(self) -> Path:
        return self.root / self.cache_dir / "pages"


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()



def read_centres(settings: Settings) -> tuple[dict[str, Centre], list[Problem]]:
    path = settings.path(settings.data_dir) / "centres.yml"
    display = _display(path, settings.root)
    try:
        doc = read_yaml(path, display)
    except ContentError as exc:
        return {}, exc.problems
    if not isinstance(doc.data, LineDict) or not doc.data:
        return {}, [Problem(display, 1, None, "forventet ett oppslag per senter: <id>: {navn: ..., nettside: ...}")]
    centres: dict[str, Centre] = {}
    problems: list[Problem] = []
    for key, value in doc.data.items():
        line = doc.data.lines[key]
        if not isinstance(key, str) or not SLUG_RE.match(key):
            problems.append(Problem(display, line, str(key), "ugyldig senter-id; bruk små bokstaver, tall og bindestrek"))
            continue
        centre, found = validate(Centre, doc, value)
        problems += [Problem(p.path, p.line, f"{key}.{p.field}" if p.field else key, p.message) for p in found]
        if centre is not None:
            centres[key] = centre
    return centres, problems


def read_diagnoses(settings: Settings) -> tuple[list[Diagnosis], list[Problem]]:
    base = settings.path(settings.content_dir)
    diagnoses: list[Diagnosis] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return [], [Problem(settings.content_dir, None, None, "mappen for diagnoser finnes ikke")]
    slugs: dict[str, str] = {}
    for entry in sorted(base.iterdir()):
        display = _display(entry, settings.root)
        if entry.name.startswith(".") or entry.name in {"README.md", "grupper"}:  # grupper/: group summaries (summaries.py)
            continue
        if entry.is_symlink() and not inside(entry, settings.root):
            problems.append(Problem(display, None, None, "peker ut av depotet (symlink); legg innholdet i depotet"))
            continue
        if not entry.is_dir():
            problems.append(Problem(display, None, None, "hver diagnose skal ligge i sin egen mappe: diagnoses/<slug>/index.md"))
            continue
        if not SLUG_RE.match(entry.name):
            problems.append(Problem(display, None, None, "ugyldig mappenavn; bruk små bokstaver a–z, tall og bindestrek (f.eks. marfans-syndrom)"))
            continue
        if entry.name.lower() in slugs:
            problems.append(Problem(display, None, None, f"samme adresse som {slugs[entry.name.lower()]}; gi mappen et annet navn"))
            continue
        slugs[entry.name.lower()] = display
        index = entry / "index.md"
        if not index.exists() and not index.is_symlink():
            problems.append(Problem(display, None, None, "mangler index.md; lag den med «sjelden new diagnosis»"))
            continue
        if index.is_symlink() and not inside(index, settings.root):
            problems.append(Problem(_display(index, settings.root), None, None, "peker ut av depotet (symlink); legg innholdet i depotet"))
            continue
        try:
            doc = read_markdown(index, _display(index, settings.root))
        except ContentError as exc:
            problems += exc.problems
            continue
        meta, found = validate(DiagnosisMeta, doc)
        sections, section_problems = check_sections(doc, DIAGNOSIS_SECTIONS)
        problems += found + section_problems + check_document(doc)
        if meta is not None:
            diagnoses.append(Diagnosis(slug=entry.name, doc=doc, meta=meta, sections=sections))
    return diagnoses, problems


def load_site(settings: Settings, warnings: list[Problem] | None = None) -> Site:
    """Read, validate and join everything; raise `ContentError` with every problem at once.
    Warnings (e.g. review dates passed) go to `warnings` when given; they never fail the build."""
    problems: list[Problem] = []
    try:
        orpha = load_snapshot(settings.path(settings.data_dir) / "orphanet", settings.root / settings.cache_dir, settings.root)
    except ContentError as exc:
        raise ContentError(exc.problems) from None
    centres, found = read_centres(settings)
    problems += found
    diagnoses, found = read_diagnoses(settings)
    problems += found
    site, found = join(orpha, centres, diagnoses)
    problems += found
    # Links, anchors and review dates of every authored page (build_tools/checks.py).
    problems += check_site(site, settings.root, settings.content_dir, settings.docs_dir, today())
    # Further content kinds join onto the site here, each reporting its own problems.
    problems += load_summaries(settings, site, today())
    problems += load_courses(settings, site, today())
    problems += lexicon_problems(settings.path(settings.data_dir), settings.root)  # the search's Norwegian lexicon
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(problems)
    if warnings is not None:
        warnings += ContentError(problems).problems
    return site


def write_pages(pages: dict[str, bytes], target: Path) -> tuple[list[str], list[str]]:
    """Write `pages` (relative path → content) under `target`, touching only files whose content
    changed, and removing files no longer produced. Returns (written, removed) relative paths."""
    target.mkdir(parents=True, exist_ok=True)
    # What this process last wrote there (`mkdocs serve`): compared in memory, not re-read from disk.
    last = _WRITTEN.get(target)
    written: list[str] = []
    for rel, content in pages.items():
        path = target / rel
        if last is not None and last.get(rel) == content and path.is_file():
            continue
        try:
            if last is None and path.stat().st_size == len(content) and path.read_bytes() == content:
                continue
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
        written.append(rel)
    removed: list[str] = []
    if last is None:
        for path in sorted(target.rglob("*"), reverse=True):
            rel = path.relative_to(target).as_posix()
            if path.is_file() and rel not in pages:
                path.unlink()
                removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    else:  # this process wrote everything there: only what it wrote last time can be stale
        for rel in sorted(set(last) - set(pages)):
            (target / rel).unlink(missing_ok=True)
            removed.append(rel)
    _WRITTEN.clear()
    _WRITTEN[target] = dict(pages)
    return written, removed
