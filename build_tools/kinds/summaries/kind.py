"""The summaries kind: knowledge summaries beside the diagnosis pages and in the groups' folders."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from build_tools.core.pages import plain
from build_tools.core.searchdoc import SearchDoc
from build_tools.kinds import routes
from build_tools.kinds.kind import ContentKind, Kind
from build_tools.kinds.site import Site
from build_tools.kinds.summaries import load, pages
from build_tools.kinds.summaries.model import SUMMARY_SECTIONS, SummaryMeta
from build_tools.orphanet.model import OrphaCode


def documents(site: Site, built: AbstractSet[OrphaCode]) -> list[SearchDoc]:
    return [SearchDoc(url=s.url, title=s.title, kind="side", names=(s.title,), text=plain(s.body, markup=" ")) for s in site.summaries]


def page_files(site: Site) -> dict[str, list[str]]:
    return {s.doc.display: [routes.src(s.url)] for s in site.summaries}


KIND = Kind(
    "summaries",
    load.load,
    pages.pages,
    load.sources,
    requires=("diagnoses",),  # a summary belongs to an authored page or a group
    documents=documents,
    search_rank=0,
    page_files=page_files,
    lists=(routes.src(routes.SUMMARIES),),
    schemas=(
        ContentKind(
            "kunnskapsoppsummering", "Kunnskapsoppsummering (front matter i diagnoses/<slug>/kunnskapsoppsummering.md)", SummaryMeta,
            ("diagnoses/*/kunnskapsoppsummering.md",), front_matter=True, command="summary", new_path="diagnoses/{slug}/kunnskapsoppsummering.md", sections=SUMMARY_SECTIONS,
            help="kunnskapsoppsummering",
        ),
    ),
)
