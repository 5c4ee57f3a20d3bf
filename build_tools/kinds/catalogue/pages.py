"""The catalogue's own pages: a page per active ORPHA entity and group, redirects, the A–Å list and
the group index.

Which codes get a page and how any page links to an ORPHA code is the links layer's
(kinds/links.py), made once per build and shared with the other kinds' pages.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date

from build_tools.core import vocab
from build_tools.core.pages import describe, md, page
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState, PageMemo
from build_tools.kinds import routes
from build_tools.kinds.catalogue.facts import jsonld, norwegian_names
from build_tools.kinds.diagnoses.model import Diagnosis
from build_tools.kinds.links import Links, RenderScope
from build_tools.kinds.site import Site
from build_tools.orphanet.classification import graph_of
from build_tools.orphanet.model import Level, OrphaCode, OrphaEntity

# What every ORPHA page reads, by name (core/state.py): Orphanet's data, the options, the Norwegian
# names (titles, lists) and the glossary (the fact box links its terms). An edit to any of them
# renders the pages again; what one page reads of the authored pages above it is added per page.
ORPHA_INPUTS = ("orpha", "settings", "names", "glossary")
GROUP_INPUTS = (*ORPHA_INPUTS, "summaries")  # a group page links to its knowledge summaries


class Catalogue:
    """The ORPHA, group and list pages; links, names and breadcrumbs come from `links`."""

    def __init__(self, site: Site, settings: Settings, today: date, state: BuildState | None = None, links: Links | None = None):
        self.site = site
        self.settings = settings
        self.today = today
        self.state = state or BuildState()
        self.links = links or Links(site, settings, self.state)
        self.built = self.links.built

    def render(self, template: str, /, **values: object) -> str:
        return self.links.render(template, **values)

    def pages(self, only: frozenset[OrphaCode] | set[OrphaCode] | None = None) -> dict[str, bytes]:
        """Every catalogue page and the two lists; with `only`, just those codes' ORPHA and group
        pages beside the lists (`sjelden preview`). Links stay as in the full site either way."""
        pages: dict[str, str | bytes] = {}
        for code in sorted(self.built if only is None else self.built & only):
            e = self.site.orpha.get(code)
            if e is None or not e.active:
                continue
            if code in self.site.by_code:
                pages[routes.src(routes.orpha(code))] = self.redirect(e, self.site.by_code[code])
            elif e.level is Level.GROUP:
                pages[routes.src(routes.orpha(code))] = self.redirect_to_group(e)
            else:
                pages[routes.src(routes.orpha(code))] = self._memo_orpha_page(e)
            if e.level is Level.GROUP:
                pages[routes.src(routes.group(code))] = self._memo_group_page(e)
        pages[routes.src(routes.DIAGNOSES)] = self.az()
        pages[routes.src(routes.GROUPS)] = self.groups_index()
        return {k: v if isinstance(v, bytes) else v.encode("utf-8") for k, v in sorted(pages.items())}

    @functools.cached_property
    def _authored(self) -> tuple[tuple[int, str], ...]:
        """Which codes have an authored page, and where: every ORPHA and group page links by it."""
        return tuple(sorted((c.value, d.url) for c, d in self.site.by_code.items()))

    @functools.cached_property
    def _orpha_memo(self) -> PageMemo | None:
        if not self.site.orpha.key:  # an unkeyed release (built in a test): nothing to compare with
            return None
        return self.state.pages("catalogue.orpha", (self.site.inputs(ORPHA_INPUTS), self._authored))

    @functools.cached_property
    def _group_memo(self) -> PageMemo | None:
        if not self.site.orpha.key:
            return None
        titles = tuple(sorted((c.value, d.meta.tittel, d.meta.eksempeltekst) for c, d in self.site.by_code.items()))  # a group page lists its authored pages, examples marked
        return self.state.pages("catalogue.group", (self.site.inputs(GROUP_INPUTS), self._authored, titles))

    def _memo_group_page(self, e: OrphaEntity) -> bytes:
        if self._group_memo is None:
            return self.group(e).encode("utf-8")
        return self._group_memo.page(e.code, (), lambda: self.group(e))

    def _memo_orpha_page(self, e: OrphaEntity) -> bytes:
        """An ORPHA page reads the inputs of every catalogue page (`ORPHA_INPUTS`) and, under an
        authored page, that page's front matter, centre, networks and «Til kommunen» section: under
        `mkdocs serve` it is rendered once, and again only when one of them changes."""
        if self._orpha_memo is None:
            return self.orpha_page(e).encode("utf-8")
        own = tuple(
            (d.url, repr(d.meta), repr(d.centre), repr(d.centre_source), repr(d.erns), repr(d.section("Til kommunen")))
            for d in (self.site.by_code[c] for c in self.links.above.get(e.code, ()))
        )
        return self._orpha_memo.page(e.code, own, lambda: self.orpha_page(e))

    def _page(self, meta: Mapping[str, object], body: str) -> str:
        return page(meta, body)

    def orpha_page(self, e: OrphaEntity) -> str:
        members = [self.site.orpha.entities[c] for c in self.site.members.get(e.code, []) if c in self.built]
        name_nb = self.site.name_nb(e.code)
        body = self.render("orpha.md.j2",
            e=e,
            name_nb=name_nb,
            groups=self.links.groups([e]),
            members=members,
            parents=self.links.parents(e),
            crumbs=self.links.crumbs(e),
            link=self.links.link,
            up="../../",
        )
        title = name_nb or e.name
        description = describe(f"{title} ({e.code}): fakta fra Orphanet om diagnosen, koder, gener og hvor du kan få hjelp i Norge.")
        meta = {
            "title": title,
            "description": description,
            "sjelden": {"kind": "orpha", "orpha": [e.code.value]},
            "jsonld": jsonld([e], e.name, "", [*norwegian_names(self.site, [e]), *e.synonyms], describe(e.definition, 300) if e.definition else ""),
        }
        return self._page(meta, body)

    def _redirect(self, e: OrphaEntity, target: str, title: str) -> str:
        meta = {
            "title": title,
            "template": "redirect.html",
            "redirect": target,
            # The target from the site's root: redirect.html makes it an absolute canonical with site_url.
            "redirect_path": target.removeprefix("../../"),
            "search": {"exclude": True},
            "sjelden": {"kind": "redirect", "orpha": [e.code.value]},
            "jsonld": jsonld([e], e.name, "", list(e.synonyms)),
        }
        return self._page(meta, f"Siden har flyttet til [{md(title)}]({target}).\n")

    def redirect(self, e: OrphaEntity, d: Diagnosis) -> str:
        return self._redirect(e, f"../../{d.url}", d.meta.tittel)

    def redirect_to_group(self, e: OrphaEntity) -> str:
        return self._redirect(e, "../../" + routes.group(e.code), self.site.title_of(e))

    def group(self, e: OrphaEntity) -> str:
        codes = [c for c in self.site.members.get(e.code, []) if c in self.built]
        members = [self.site.orpha.entities[c] for c in codes]
        authored = sorted({self.site.by_code[c].slug: self.site.by_code[c] for c in codes if c in self.site.by_code}.values(), key=lambda d: vocab.norwegian_sort_key(d.meta.tittel))
        subgroups = [m for m in members if m.level is Level.GROUP]
        others = [m for m in members if m.level is not Level.GROUP and m.code not in self.site.by_code]
        parents = [p for p in self.site.groups_of(e) if p.code in self.built]
        body = self.render("group.md.j2",
            e=e,
            members=members,
            authored=authored,
            subgroups=sorted(subgroups, key=self.links.sort_key),
            others=sorted(others, key=self.links.sort_key),
            parents=parents,
            name_nb=self.site.name_nb(e.code),
            link=lambda code: self.links.link(code, "../../"),
        )
        title = self.site.title_of(e)
        meta = {
            "title": title,
            "description": describe(f"Diagnosegruppen {title} ({e.code}) i Orphanets klassifikasjon: {len(members)} diagnoser og undergrupper."),
            "sjelden": {"kind": "gruppe", "orpha": [e.code.value]},
            "jsonld": jsonld([e], e.name, "", [*norwegian_names(self.site, [e]), *e.synonyms]),
        }
        return self._page(meta, body)

    def az(self) -> str:
        entries: list[tuple[str, str, str, bool]] = []
        for d in self.site.diagnoses:
            example = d.meta.eksempeltekst
            entries.append((d.meta.tittel, f"{d.slug}/", "", example))
            for name in [*d.meta.synonymer, *d.meta.folkelige_navn]:
                if name.lower() != d.meta.tittel.lower():
                    entries.append((name, f"{d.slug}/", f"se {d.meta.tittel}", example))
        entries += self._az_names()
        entries.sort(key=lambda t: vocab.norwegian_sort_key(t[0]))
        grouped: dict[str, list[tuple[str, str, str, bool]]] = {}
        for entry in entries:
            grouped.setdefault(vocab.initial(entry[0]), []).append(entry)
        order = sorted(grouped, key=lambda letter: vocab.norwegian_sort_key(letter.replace("0–9", "0")))
        body = self.render("az.md.j2",
            letters=order, groups=[(k, grouped[k]) for k in order], orpha_count=len(self.site.orpha.active())
        )
        meta = {
            "title": "Diagnoser A–Å",
            "description": "Alle diagnoser med norsk artikkel eller godkjent norsk navn på sjelden.no, sortert alfabetisk.",
            "search": {"exclude": True},  # lists every name: would crowd the search results
            "sjelden": {"kind": "liste"},
        }
        return self._page(meta, body)

    def _az_names(self) -> list[tuple[str, str, str, bool]]:
        """Catalogue entities with an approved Norwegian name (data/norske-navn.yml) and a page of their own."""
        entries = []
        for code, names in self.site.names.items():
            e = self.site.orpha.get(code)
            if not names.approved or e is None or code in self.site.by_code or code not in self.built:
                continue
            target = "../" + routes.catalogue(e)
            entries.append((names.name, target, "", False))
            for name in names.synonyms:
                if name.lower() != names.name.lower():
                    entries.append((name, target, f"se {names.name}", False))
        return entries

    def groups_index(self) -> str:
        # The tops of Orphanet's classifications, and any top-level group the bundled
        # classifications do not cover (genetic, neurological and developmental are not bundled).
        heads = [e for code in graph_of(self.site.orpha).tops if (e := self.site.orpha.get(code)) is not None and e.active and code in self.built]
        named = sorted(((self.site.title_of(e), e) for e in {e.code: e for e in heads}.values()), key=lambda t: vocab.norwegian_sort_key(t[0]))
        body = self.render("groups_index.md.j2", heads=named)
        meta = {
            "title": "Diagnosegrupper",
            "description": "Orphanets klassifikasjoner av sjeldne diagnoser etter fagområde.",
            "search": {"exclude": True},
            "sjelden": {"kind": "liste"},
        }
        return self._page(meta, body)


def pages(site: Site, settings: Settings, today: date, state: BuildState | None = None, scope: RenderScope | None = None) -> dict[str, bytes]:
    scope = scope or RenderScope.full(site, settings, state)
    return Catalogue(site, settings, today, state, scope.links).pages(scope.codes)
