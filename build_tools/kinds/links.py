"""How any page links to an ORPHA code, made once per build: the layer below the kinds' pages.

`Links` knows which ORPHA codes get a page of their own (all active ones, or a share for scaling
runs), where a code's link leads (the authored page that covers it, its own page, or orpha.net),
the breadcrumbs and authored parents of a catalogue entity, what sits under an authored page, the
names shown in links and lists, and the group pages of the full site. It also holds the templates
the diagnosis, summary and catalogue pages share (the fact helpers, this site's names). The pipeline
makes one per build and hands it to every kind's `pages` in a `RenderScope`; the catalogue, the
diagnoses, the summaries and the preview ask it instead of one another.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from build_tools.core import vocab
from build_tools.core.pages import en, h, md
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState, Templates
from build_tools.kinds import routes
from build_tools.kinds.catalogue import facts
from build_tools.kinds.diagnoses.model import Diagnosis
from build_tools.kinds.names import icd10
from build_tools.kinds.site import Site
from build_tools.orphanet.classification import graph_of
from build_tools.orphanet.model import Level, OrphaCode, OrphaEntity

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

    result: dict[OrphaCode, tuple[OrphaCode, ...]] = _kept(state, site, "links.above", tuple(sorted(site.by_code)), make)
    return result


def built_codes(site: Site, settings: Settings, state: BuildState | None = None) -> frozenset[OrphaCode]:
    """The ORPHA codes that get a page: all active ones, or an evenly spread share for scaling runs.
    Under `mkdocs serve` the same for every save until the data or the authored codes change."""
    if not settings.orpha_pages:
        return frozenset()
    key = (tuple(sorted(site.by_code)), settings.orpha_fraction)
    built: frozenset[OrphaCode] = _kept(state, site, "links.built", key, lambda: _built_codes(site, settings, state))
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


class Links:
    """Where every ORPHA code's link leads in this build, and the names links and lists show."""

    def __init__(self, site: Site, settings: Settings, state: BuildState | None = None):
        self.site = site
        self.settings = settings
        self.state = state or BuildState()
        self.built: frozenset[OrphaCode] = built_codes(site, settings, self.state)
        self._crumbs: dict[OrphaCode, tuple[str | None, str]] = {}

    @functools.cached_property
    def templates(self) -> Templates:
        """The templates of the diagnosis, ORPHA, group and summary pages, seeing this site's data
        and the fact helpers. `mark_examples`: «(eksempel)» beside example content in lists;
        `icd10_text`, `icd10_name`: Norwegian ICD-10 texts and names."""
        site = self.site
        return self.state.templates(
            **facts.HELPERS, **icd10.template_values(site.icd10, site.name_icd10),
            orpha=site.orpha, site=site, nbname=self.title_md, mark_examples=self.settings.example_notice,
        )

    def render(self, template: str, /, **values: object) -> str:
        return self.templates.render(template, **values)

    @functools.cached_property
    def above(self) -> dict[OrphaCode, tuple[OrphaCode, ...]]:
        """ORPHA code → the authored pages' codes above it (`authored_above`)."""
        return authored_above(self.site, self.state)

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

    def title_md(self, e: OrphaEntity) -> str:
        """An entity's name in a list: its approved Norwegian name, else the English one marked lang="en"."""
        name_nb = self.site.name_nb(e.code)
        return md(name_nb) if name_nb else en(e.name)

    def name_md(self, e: OrphaEntity) -> str:
        """An entity's name in a list: its authored page's title where it has one, else as `title_md`."""
        covered = self.site.by_code.get(e.code)
        return md(covered.meta.tittel) if covered is not None else self.title_md(e)

    def name_html(self, code: OrphaCode) -> str:
        """An entity's name in HTML: its authored page's title, its approved Norwegian name, else the English one marked lang="en"."""
        covered = self.site.by_code.get(code)
        if covered is not None:
            return h(covered.meta.tittel)
        name_nb = self.site.name_nb(code)
        return h(name_nb) if name_nb else f'<span lang="en">{h(self.site.orpha.entities[code].name)}</span>'

    def sort_key(self, e: OrphaEntity) -> tuple[tuple[int, ...], str]:
        return vocab.norwegian_sort_key(self.site.title_of(e))

    def parents(self, e: OrphaEntity) -> list[tuple[Diagnosis, bool]]:
        """The authored pages `e` sits under, nearest only (an authored page above another one is
        left out), by title; each with whether it covers a group (`e` sits in it) or not (`e` is its subtype)."""
        codes = [c for c in self.above.get(e.code, ()) if c != e.code]
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
        return [[self.crumb(c) for c in chain] for chain in ordered[:CRUMB_CHAINS]]

    def crumb(self, code: OrphaCode) -> tuple[str | None, str]:
        """One item of a breadcrumb; the same groups recur on thousands of pages, so each is made once per build."""
        item = self._crumbs.get(code)
        if item is None:
            item = self._crumbs[code] = (self.link(code) if code in self.site.by_code or code in self.built else None, self.name_html(code))
        return item

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

    def groups(self, entities: list[OrphaEntity]) -> list[OrphaEntity]:
        """The groups the entities sit in that have a page, by name."""
        out: dict[OrphaCode, OrphaEntity] = {}
        for e in entities:
            for g in self.site.groups_of(e):
                if g.code in self.built:
                    out.setdefault(g.code, g)
        return sorted(out.values(), key=self.sort_key)

    def group_pages(self) -> list[str]:
        """The src_uris of every group page a full build has, rendered or not (coverage links to them)."""
        return [routes.src(routes.group(code)) for code in sorted(self.built) if (e := self.site.orpha.get(code)) is not None and e.active and e.level is Level.GROUP]

    def leading_to(self, src_uris: Iterable[str]) -> set[str]:
        """The src_uris of the ORPHA pages that lead (redirect) to these authored pages."""
        wanted = set(src_uris)
        return {routes.src(routes.orpha(code)) for code, d in self.site.by_code.items() if routes.src(d.url) in wanted}


@dataclass(frozen=True)
class RenderScope:
    """What every kind's `pages` gets besides the site: this build's links, and which ORPHA codes'
    pages to render (None: every page; a `per_code` kind renders only those codes' pages and its
    lists, `sjelden preview`). Links stay as in the full site either way."""

    links: Links
    codes: frozenset[OrphaCode] | None = None

    @classmethod
    def full(cls, site: Site, settings: Settings, state: BuildState | None = None) -> RenderScope:
        """Every page, with links made for this site (for a caller that renders one kind alone)."""
        return cls(Links(site, settings, state))
