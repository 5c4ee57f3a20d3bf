"""Subtypes and parents: a catalogue page under an authored page names it and shows its help, authored
pages list their subtypes, and catalogue pages carry a breadcrumb of Orphanet's groups."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest

from build_tools.core.settings import Settings, read_settings
from build_tools.core.state import BuildState
from build_tools.kinds.catalogue.pages import Catalogue
from build_tools.kinds.diagnoses.pages import diagnosis_page
from build_tools.kinds.links import Links, authored_above
from build_tools.kinds.site import Site
from build_tools.orphanet.classification import ClassificationGraph, graph_of
from build_tools.orphanet.model import Level, OrphaCode, OrphaData, OrphaEntity
from build_tools.pipeline import load_site
from tests.conftest import TODAY, sample_project

OI, OI_1 = OrphaCode(666), OrphaCode(216796)
SMA, SMA_1 = OrphaCode(70), OrphaCode(83330)


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Settings]:
    """The bundled content and Orphanet data, with the sample's share (5 %) of catalogue pages."""
    settings = read_settings(sample_project(tmp_path_factory.mktemp("subtypes")))
    return load_site(settings, TODAY), settings


@pytest.fixture(scope="module")
def catalogue(real_site: tuple[Site, Settings]) -> Catalogue:
    site, settings = real_site
    return Catalogue(site, settings, TODAY)


