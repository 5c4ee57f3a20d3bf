"""The pages of knowledge summaries: numbered references, JSON-LD, editorial changes."""

from __future__ import annotations

from datetime import date

from build_tools.core.pages import describe, en, h, mark_example, md, page, source_meta
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState
from build_tools.kinds.glossary.annotate import annotate
from build_tools.kinds.links import RenderScope
from build_tools.kinds.site import Site
from build_tools.kinds.summaries.model import PUBLISHER, Reference, Summary

# --- pages ---------------------------------------------------------------------------------------


def references_html(references: list[Reference]) -> str:
    """The numbered reference list as HTML: every value escaped, every link written out in full."""
    e = h
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


def summary_jsonld(s: Summary) -> dict[str, object]:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "MedicalScholarlyArticle",
        "headline": s.title,
        "inLanguage": "nb",
        "version": str(s.meta.versjon),
        "author": [{"@type": "Person", "name": p.navn, "affiliation": p.tilknytning} for p in s.meta.forfattere],
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "citation": [f"https://doi.org/{r.doi}" if r.doi else r.pubmed_url if r.pmid else r.url for r in s.references],
    }
    if not s.meta.eksempeltekst:
        # An example text's `publisert` is made up: it is not stated as a fact anywhere (issue 13).
        data["datePublished"] = s.meta.publisert.isoformat()
    entities = s.diagnosis.entities if s.diagnosis is not None else [s.group] if s.group is not None else []
    if entities:
        data["about"] = [{"@type": "MedicalCondition", "name": e.name, "code": {"@type": "MedicalCode", "codingSystem": "ORPHA", "codeValue": str(e.code.value)}} for e in entities]
    return mark_example(data, s.meta.eksempeltekst)


def summaries_index(site: Site, mark_examples: bool = True, state: BuildState | None = None) -> bytes:
    """The list page: newest first, then by title."""
    ordered = sorted(site.summaries, key=lambda s: s.title)
    ordered.sort(key=lambda s: s.meta.publisert, reverse=True)
    subjects = [md(s.subject) if s.group is None else md(site.title_of(s.group)) if site.name_nb(s.group.code) else en(s.group.name) for s in ordered]
    body = (state or BuildState()).env.get_template("summaries_index.md.j2").render(summaries=list(zip(ordered, subjects, strict=True)), mark_examples=mark_examples)
    meta = {
        "title": "Kunnskapsoppsummeringer",
        "description": "Kunnskapsoppsummeringer om sjeldne diagnoser og diagnosegrupper fra kompetansesentrene, med metode, kilder og dato for neste oppdatering.",
        "sjelden": {"kind": "kunnskapsliste"},
    }
    return page(meta, body).encode("utf-8")


def pages(site: Site, settings: Settings, today: date, state: BuildState | None = None, scope: RenderScope | None = None) -> dict[str, bytes]:
    """A page per summary, and the list of them (`kunnskap/`, also when there is none: the menu links
    to it): src_uri → Markdown with front matter."""
    state = state or BuildState()
    pages: dict[str, bytes] = {"kunnskap/index.md": summaries_index(site, settings.example_notice, state)}
    if not site.summaries:
        return pages
    links = (scope or RenderScope.full(site, settings, state)).links
    for s in site.summaries:
        # The page it summarises is one level up; a group page outside a sampled build is on orpha.net.
        built = s.diagnosis is not None or (s.group is not None and s.group.code in links.built)
        subject_url = "../" if built or s.group is None else s.group.code.url
        body = links.render(
            "summary.md.j2",
            s=s,
            body=annotate(s.body, site.glossary, up="../../../"),  # glossary words explained in place (kinds/glossary/annotate.py)
            notice=s.meta.eksempeltekst and settings.example_notice,
            overdue=s.overdue(today),
            subject_url=subject_url,
            references=references_html(s.references),
        )
        description = s.meta.beskrivelse or describe(s.plain_summary or s.meta.spørsmål)
        meta: dict[str, object] = {
            "title": s.title,
            "description": description,
            "sjelden": {
                "kind": "kunnskapsoppsummering",
                **source_meta(s.doc.display, settings.edit_root),
                "versjon": s.meta.versjon,
                "siste_litteratursøk": s.meta.siste_litteratursøk.isoformat(),
                "neste_oppdatering": s.meta.neste_oppdatering.isoformat(),
            },
            "jsonld": summary_jsonld(s),
        }
        pages[f"{s.url}index.md"] = page(meta, body).encode("utf-8")
    return pages


