"""Rendering: the joined `Site` becomes pages as plain data (path → Markdown with front matter).

Takes a `Site` and `Settings`, returns `{src_uri: bytes}` for every generated page. Pages carry
their per-page data (title, description, JSON-LD, redirect target) in front matter, which the
theme's template overrides render; bodies are plain Markdown any engine can build. Every value
from Orphanet or from YAML is escaped on the way in (`md`), never trusted as Markdown or HTML.
"""

from __future__ import annotations

import functools
import html
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from build_tools import vocab
from build_tools.courses import render_courses
from build_tools.join import Diagnosis, Site
from build_tools.model import Centre
from build_tools.orphanet.model import CodeMapping, Level, OrphaCode, OrphaData, OrphaEntity, Phenotype, Prevalence
from build_tools.pipeline import Settings
from build_tools.search_docs import search_documents
from build_tools.search_index import build_search_files
from build_tools.search_norsk import lexicon_for
from build_tools.summaries import summary_pages

SJELDENTELEFONEN = "800 41 710"
_PAGE_MEMO: dict[str, dict[Any, Any]] = {}  # rendered pages per kind, each valid for one memo key
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!])")


def md(value: Any) -> str:
    """Text for Markdown: HTML-escaped, Markdown-escaped, on one line."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def en(value: Any) -> str:
    """English text from Orphanet on a Norwegian page, marked so screen readers switch language (WCAG 3.1.2)."""
    return f'<span lang="en">{md(value)}</span>'


def gene_symbols(e: OrphaEntity) -> list[str]:
    return list(dict.fromkeys(g.symbol for g in (*e.genes, *e.subtype_genes)))


_PREV_RANK = {"Point prevalence": 0, "Prevalence at birth": 1, "Annual incidence": 2, "Lifetime Prevalence": 3, "Cases/families": 4}
_GEO_RANK = {"Europe": 0, "Worldwide": 1, "Norway": -1}


def shown_prevalences(e: OrphaEntity) -> list[Prevalence]:
    useful = [p for p in e.prevalences if p.kind in _PREV_RANK and (prevalence_text(p) != "ukjent")]
    useful.sort(key=lambda p: (_PREV_RANK[p.kind], _GEO_RANK.get(p.geographic, 2), p.geographic))
    return list(dict.fromkeys(useful))[:6]


def prevalence_text(p: Prevalence) -> str:
    if p.kind == "Cases/families":
        try:
            n = int(float(p.mean))
        except ValueError:
            return "ukjent"
        return f"{n} {'familier' if 'amil' in p.qualification else 'tilfeller'} beskrevet"
    return vocab.prevalence_class(p.prevalence_class)


def best_prevalence(e: OrphaEntity) -> str:
    shown = shown_prevalences(e)
    if not shown:
        return ""
    p = shown[0]
    where = vocab.translate(vocab.GEOGRAPHIC, p.geographic)
    return f"{prevalence_text(p)} ({vocab.translate(vocab.PREVALENCE_KIND, p.kind)}, {where})"


def _codes(mappings: tuple[CodeMapping, ...]) -> str:
    return ", ".join(md(m.code) + ("" if m.relation.value == "E" else f" ({vocab.RELATION[m.relation.value]})") for m in mappings)


def fact_lines(entities: list[OrphaEntity], centre: Centre | None, groups: list[OrphaEntity], up: str) -> list[str]:
    """The «Fakta» list: one Markdown list item per fact."""
    lines = []
    for e in entities:
        kind = f" ({md(vocab.translate(vocab.DISORDER_TYPES, e.disorder_type))})" if e.disorder_type else ""
        lines.append(f"- **ORPHA-kode:** [{e.code}]({e.code.url}){kind}")
        if e.icd10:
            lines.append(f"- **ICD-10:** {_codes(e.icd10)}")
        if e.icd11:
            lines.append(f"- **ICD-11:** {_codes(e.icd11)}")
        if genes := gene_symbols(e):
            lines.append(f"- **Gen:** {', '.join(md(g) for g in genes)}")
        if e.inheritance:
            lines.append(f"- **Arvegang:** {', '.join(md(vocab.translate(vocab.INHERITANCE, x)) for x in e.inheritance)}")
        if e.onsets:
            lines.append(f"- **Debut:** {', '.join(md(vocab.translate(vocab.ONSET, x)) for x in e.onsets)}")
        if prevalence := best_prevalence(e):
            lines.append(f"- **Forekomst:** {md(prevalence)}")
    if groups:
        label = "Diagnosegrupper" if len(groups) > 1 else "Diagnosegruppe"
        lines.append(f"- **{label}:** " + ", ".join(f"[{en(g.name) if g.code.value not in vocab.TOP_GROUPS else md(vocab.TOP_GROUPS[g.code.value])}]({up}grupper/{g.code.value}/)" for g in groups))
    if centre is not None:
        lines.append(f"- **Ansvarlig kompetansesenter:** [{md(centre.navn)}]({centre.nettside})")
    return lines


def top_phenotypes(e: OrphaEntity, limit: int = 12) -> list[Phenotype]:
    order = {f: i for i, f in enumerate(vocab.FREQUENCY_ORDER)}
    ranked = sorted((p for p in e.phenotypes if p.frequency != "Excluded (0%)"), key=lambda p: (order.get(p.frequency, 99), p.term))
    return ranked[:limit]


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    """One environment per process: templates compile once, also across `mkdocs serve` rebuilds."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=False,  # Markdown output: values are escaped explicitly with `md`
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(md=md, en=en, nb=lambda text, table: vocab.translate(table, text), nbdate=vocab.norwegian_date)
    env.globals.update(
        gene_symbols=gene_symbols,
        fact_lines=fact_lines,
        best_prevalence=best_prevalence,
        shown_prevalences=shown_prevalences,
        prevalence_text=prevalence_text,
        top_phenotypes=top_phenotypes,
        DISORDER_TYPES=vocab.DISORDER_TYPES,
        INHERITANCE=vocab.INHERITANCE,
        ONSET=vocab.ONSET,
        FREQUENCY=vocab.FREQUENCY,
        PREVALENCE_KIND=vocab.PREVALENCE_KIND,
        GEOGRAPHIC=vocab.GEOGRAPHIC,
        GENE_ASSOCIATION=vocab.GENE_ASSOCIATION,
        RELATION=vocab.RELATION,
    )
    return env


