"""The page of an authored diagnosis: the editor's text inside the fact box, help and editorial changes."""

from __future__ import annotations

from datetime import date

from build_tools.core.pages import describe, page, plain, source_meta
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState
from build_tools.core.vocab import norwegian_date
from build_tools.kinds import routes
from build_tools.kinds.catalogue.facts import jsonld, norwegian_names
from build_tools.kinds.diagnoses.model import OPTIONAL_SECTIONS, Diagnosis
from build_tools.kinds.glossary.annotate import annotate
from build_tools.kinds.links import Links, RenderScope
from build_tools.kinds.site import Site


def body_without(d: Diagnosis, titles: set[str]) -> str:
    """The authored body without the `##` sections in `titles` (the help macro shows those)."""
    lines = d.doc.body.split("\n")
    starts = sorted(s.line - d.doc.body_line for s in d.sections)
    drop: set[int] = set()
    for section in d.sections:
        if section.title in titles:
            start = section.line - d.doc.body_line
            end = next((i for i in starts if i > start), len(lines))
            drop.update(range(start, end))
    return "\n".join(line for i, line in enumerate(lines) if i not in drop).strip()


def diagnosis_page(links: Links, d: Diagnosis, today: date) -> str:
    names = list(dict.fromkeys([*d.meta.synonymer, *d.meta.folkelige_navn]))
    # Lay names of the codes the page covers (data/folkelige-navn.yml), each entry with its source.
    seen = {n.lower() for n in [d.meta.tittel, *names]}
    lay: list[tuple[list[str], str]] = []
    for entry in filter(None, (links.site.names_lay.get(c) for c in d.codes)):
        fresh = [n for n in entry.names if n.lower() not in seen]
        if fresh:
            lay.append((fresh, entry.source))
    overdue = d.meta.neste_revisjon < today
    body = links.render("diagnosis.md.j2",
        d=d,
        names=names,
        lay=lay,
        notice=d.meta.eksempeltekst and links.settings.example_notice,
        overdue=overdue,
        groups=links.groups(d.entities),
        body=annotate(body_without(d, set(OPTIONAL_SECTIONS)), links.site.glossary, up="../../"),  # glossary words explained in place
        subtypes=links.subtypes(d),
        name=links.name_md,
        link=links.link,
        up="../../",
    )
    kort = next((s.text for s in d.sections if s.title == "Kort om diagnosen"), "")
    description = d.meta.beskrivelse or describe(plain(kort))
    alternate = names + norwegian_names(links.site, d.entities) + [e.name for e in d.entities] + [s for e in d.entities for s in e.synonyms]
    meta: dict[str, object] = {
        "title": d.meta.tittel,
        "description": description,
        "sjelden": {
            "kind": "diagnose",
            **source_meta(d.doc.display, links.settings.edit_root),
            "sist_revidert": d.meta.sist_revidert.isoformat(),
            "sist_revidert_tekst": norwegian_date(d.meta.sist_revidert),
            "orpha": [c.value for c in d.codes],
        },
        "jsonld": jsonld(d.entities, d.meta.tittel, "", alternate, description, example=d.meta.eksempeltekst),
    }
    return page(meta, body)


def pages(site: Site, settings: Settings, today: date, state: BuildState | None = None, scope: RenderScope | None = None) -> dict[str, bytes]:
    links = (scope or RenderScope.full(site, settings, state)).links
    return {routes.src(d.url): diagnosis_page(links, d, today).encode("utf-8") for d in site.diagnoses}
