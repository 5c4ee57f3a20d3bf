"""The catalogue: a page per active ORPHA entity and group, the A–Å list and the group index.

`Catalogue` also decides which codes get a page (all active ones, or a share for scaling runs) and
how any page links to an ORPHA code: to the authored page that covers it, its own page, or orpha.net.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from typing import TypeVar

from build_tools.core import vocab
from build_tools.core.pages import describe, en, h, md, page
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState, PageMemo
from build_tools.kinds import routes
from build_tools.kinds.catalogue import facts
from build_tools.kinds.catalogue.facts import jsonld
from build_tools.kinds.diagnoses.model import Diagnosis
from build_tools.kinds.names import icd10
from build_tools.kinds.site import Site
from build_tools.orphanet.classification import graph_of
from build_tools.orphanet.model import Level, OrphaCode, OrphaEntity

# What every ORPHA page reads, by name (core/state.py): Orphanet's data, the options, the Norwegian
# names (titles, lists) and the glossary (the fact box links its terms). An edit to any of them
# renders the pages again; what one page reads of the authored pages above it is added per page.
ORPHA_INPUTS = ("orpha", "settings", "names", "glossary")
GROUP_INPUTS = (*ORPHA_INPUTS, "summaries")  # a group page links to its knowledge summaries
T = TypeVar("T")
CRUMB_CHAINS = 3  # places in the classification a catalogue page's breadcrumb shows, at most
SUBTYPE_DEPTH = 3  # levels of subtypes an authored page lists


def _kept(state: BuildState | None, site: Site, slot: str, key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, kept in the build state while `key` holds (only for a keyed Orphanet release)."""
    if state is None or not site.orpha.key:
        return make()
    return state.keep(slot, (site.orpha.key, key), make)


def authored_above(site: Site, state: BuildState | None = None) -> dict[OrphaCode, tuple[OrphaCode, ...]]:
    """ORPHA code → the codes of authored pages above it in Orphanet's classification (it is their
    subtype, or sits in their group), by code. Made once per release and set of authored codes by
    walking down from each authored code, not up from each of ~10,000 catalogue pages."""

    def make() -> dict[OrphaCode, tuple[OrphaCode, ...]]:
        graph = graph_of(site.orpha)
        above: dict[OrphaCode, set[OrphaCode]] = {}
        for code in site.by_code:
            for below in graph.descendants(code):
                above.setdefault(below, set()).add(code)
        return {code: tuple(sorted(codes)) for code, codes in above.items()}

    result: dict[OrphaCode, tuple[OrphaCode, ...]] = _kept(state, site, "catalogue.above", tuple(sorted(site.by_code)), make)
    return result


def built_codes(site: Site, settings: Settings, state: BuildState | None = None) -> frozenset[OrphaCode]:
    """The ORPHA codes that get a page: all active ones, or an evenly spread share for scaling runs.
    Under `mkdocs serve` the same for every save until the data or the authored codes change."""
    if not settings.orpha_pages:
        return frozenset()
    key = (tuple(sorted(site.by_code)), settings.orpha_fraction)
    built: frozenset[OrphaCode] = _kept(state, site, "catalogue.built", key, lambda: _built_codes(site, settings, state))
    return built


def _built_codes(site: Site, settings: Settings, state: BuildState | None) -> frozenset[OrphaCode]:
    active = [e.code for e in site.orpha.active()]
    keep = max(1, round(len(active) * settings.orpha_fraction))
    step = len(active) / keep
    chosen = {active[int(i * step)] for i in range(keep)}
    covered = set(site.by_code)
    # Covered codes, the groups and subtypes an authored page links to, and the tops of the classifications are always built.
    groups = {g.code for code in covered for g in site.groups_of(site.orpha.entities[code])}
    return frozenset(chosen | covered | groups | set(authored_above(site, state)) | graph_of(site.orpha).tops)