def _front_matter(meta: dict[str, Any]) -> str:
    # Material writes the title and description into the page without escaping them (MkDocs'
    # Jinja environment does not autoescape), so they are stored as escaped HTML text.
    meta = {k: html.escape(v, quote=True) if k in {"title", "description"} and isinstance(v, str) else v for k, v in meta.items()}
    # JSON is YAML (a flow mapping): any engine reads it, and it is ten times faster to write than YAML.
    return "---\n" + json.dumps(meta, ensure_ascii=False, separators=(", ", ": ")) + "\n---\n\n"


def _tidy(markdown: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def jsonld(entities: list[OrphaEntity], name: str, url: str, alternate: list[str], description: str = "") -> dict[str, Any]:
    """schema.org MedicalCondition with ORPHA and ICD-10 codes."""
    codes: list[dict[str, str]] = []
    for e in entities:
        codes.append({"@type": "MedicalCode", "codingSystem": "ORPHA", "codeValue": str(e.code.value)})
    for e in entities:
        for m in e.icd10:
            entry = {"@type": "MedicalCode", "codingSystem": "ICD-10", "codeValue": m.code}
            if entry not in codes:
                codes.append(entry)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "MedicalCondition", "name": name}
    if alternate:
        data["alternateName"] = list(dict.fromkeys(alternate))
    if description:
        data["description"] = description
    data["code"] = codes
    data["sameAs"] = [e.code.url for e in entities]
    if url:
        data["url"] = url
    return data


