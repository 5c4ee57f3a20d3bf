"""The courses kind: courses, their evaluation forms and results, and organisers that are not centres."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from types import MappingProxyType

from build_tools.core.pages import plain
from build_tools.core.searchdoc import SearchDoc
from build_tools.kinds import routes
from build_tools.kinds.courses import load, pages
from build_tools.kinds.courses.forms import FormMeta
from build_tools.kinds.courses.model import CourseMeta, Organiser
from build_tools.kinds.kind import ContentKind, Kind
from build_tools.kinds.site import Site
from build_tools.orphanet.model import OrphaCode


def documents(site: Site, built: AbstractSet[OrphaCode]) -> list[SearchDoc]:
    return [
        SearchDoc(url=c.url, title=c.meta.tittel, kind="side", names=(c.meta.tittel,), text=plain(" ".join(str(x) for x in (c.meta.mål, c.meta.beskrivelse or "")), markup=" "))
        for c in site.courses
    ]


def page_files(site: Site) -> dict[str, list[str]]:
    """A course file makes its page, its evaluation and its results; a form or a result file the page it feeds."""
    out: dict[str, list[str]] = {}
    for c in site.courses:
        evaluation, results = routes.src(c.url + "evaluering/"), routes.src(c.url + "resultater/")
        out.setdefault(c.doc.display, []).extend([routes.src(c.url), evaluation, results])
        if c.form is not None:
            out.setdefault(c.form.doc.display, []).append(evaluation)
        if c.result is not None:
            out.setdefault(c.result.display, []).append(results)
    return out


KIND = Kind(
    "courses",
    load.load,
    pages.pages,
    load.sources,
    requires=("diagnoses",),  # a course names authored pages and centres
    documents=documents,
    search_rank=20,
    page_files=page_files,
    lists=(routes.src(routes.COURSES),),
    schemas=(
        ContentKind("kurs", "Kurs (courses/<år>/<slug>.yml)", CourseMeta, ("courses/2*/*.yml",), command="course", new_path="courses/{year}/{slug}.yml", help="kurs"),
        ContentKind("skjema", "Evalueringsskjema (courses/forms/<id>.yml)", FormMeta, ("courses/forms/*.yml",), command="form", new_path="courses/forms/{slug}.yml", help="evalueringsskjema"),
        ContentKind("arrangorer", "Andre kursarrangører (data/arrangorer.yml)", Organiser, ("data/arrangorer.yml",), mapping=True),
    ),
    descriptions=MappingProxyType({
        "Organiser": "En kursarrangør som ikke er et kompetansesenter: et lærings- og mestringssenter på et sykehus, en pasientorganisasjon eller en kommune. Id-en (nøkkelen) brukes i feltet «arrangør» i kursfilene.",
    }),
)