class Catalogue:
    """The ORPHA, group and list pages, and how any page links to an ORPHA code."""

    def __init__(self, site: Site, settings: Settings, today: date, state: BuildState | None = None):
        self.site = site
        self.settings = settings
        self.today = today
        self.state = state or BuildState()
        self.built: frozenset[OrphaCode] = built_codes(site, settings, self.state)
        self._crumbs: dict[OrphaCode, tuple[str | None, str]] = {}

        # The diagnosis, ORPHA and group templates see this site's data and the fact helpers.
        # `mark_examples`: «(eksempel)» beside example content in lists.
        # `icd10_text`, `icd10_name`: Norwegian ICD-10 texts and names.
        self.templates = self.state.templates(
            **facts.HELPERS, **icd10.template_values(site.icd10, site.name_icd10),
            orpha=site.orpha, site=site, nbname=self.title_md, mark_examples=settings.example_notice,
        )

    def render(self, template: str, /, **values: object) -> str:
        return self.templates.render(template, **values)

    def title_md(self, e: OrphaEntity) -> str:
        """An entity's name in a list: its approved Norwegian name, else the English one marked lang="en"."""
        name_nb = self.site.name_nb(e.code)
        return md(name_nb) if name_nb else en(e.name)

    def sort_key(self, e: OrphaEntity) -> tuple[tuple[int, ...], str]:
        return vocab.norwegian_sort_key(self.site.title_of(e))

    def link(self, code: OrphaCode, up: str = "../../") -> str:
        covered = self.site.by_code.get(code)
        if covered is not None:
            return f"{up}{covered.url}"
        if code in self.built:
            entity = self.site.orpha.get(code)
            if entity is not None and entity.level is Level.GROUP:
                return up + routes.group(code)
            return up + routes.orpha(code)
        return code.url

    def parents(self, e: OrphaEntity) -> list[tuple[Diagnosis, bool]]:
        """The authored pages `e` sits under, nearest only (an authored page above another one is
        left out), by title; each with whether it covers a group (`e` sits in it) or not (`e` is its subtype)."""
        codes = [c for c in self._above.get(e.code, ()) if c != e.code]
        graph = graph_of(self.site.orpha)
        nearest = [c for c in codes if not any(c in graph.ancestors(other) for other in codes if other != c)]
        found: dict[str, tuple[Diagnosis, list[bool]]] = {}
        for c in nearest:
            found.setdefault(self.site.by_code[c].slug, (self.site.by_code[c], []))[1].append(self.site.orpha.entities[c].level is Level.GROUP)
        return sorted(((d, all(groups)) for d, groups in found.values()), key=lambda t: vocab.norwegian_sort_key(t[0].meta.tittel))

    def crumbs(self, e: OrphaEntity) -> list[list[tuple[str | None, str]]]:
        """Where `e` sits in Orphanet's classification: for each of its parents (authored ones first,
        then the shortest chains; at most CRUMB_CHAINS), the chain from a classification top down to
        that parent, as (link or None where the site has no page, name as HTML)."""
        graph = graph_of(self.site.orpha)
        chains = {graph.path_from_top(p) for p in graph.active_parents(e.code)}
        ordered = sorted(chains, key=lambda chain: (chain[-1] not in self.site.by_code, len(chain), chain))
        return [[self._crumb(c) for c in chain] for chain in ordered[:CRUMB_CHAINS]]

    def _crumb(self, code: OrphaCode) -> tuple[str | None, str]:
        """One item of a breadcrumb; the same groups recur on thousands of pages, so each is made once."""
        item = self._crumbs.get(code)
        if item is None:
            item = self._crumbs[code] = (self.link(code) if code in self.site.by_code or code in self.built else None, self._name_html(code))
        return item

    def _name_html(self, code: OrphaCode) -> str:
        """An entity's name in HTML: its authored page's title, its approved Norwegian name, else the English one marked lang="en"."""
        covered = self.site.by_code.get(code)
        if covered is not None:
            return h(covered.meta.tittel)
        name_nb = self.site.name_nb(code)
        return h(name_nb) if name_nb else f'<span lang="en">{h(self.site.orpha.entities[code].name)}</span>'

    def subtypes(self, d: Diagnosis) -> list[tuple[int, OrphaEntity]]:
        """What sits under an authored page in Orphanet's classification, as (depth, entity) in list
        order: subtypes (and the members of a group) by name, theirs indented below them."""
        out: list[tuple[int, OrphaEntity]] = []
        seen = set(d.codes)

        def below(code: OrphaCode, depth: int) -> None:
            children = [self.site.orpha.entities[c] for c in self.site.members.get(code, []) if c not in seen]
            seen.update(c.code for c in children)
            for child in sorted(children, key=self.sort_key):
                out.append((depth, child))
                if depth + 1 < SUBTYPE_DEPTH:
                    below(child.code, depth + 1)

        for code in d.codes:
            below(code, 0)
        return out

    def name_md(self, e: OrphaEntity) -> str:
        """An entity's name in a list: its authored page's title where it has one, else as `title_md`."""
        covered = self.site.by_code.get(e.code)
        return md(covered.meta.tittel) if covered is not None else self.title_md(e)

    def groups(self, entities: list[OrphaEntity]) -> list[OrphaEntity]:
        out: dict[OrphaCode, OrphaEntity] = {}
        for e in entities:
            for g in self.site.groups_of(e):
                if g.code in self.built:
                    out.setdefault(g.code, g)
        return sorted(out.values(), key=self.sort_key)

    def pages(self, only: set[OrphaCode] | None = None) -> dict[str, bytes]:
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

    def group_pages(self) -> list[str]:
        """The src_uris of every group page a full build has, rendered or not (coverage links to them)."""
        return [routes.src(routes.group(code)) for code in sorted(self.built) if (e := self.site.orpha.get(code)) is not None and e.active and e.level is Level.GROUP]

    @functools.cached_property
    def _above(self) -> dict[OrphaCode, tuple[OrphaCode, ...]]:
        return authored_above(self.site, self.state)

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
            for d in (self.site.by_code[c] for c in self._above.get(e.code, ()))
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
            groups=self.groups([e]),
            members=members,
            parents=self.parents(e),
            crumbs=self.crumbs(e),
            link=self.link,
            up="../../",
        )
        title = name_nb or e.name
        description = describe(f"{title} ({e.code}): fakta fra Orphanet om diagnosen, koder, gener og hvor du kan få hjelp i Norge.")
        meta = {
            "title": title,
            "description": description,
            "sjelden": {"kind": "orpha", "orpha": [e.code.value]},
            "jsonld": jsonld([e], e.name, "", [*facts.norwegian_names(self.site, [e]), *e.synonyms], describe(e.definition, 300) if e.definition else ""),
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
            subgroups=sorted(subgroups, key=self.sort_key),
            others=sorted(others, key=self.sort_key),
            parents=parents,
            name_nb=self.site.name_nb(e.code),
            link=lambda code: self.link(code, "../../"),
        )
        title = self.site.title_of(e)
        meta = {
            "title": title,
            "description": describe(f"Diagnosegruppen {title} ({e.code}) i Orphanets klassifikasjon: {len(members)} diagnoser og undergrupper."),
            "sjelden": {"kind": "gruppe", "orpha": [e.code.value]},
            "jsonld": jsonld([e], e.name, "", [*facts.norwegian_names(self.site, [e]), *e.synonyms]),
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


def pages(site: Site, settings: Settings, today: date, state: BuildState | None = None, only: set[OrphaCode] | None = None) -> dict[str, bytes]:
    return Catalogue(site, settings, today, state).pages(only)