def _describe(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _plain(markdown: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`>#|]", "", text)
    return " ".join(text.split())


def top_groups(orpha: OrphaData) -> set[OrphaCode]:
    """The tops of Orphanet's classifications, and the parentless groups of those not bundled."""
    tops = {code for c in orpha.classifications for code in c.roots}
    tops |= {e.code for e in orpha.active() if e.level is Level.GROUP and not any((p_ := orpha.get(p)) is not None and p_.active for p in e.parents)}
    return tops


def built_codes(site: Site, settings: Settings) -> set[OrphaCode]:
    """The ORPHA codes that get a page: all active ones, or an evenly spread share for scaling runs."""
    if not settings.orpha_pages:
        return set()
    active = [e.code for e in site.orpha.active()]
    keep = max(1, round(len(active) * settings.orpha_fraction))
    step = len(active) / keep
    chosen = {active[int(i * step)] for i in range(keep)}
    covered = set(site.by_code)
    # Covered codes, the groups an authored page links to, and the tops of the classifications are always built.
    groups = {g.code for code in covered for g in site.groups_of(site.orpha.entities[code])}
    return chosen | covered | groups | top_groups(site.orpha)


class Renderer:
    def __init__(self, site: Site, settings: Settings, today: date):
        self.site = site
        self.settings = settings
        self.today = today
        self.env = _env()
        orpha = site.orpha
        self.env.globals.update(orpha=orpha, site=site)
        self.built: set[OrphaCode] = self._orpha_selection()

    def _orpha_selection(self) -> set[OrphaCode]:
        return built_codes(self.site, self.settings)

    def link(self, code: OrphaCode, up: str = "../../") -> str:
        covered = self.site.by_code.get(code)
        if covered is not None:
            return f"{up}{covered.url}"
        if code in self.built:
            entity = self.site.orpha.get(code)
            if entity is not None and entity.level is Level.GROUP:
                return f"{up}grupper/{code.value}/"
            return f"{up}orpha/{code.value}/"
        return code.url

    def groups(self, entities: list[OrphaEntity]) -> list[OrphaEntity]:
        out: dict[OrphaCode, OrphaEntity] = {}
        for e in entities:
            for g in self.site.groups_of(e):
                if g.code in self.built:
                    out.setdefault(g.code, g)
        return sorted(out.values(), key=lambda g: g.name)

    def render(self) -> dict[str, bytes]:
        pages: dict[str, str] = {}
        for d in self.site.diagnoses:
            pages[f"diagnoser/{d.slug}/index.md"] = self.diagnosis(d)
        for code in sorted(self.built):
            e = self.site.orpha.get(code)
            if e is None or not e.active:
                continue
            if code in self.site.by_code:
                pages[f"orpha/{code.value}/index.md"] = self.redirect(e, self.site.by_code[code])
            elif e.level is Level.GROUP:
                pages[f"orpha/{code.value}/index.md"] = self.redirect_to_group(e)
            else:
                pages[f"orpha/{code.value}/index.md"] = self._memo_orpha_page(e)
            if e.level is Level.GROUP:
                pages[f"grupper/{code.value}/index.md"] = self._memo_group_page(e)
        pages["diagnoser/index.md"] = self.az()
        pages["grupper/index.md"] = self.groups_index()
        return {k: v.encode("utf-8") for k, v in sorted(pages.items())}

    def _memo_group_page(self, e: OrphaEntity) -> str:
        """Group pages depend on the catalogue key plus the authored pages' titles and the summaries."""
        extra = (
            tuple(sorted((c.value, d.url, d.meta.tittel) for c, d in self.site.by_code.items())),
            tuple(sorted(repr((getattr(s, "url", ""), getattr(s, "title", ""), getattr(s, "meta", None))) for s in self.site.summaries)),
        )
        return self._memo(("group", extra), e, self.group)

    def _memo(self, kind: Any, e: OrphaEntity, render: Any) -> str:
        key = (
            kind,
            self.site.orpha.key,
            tuple(sorted((c.value, d.url) for c, d in self.site.by_code.items())),
            self.settings.orpha_pages,
            self.settings.orpha_fraction,
        )
        if not self.site.orpha.key:
            return render(e)
        memo = _PAGE_MEMO.setdefault(kind[0] if isinstance(kind, tuple) else kind, {})
        if memo.get("key") != key:
            memo.clear()
            memo["key"] = key
        page = memo.get(e.code)
        if page is None:
            page = memo[e.code] = render(e)
        return page

    def _memo_orpha_page(self, e: OrphaEntity) -> str:
        """Catalogue pages depend only on the Orphanet data, which codes have authored pages and
        which pages are built: under `mkdocs serve` they are rendered once, not on every save."""
        return self._memo("orpha", e, self.orpha_page)

    def _page(self, meta: dict[str, Any], body: str) -> str:
        return _front_matter(meta) + _tidy(body)

    def diagnosis(self, d: Diagnosis) -> str:
        names = list(dict.fromkeys([*d.meta.synonymer, *d.meta.folkelige_navn]))
        overdue = d.meta.neste_revisjon < self.today
        body = self.env.get_template("diagnosis.md.j2").render(
            d=d,
            names=names,
            notice=d.meta.eksempeltekst and self.settings.example_notice,
            overdue=overdue,
            groups=self.groups(d.entities),
            body=d.doc.body.strip(),
            link=self.link,
            up="../../",
        )
        kort = next((s.text for s in d.sections if s.title == "Kort om diagnosen"), "")
        description = d.meta.beskrivelse or _describe(_plain(kort))
        alternate = names + [e.name for e in d.entities] + [s for e in d.entities for s in e.synonyms]
        meta: dict[str, Any] = {
            "title": d.meta.tittel,
            "description": description,
            "sjelden": {
                "kind": "diagnose",
                "source": d.doc.display,
                "sist_revidert": d.meta.sist_revidert.isoformat(),
                "orpha": [c.value for c in d.codes],
            },
            "jsonld": jsonld(d.entities, d.meta.tittel, "", alternate, description),
        }
        return self._page(meta, body)

    def orpha_page(self, e: OrphaEntity) -> str:
        members = [self.site.orpha.entities[c] for c in self.site.members.get(e.code, []) if c in self.built]
        body = self.env.get_template("orpha.md.j2").render(e=e, groups=self.groups([e]), members=members, link=self.link, up="../../")
        description = _describe(f"{e.name} ({e.code}): fakta fra Orphanet om diagnosen, koder, gener og hvor du kan få hjelp i Norge.")
        meta = {
            "title": e.name,
            "description": description,
            "sjelden": {"kind": "orpha", "orpha": [e.code.value]},
            "jsonld": jsonld([e], e.name, "", list(e.synonyms), _describe(e.definition, 300) if e.definition else ""),
        }
        return self._page(meta, body)

    def _redirect(self, e: OrphaEntity, target: str, title: str) -> str:
        meta = {
            "title": title,
            "template": "redirect.html",
            "redirect": target,
            "search": {"exclude": True},
            "sjelden": {"kind": "redirect", "orpha": [e.code.value]},
            "jsonld": jsonld([e], e.name, "", list(e.synonyms)),
        }
        return self._page(meta, f"Siden har flyttet til [{md(title)}]({target}).\n")

    def redirect(self, e: OrphaEntity, d: Diagnosis) -> str:
        return self._redirect(e, f"../../{d.url}", d.meta.tittel)

    def redirect_to_group(self, e: OrphaEntity) -> str:
        return self._redirect(e, f"../../grupper/{e.code.value}/", e.name)

    def group(self, e: OrphaEntity) -> str:
        codes = [c for c in self.site.members.get(e.code, []) if c in self.built]
        members = [self.site.orpha.entities[c] for c in codes]
        authored = sorted({self.site.by_code[c].slug: self.site.by_code[c] for c in codes if c in self.site.by_code}.values(), key=lambda d: vocab.norwegian_sort_key(d.meta.tittel))
        subgroups = [m for m in members if m.level is Level.GROUP]
        others = [m for m in members if m.level is not Level.GROUP and m.code not in self.site.by_code]
        parents = [p for p in self.site.groups_of(e) if p.code in self.built]
        body = self.env.get_template("group.md.j2").render(
            e=e,
            members=members,
            authored=authored,
            subgroups=sorted(subgroups, key=lambda g: g.name),
            others=sorted(others, key=lambda g: g.name),
            parents=parents,
            link=lambda code: self.link(code, "../../"),
        )
        title = vocab.TOP_GROUPS.get(e.code.value, e.name)
        meta = {
            "title": title,
            "description": _describe(f"Diagnosegruppen {title} ({e.code}) i Orphanets klassifikasjon: {len(members)} diagnoser og undergrupper."),
            "sjelden": {"kind": "gruppe", "orpha": [e.code.value]},
            "jsonld": jsonld([e], e.name, "", list(e.synonyms)),
        }
        return self._page(meta, body)

    def az(self) -> str:
        entries: list[tuple[str, str, str]] = []
        for d in self.site.diagnoses:
            entries.append((d.meta.tittel, f"{d.slug}/", ""))
            for name in [*d.meta.synonymer, *d.meta.folkelige_navn]:
                if name.lower() != d.meta.tittel.lower():
                    entries.append((name, f"{d.slug}/", f"se {d.meta.tittel}"))
        entries.sort(key=lambda t: vocab.norwegian_sort_key(t[0]))
        grouped: dict[str, list[tuple[str, str, str]]] = {}
        for entry in entries:
            grouped.setdefault(vocab.initial(entry[0]), []).append(entry)
        order = sorted(grouped, key=lambda letter: vocab.norwegian_sort_key(letter.replace("0–9", "0")))
        body = self.env.get_template("az.md.j2").render(
            letters=order, groups=[(k, grouped[k]) for k in order], orpha_count=len(self.site.orpha.active())
        )
        meta = {
            "title": "Diagnoser A–Å",
            "description": "Alle diagnoser med norsk artikkel på sjelden.no, sortert alfabetisk.",
            "search": {"exclude": True},  # lists every name: would crowd the search results
            "sjelden": {"kind": "liste"},
        }
        return self._page(meta, body)

    def _tops(self) -> set[OrphaCode]:
        return top_groups(self.site.orpha)

    def groups_index(self) -> str:
        # The tops of Orphanet's classifications, and any top-level group the bundled
        # classifications do not cover (genetic, neurological and developmental are not bundled).
        heads = [e for code in self._tops() if (e := self.site.orpha.get(code)) is not None and e.active and code in self.built]
        named = sorted(((vocab.TOP_GROUPS.get(e.code.value, e.name), e) for e in {e.code: e for e in heads}.values()), key=lambda t: vocab.norwegian_sort_key(t[0]))
        body = self.env.get_template("groups_index.md.j2").render(heads=named)
        meta = {
            "title": "Diagnosegrupper",
            "description": "Orphanets klassifikasjoner av sjeldne diagnoser etter fagområde.",
            "search": {"exclude": True},
            "sjelden": {"kind": "liste"},
        }
        return self._page(meta, body)


def search_files(site: Site, settings: Settings, today: date) -> dict[str, bytes]:
    """The search index and worker for the site (the slowest part of rendering: ~1–2 s)."""
    nb = lexicon_for(settings.path(settings.data_dir), settings.root)
    return build_search_files(search_documents(site, built_codes(site, settings), settings.root / settings.docs_dir), nb)


def render_site(site: Site, settings: Settings, today: date, search: bool = True) -> dict[str, bytes]:
    """Every generated file: src_uri → bytes. Further content kinds add their pages here.
    `search=False` leaves the search files out (the live preview builds them after the pages)."""
    renderer = Renderer(site, settings, today)
    pages = renderer.render()
    if search:
        nb = lexicon_for(settings.path(settings.data_dir), settings.root)
        pages |= build_search_files(search_documents(site, renderer.built, settings.root / settings.docs_dir), nb)
    pages |= summary_pages(site, settings, today)
    pages |= render_courses(site, settings, today)
    from build_tools import coverage, opendata  # noqa: I001 - they import this module
    pages |= opendata.opendata_files(site) | coverage.coverage_files(site, today, pages)
    return dict(sorted(pages.items()))


def jsonld_script(data: Any) -> str:
    """JSON for a <script> element: `</` and friends escaped so text cannot end the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
