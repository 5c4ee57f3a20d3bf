"""Reading authored diagnosis pages and `data/centres.yml`, and the diagnoses kind's load step."""

from __future__ import annotations

from datetime import date

from build_tools.core.changes import check_changes
from build_tools.core.errors import ContentError, Problem, display_path
from build_tools.core.read import LineDict, inside, read_markdown, read_yaml
from build_tools.core.settings import Settings
from build_tools.core.validate import SLUG_RE, check_sections, validate
from build_tools.kinds.diagnoses.checks import check_document, check_site
from build_tools.kinds.diagnoses.join import join
from build_tools.kinds.diagnoses.model import DIAGNOSIS_SECTIONS, Centre, Diagnosis, DiagnosisMeta
from build_tools.kinds.site import Site


def read_centres(settings: Settings) -> tuple[dict[str, Centre], list[Problem]]:
    path = settings.path(settings.data_dir) / "centres.yml"
    display = display_path(path, settings.root)
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
        display = display_path(entry, settings.root)
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
            problems.append(Problem(display_path(index, settings.root), None, None, "peker ut av depotet (symlink); legg innholdet i depotet"))
            continue
        try:
            doc = read_markdown(index, display_path(index, settings.root))
        except ContentError as exc:
            problems += exc.problems
            continue
        meta, found = validate(DiagnosisMeta, doc)
        sections, section_problems = check_sections(doc, DIAGNOSIS_SECTIONS)
        problems += found + section_problems + check_document(doc)
        if meta is not None:
            diagnoses.append(Diagnosis(slug=entry.name, doc=doc, meta=meta, sections=sections))
    return diagnoses, problems


def load(settings: Settings, site: Site, today: date) -> list[Problem]:
    """Centres and authored pages joined onto `site`, and the links, anchors and review dates of every page."""
    centres, problems = read_centres(settings)
    diagnoses, found = read_diagnoses(settings)
    problems += found
    joined, found = join(site.orpha, centres, diagnoses)
    problems += found
    site.centres, site.diagnoses, site.by_code, site.members = joined.centres, joined.diagnoses, joined.by_code, joined.members
    problems += check_site(site, settings.root, settings.content_dir, settings.docs_dir, today)
    for d in site.diagnoses:
        problems += check_changes(d.doc, d.meta.endringer, d.meta.publisert, today)
    return problems
