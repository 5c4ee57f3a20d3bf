"""Reading authored diagnosis pages, `data/centres.yml` and `data/ern.yml`, and the diagnoses kind's load step."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from build_tools.core.changes import check_changes
from build_tools.core.errors import ContentError, Problem, display_path
from build_tools.core.read import inside, read_markdown
from build_tools.core.settings import Settings
from build_tools.core.validate import SLUG_RE, check_sections, read_mapping, validate, validate_entry
from build_tools.kinds.diagnoses.checks import check_document, check_site
from build_tools.kinds.diagnoses.join import join
from build_tools.kinds.diagnoses.model import (
    CENTRES_FILE,
    OPTIONAL_SECTIONS,
    Centre,
    DiagnosesPart,
    Diagnosis,
    DiagnosisMeta,
    Ern,
    section_order,
)
from build_tools.kinds.parts import Loaded

M = TypeVar("M", bound=BaseModel)


def read_centres(settings: Settings) -> tuple[dict[str, Centre], list[Problem]]:
    return _read_mapping(settings, CENTRES_FILE, Centre, "forventet ett oppslag per senter: <id>: {navn: ..., nettside: ...}", "senter-id")


def read_erns(settings: Settings) -> tuple[dict[str, Ern], list[Problem]]:
    """`data/ern.yml`; a project without it has no networks (and every `ern:` id is unknown)."""
    if not (settings.path(settings.data_dir) / "ern.yml").exists():
        return {}, []
    return _read_mapping(settings, "ern.yml", Ern, "forventet ett oppslag per nettverk: <id>: {navn: ..., kortnavn: ..., kilde: ...}", "nettverks-id")


def _read_mapping(settings: Settings, name: str, model: type[M], shape: str, what: str) -> tuple[dict[str, M], list[Problem]]:
    path = settings.path(settings.data_dir) / name
    doc, problems = read_mapping(path, display_path(path, settings.root), shape)
    out: dict[str, M] = {}
    if doc is None:
        return out, problems
    for key, value in doc.data.items():
        if not isinstance(key, str) or not SLUG_RE.match(key):
            problems.append(Problem(doc.display, doc.data.lines[key], str(key), f"ugyldig {what}; bruk små bokstaver, tall og bindestrek"))
            continue
        item, found = validate_entry(model, doc, key, value)
        problems += found
        if item is not None:
            out[key] = item
    return out, problems


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
        sections, section_problems = check_sections(doc, section_order(), optional=tuple(OPTIONAL_SECTIONS))
        problems += found + section_problems + check_document(doc)
        if meta is not None:
            diagnoses.append(Diagnosis(slug=entry.name, doc=doc, meta=meta, sections=sections))
    return diagnoses, problems


def load(settings: Settings, loaded: Loaded, today: date) -> tuple[DiagnosesPart, list[Problem]]:
    """Centres and authored pages joined with Orphanet (the kind's part), and the problems: those of
    the files, and the links, anchors and review dates of every page."""
    centres, problems = read_centres(settings)
    erns, found = read_erns(settings)
    problems += found
    diagnoses, found = read_diagnoses(settings)
    problems += found
    part, found = join(loaded.orpha, centres, diagnoses, erns)
    # A centre that failed validation is reported in data/centres.yml; «unknown centre» would mislead.
    failed = {p.field.split(".")[0] for p in problems if p.path.endswith("centres.yml") and p.field}
    problems += [p for p in found if not (p.field == "senter" and any(p.message.startswith(f"ukjent senter «{c}»") for c in failed))]
    problems += check_site(loaded.orpha, part, settings.root, settings.content_dir, settings.docs_dir, today)
    for d in part.diagnoses:
        problems += check_changes(d.doc, d.meta.endringer, d.meta.publisert, today)
    return part, problems


def sources(settings: Settings) -> tuple[Path, ...]:
    """What `load` reads: the authored pages, the centres and the European reference networks."""
    data = settings.path(settings.data_dir)
    return (settings.path(settings.content_dir), data / CENTRES_FILE, data / "ern.yml")