class _Crumbs(HTMLParser):
    """The breadcrumb nav of a page: its label and, per list, the (href or None, text) of each item."""

    def __init__(self) -> None:
        super().__init__()
        self.label: str | None = None
        self.chains: list[list[tuple[str | None, str]]] = []
        self._in_nav = False
        self._item: list[str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "nav" and "sjelden-crumbs" in (a.get("class") or ""):
            self._in_nav, self.label = True, a.get("aria-label")
        elif self._in_nav and tag == "ol":
            self.chains.append([])
        elif self._in_nav and tag == "li":
            self._item = [None, ""]
        elif self._item is not None and tag == "a":
            self._item[0] = a.get("href")

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item[1] = (self._item[1] or "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._item is not None:
            self.chains[-1].append((self._item[0], self._item[1] or ""))
            self._item = None
        elif tag == "nav":
            self._in_nav = False


def crumbs_of(page: str) -> _Crumbs:
    parser = _Crumbs()
    parser.feed(page)
    return parser


@pytest.mark.parametrize(("subtype", "parent"), [(OI_1, OI), (SMA_1, SMA)])
def test_a_subtype_page_names_its_authored_page_and_shows_its_help(catalogue: Catalogue, subtype: OrphaCode, parent: OrphaCode) -> None:
    site = catalogue.site
    d = site.by_code[parent]
    assert d.centre is not None
    assert subtype in catalogue.links.built  # an authored page links to it, so it is built in any share
    page = catalogue.orpha_page(site.orpha.entities[subtype])
    top, help_section = page.split("## Hvor kan jeg få hjelp?")
    mark = " (eksempeltekst)" if d.meta.eksempeltekst else ""  # an example page is named as one (issue 20.4)
    notice = f"Dette er en undertype av [{d.meta.tittel}](../../{d.url}){mark}."
    assert notice in top.split("## Fra Orphanet")[0]  # at the top, before Orphanet's facts
    assert "ennå ikke en norsk artikkel" not in top
    assert f"**Kompetansesenter:** [{d.centre.navn}]({d.centre.nettside})" in help_section
    assert "Sjeldentelefonen 800 41 710" in help_section


def test_a_page_under_no_authored_page_keeps_the_plain_help(catalogue: Catalogue) -> None:
    site = catalogue.site
    above = authored_above(site)
    e = next(e for e in site.orpha.active() if e.level is not Level.GROUP and e.code not in above and e.code not in site.by_code and e.code in catalogue.links.built)
    page = catalogue.orpha_page(e)
    assert "ennå ikke en norsk artikkel" in page
    assert "undertype av" not in page
    assert "**Kompetansesenter:**" not in page
    assert not any(f"[{c.navn}](" in page for c in site.centres.values())


def test_authored_above_is_every_descendant_of_every_authored_code(real_site: tuple[Site, Settings]) -> None:
    site, _ = real_site
    graph = graph_of(site.orpha)
    state = BuildState()
    above = authored_above(site, state)
    expected: dict[OrphaCode, set[OrphaCode]] = {}
    for e in site.orpha.active():
        for code in graph.ancestors(e.code) & set(site.by_code):
            expected.setdefault(e.code, set()).add(code)
    assert {c: set(v) for c, v in above.items()} == expected
    assert above[OI_1] == (OI,) and above[SMA_1] == (SMA,)
    assert authored_above(site, state) is above  # once per release and set of authored codes (in one build state)


def test_the_authored_page_lists_its_subtypes_with_links_to_pages_that_exist(catalogue: Catalogue) -> None:
    site = catalogue.site
    page = diagnosis_page(catalogue.links, site.by_code[OI], TODAY)
    section = page.split("## Undertyper { #undertyper }")[1].split("\n## ")[0]
    subtypes = site.members[OI]
    assert len(subtypes) >= 5
    for code in subtypes:
        e = site.orpha.entities[code]
        assert f"](../../orpha/{code.value}/) ({code})" in section
        assert f'<span lang="en">{e.name}</span>' in section  # no Norwegian name: English, marked


def test_the_subtype_list_uses_norwegian_names_and_links_only_to_built_pages(real_site: tuple[Site, Settings]) -> None:
    site, settings = real_site
    named = dataclasses.replace(next(iter(site.names.values())), code=OI_1, name="Osteogenesis imperfecta type 1 (mild form)", status="godkjent")
    links = Links(dataclasses.replace(site, names={**site.names, OI_1: named}), settings)
    links.built = links.built - {OrphaCode(216804)}  # as if a smaller share left this page out
    page = diagnosis_page(links, site.by_code[OI], TODAY)
    assert "- [Osteogenesis imperfecta type 1 (mild form)](../../orpha/216796/) (ORPHA:216796)" in page
    assert "../../orpha/216804/" not in page
    assert "](https://www.orpha.net/en/disease/detail/216804) (ORPHA:216804)" in page


def test_a_page_without_subtypes_has_no_subtype_section(catalogue: Catalogue) -> None:
    site = catalogue.site
    d = next(d for d in site.diagnoses if not any(site.members.get(c) for c in d.codes))
    assert "{ #undertyper }" not in diagnosis_page(catalogue.links, d, TODAY)


def test_the_breadcrumb_lists_the_group_chain_from_a_top_with_links(catalogue: Catalogue) -> None:
    site = catalogue.site
    graph = graph_of(site.orpha)
    crumbs = crumbs_of(catalogue.orpha_page(site.orpha.entities[OI_1]))
    assert crumbs.label == "Plassering i Orphanets klassifikasjon"
    chain = crumbs.chains[0]  # the authored parent's place comes first
    expected = graph.path_from_top(OI)
    assert expected[0] in graph.active_tops and len(expected) >= 3
    assert len(chain) == len(expected)
    assert chain[-1] == (f"../../{site.by_code[OI].url}", site.by_code[OI].meta.tittel)
    for (href, text), code in zip(chain[:-1], expected[:-1], strict=True):
        e = site.orpha.entities[code]
        assert text == (site.name_nb(code) or e.name)
        assert href == (f"../../grupper/{code.value}/" if code in catalogue.links.built else None)  # no link to a page the build leaves out
    assert any(href for href, _ in chain[:-1])
    # One chain per parent: OI type 1 also sits in a group of disorders with pigmented sclera.
    assert len(crumbs.chains) == len(graph.active_parents(OI_1))
    assert {c[-1][1] for c in crumbs.chains[1:]} == {site.orpha.entities[p].name for p in graph.active_parents(OI_1) if p != OI}


def test_breadcrumb_names_are_norwegian_where_approved_and_english_marked_otherwise(catalogue: Catalogue) -> None:
    site = catalogue.site
    chain = graph_of(site.orpha).path_from_top(OI)
    # The bundled top-group names are suggestions (issue 20.7); approve one, as an editor would once a source gives it.
    top = next(c for c in chain if c in site.names)
    saved = site.names
    approved = dataclasses.replace(site, names={**saved, top: dataclasses.replace(saved[top], status="godkjent")})
    page = Catalogue(approved, catalogue.settings, TODAY).orpha_page(site.orpha.entities[OI_1])
    named = [c for c in chain if approved.name_nb(c)]
    nav = re.search(r'<nav class="sjelden-crumbs".*?</nav>', page, re.S)
    assert nav is not None
    assert named == [top]
    for code in chain[:-1]:
        name_nb = saved[code].name if code == top else site.name_nb(code)
        if name_nb:
            assert f">{name_nb}<" in nav.group(0)
        else:
            assert f'<span lang="en">{site.orpha.entities[code].name}</span>' in nav.group(0)


def test_an_edit_to_the_authored_page_rerenders_its_subtype_pages(real_site: tuple[Site, Settings]) -> None:
    """Catalogue pages are memoised across `mkdocs serve` saves; a subtype page shows the authored
    page's title and centre, so a change there must reach it."""
    site, settings = real_site
    assert site.orpha.key  # pages are memoised only with a keyed snapshot
    d = site.by_code[OI]
    other = next(c for c in site.centres.values() if c != d.centre)
    state = BuildState()  # one running server
    before = Catalogue(site, settings, TODAY, state).pages({OI_1})["orpha/216796/index.md"].decode("utf-8")
    old = d.centre
    try:
        d.centre = other
        after = Catalogue(site, settings, TODAY, state).pages({OI_1})["orpha/216796/index.md"].decode("utf-8")
    finally:
        d.centre = old
    assert f"[{other.navn}](" in after and f"[{other.navn}](" not in before


def _entity(code: int, parents: tuple[int, ...] = (), level: Level = Level.GROUP) -> OrphaEntity:
    return OrphaEntity(code=OrphaCode(code), name=f"E{code}", disorder_type="Category", level=level, parents=tuple(OrphaCode(p) for p in parents))


def test_path_from_top_takes_the_shortest_chain_and_breaks_ties_by_code() -> None:
    #   1 (top) → 2 → 3 → 5 → 6 (subtype)
    #   4 (top) ───────→ 5
    #   7 (top) ───────→ 5   (same length as through 4: the lower code wins)
    entities = [_entity(1), _entity(2, (1,)), _entity(3, (2,)), _entity(4), _entity(7), _entity(5, (3, 7, 4), Level.DISORDER), _entity(6, (5,), Level.SUBTYPE)]
    graph = ClassificationGraph(OrphaData("t", "t", {e.code: e for e in entities}))
    assert graph.path_from_top(OrphaCode(6)) == (OrphaCode(4), OrphaCode(5), OrphaCode(6))
    assert graph.path_from_top(OrphaCode(3)) == (OrphaCode(1), OrphaCode(2), OrphaCode(3))
    assert graph.path_from_top(OrphaCode(1)) == (OrphaCode(1),)
    assert graph.descendants(OrphaCode(1)) == {OrphaCode(c) for c in (2, 3, 5, 6)}
    assert graph.active_parents(OrphaCode(5)) == [OrphaCode(3), OrphaCode(4), OrphaCode(7)]

