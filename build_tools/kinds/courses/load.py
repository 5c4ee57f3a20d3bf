"""Reading courses, organisers, evaluation forms and published results, and joining them with centres, diagnoses and ORPHA codes.

`load(settings, loaded, today)` returns a `CourseList` (the kind's part, `site.courses`) and the problems.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path

from build_tools.core.errors import ContentError, Problem, display_path
from build_tools.core.read import Document, read_yaml
from build_tools.core.settings import Settings
from build_tools.core.validate import SLUG_RE, line_of, read_mapping, validate, validate_entry
from build_tools.kinds.courses import forms, results
from build_tools.kinds.courses.forms import Form
from build_tools.kinds.courses.model import COURSES_DIR, ORGANISERS_FILE, Course, CourseList, CourseMeta, Organiser, Organising
from build_tools.kinds.courses.results import Aggregate
from build_tools.kinds.diagnoses.model import Centre, DiagnosesPart
from build_tools.kinds.parts import Loaded
from build_tools.orphanet.classification import graph_of
from build_tools.orphanet.model import OrphaCode, OrphaEntity
from build_tools.orphanet.resolve import CodeProblem, resolve


def read_courses(root: Path) -> tuple[list[Course], list[Problem]]:
    base = root / COURSES_DIR
    courses: list[Course] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return [], []
    slugs: dict[str, str] = {}
    for year_dir in sorted(base.iterdir()):
        display = display_path(year_dir, root)
        if year_dir.name.startswith(".") or year_dir.name in {"forms", "results", "README.md"}:
            continue
        if year_dir.is_symlink() or not year_dir.is_dir() or not re.fullmatch(r"20\d{2}", year_dir.name):
            problems.append(Problem(display, None, None, "kurs skal ligge i en mappe per år: courses/<år>/<slug>.yml (f.eks. courses/2027/familiekurs-marfan.yml)"))
            continue
        for path in sorted(year_dir.iterdir()):
            shown = display_path(path, root)
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
            meta, found = validate(CourseMeta, doc)
            problems += found
            if meta is None:
                continue
            if str(meta.start.year) != year_dir.name:
                problems.append(Problem(shown, line_of(doc.data, ("start",), 1), "start", f"kurset starter i {meta.start.year}, men ligger i mappen {year_dir.name}; flytt filen til courses/{meta.start.year}/"))
            courses.append(Course(slug=path.stem, year=year_dir.name, doc=doc, meta=meta))
    return courses, problems


def read_organisers(settings: Settings, centres: dict[str, Centre]) -> tuple[dict[str, Organising], list[Problem]]:
    """Every organiser a course may name: the competence centres and `data/arrangorer.yml` (optional)."""
    out = {key: Organising(key, "kompetansesenter", c.navn, c.kortnavn, str(c.nettside)) for key, c in centres.items()}
    path = settings.path(settings.data_dir) / ORGANISERS_FILE
    display = display_path(path, settings.root)
    doc, problems = read_mapping(path, display, "forventet ett oppslag per arrangør: <id>: {navn: ..., type: ..., nettside: ..., kilde: ...}", missing_ok=True)
    if doc is None:
        return out, problems
    for key, value in doc.data.items():
        line = doc.data.lines[key]
        if not isinstance(key, str) or not SLUG_RE.match(key):
            problems.append(Problem(display, line, str(key), "ugyldig arrangør-id; bruk små bokstaver, tall og bindestrek"))
            continue
        if key in centres:
            problems.append(Problem(display, line, key, f"«{key}» er allerede et kompetansesenter i data/centres.yml; gi arrangøren en annen id"))
            continue
        organiser, found = validate_entry(Organiser, doc, key, value)
        problems += found
        if organiser is not None:
            out[key] = Organising(key, organiser.type, organiser.navn, organiser.kortnavn or organiser.navn,
                                  organiser.nettside, organiser.eksempel)
    return out, problems


def _item_line(doc: Document, key: str, index: int) -> int:
    return line_of(doc.data, (key, index), doc.meta_line)


def join_courses(loaded: Loaded, courses: list[Course], forms: dict[str, Form], results: dict[str, Aggregate], organisers: dict[str, Organising] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    site = loaded.part("diagnoses", DiagnosesPart)  # the authored pages and centres courses name
    orpha = loaded.orpha
    by_slug = {d.slug: d for d in site.diagnoses}
    graph = graph_of(orpha)
    if organisers is None:
        organisers = {key: Organising(key, "kompetansesenter", c.navn, c.kortnavn, str(c.nettside)) for key, c in site.centres.items()}
    for course in courses:
        doc, meta = course.doc, course.meta
        organiser = organisers.get(meta.arrangør)
        line = line_of(doc.data, ("arrangør",), 1)
        if organiser is None:
            close = difflib.get_close_matches(meta.arrangør, list(organisers), n=1)
            hint = f"mente du «{close[0]}»?" if close else f"gyldige er {', '.join(sorted(organisers))}"
            problems.append(Problem(doc.display, line, "arrangør", f"ukjent arrangør «{meta.arrangør}» (se data/centres.yml og data/arrangorer.yml); {hint}"))
        elif organiser.example and not meta.eksempeltekst:
            problems.append(Problem(doc.display, line, "arrangør", f"«{meta.arrangør}» er en oppdiktet eksempelarrangør; bruk en ekte arrangør, eller merk kurset med «eksempeltekst: true»"))
        course.organiser = organiser
        course.centre = site.centres.get(meta.arrangør)
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
                entity = resolve(orpha, code)
                if isinstance(entity, CodeProblem):
                    problems.append(Problem(doc.display, line, "diagnoser", entity.message))
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
                if course.centre is not None and diagnosis.meta.senter != meta.arrangør:
                    # Two statements of who is responsible that readers would see side by side.
                    problems.append(Problem(
                        doc.display, line, "diagnoser",
                        f"kurset arrangeres av «{meta.arrangør}», men diagnosesiden «{text}» sier at «{diagnosis.meta.senter}» har ansvaret for diagnosen; "
                        "rett arrangøren, eller senteret på diagnosesiden",
                        severity="warning",
                    ))
                course.diagnoses.append(diagnosis)
                course.codes.extend(diagnosis.codes)
                entities = list(diagnosis.entities)
            for entity in entities:
                # Filter by the broad Orphanet classifications (e.g. Rare neurologic disease), not
                # by the fine-grained groups: a few dozen choices, not hundreds.
                for code in graph.tops_above(entity.code):
                    groups.setdefault(code, orpha.entities[code])
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
        published = known.get(slug)
        if published is None:
            problems.append(Problem(result.display, None, None, f"resultatene hører til kurset «{slug}», som ikke finnes; fjern filen eller rett navnet"))
        elif published.form is None or published.form.id != result.form_id:
            problems.append(Problem(result.display, None, "skjema", f"resultatene er laget med skjemaet «{result.form_id}», men kurset bruker et annet; importer svarene på nytt"))
    return problems


def load(settings: Settings, loaded: Loaded, today: date) -> tuple[CourseList, list[Problem]]:
    """Read, validate and join courses, forms and published results: the course list of `today`, and the problems."""
    site = loaded.part("diagnoses", DiagnosesPart)
    root = settings.root
    form_map, problems = forms.read_forms(root)
    result_map, found = results.read_results(root)
    problems += found
    courses, found = read_courses(root)
    problems += found
    organisers, found = read_organisers(settings, site.centres)
    problems += found
    problems += join_courses(loaded, courses, form_map, result_map, organisers)
    graph = graph_of(loaded.orpha)
    ancestors = {code: graph.ancestors(code) for d in site.diagnoses for code in d.codes}
    return CourseList(courses, form_map, today, ancestors), problems




def sources(settings: Settings) -> tuple[Path, ...]:
    """What `load` reads: courses, forms and results, and the organisers that are not centres."""
    return (settings.root / COURSES_DIR, settings.path(settings.data_dir) / ORGANISERS_FILE)
