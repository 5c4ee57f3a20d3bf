"""Converting generated pages' Markdown in a second process while MkDocs works in the first.

MkDocs converts every page's Markdown in one process; on a full build of ~12,000 pages that is
about 40 % of the time. The plugin hands the generated catalogue and group pages to one worker
process (the machines this runs on have two cores), which converts them with the same Markdown
extensions MkDocs uses; MkDocs then receives the finished HTML and table of contents. Pages the
worker converts are exactly those MkDocs would convert the same way: generated pages whose links
are plain URLs, so MkDocs' link rewriting leaves them unchanged (a test compares the sites).
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypedDict

import markdown
from mkdocs.utils.meta import get_data

CHUNK = 200  # pages per task: large enough to amortise pickling, small enough to start early
_ID_RE = re.compile(r'\sid="([^"]+)"')

_md: markdown.Markdown | None = None


class TocToken(TypedDict):
    """A heading as Python-Markdown's toc extension lists it (the shape MkDocs' `get_toc` takes)."""

    level: int
    id: str
    name: str
    children: list[TocToken]


Converted = tuple[str, list[TocToken], set[str]]  # a page's HTML, its headings and its element ids
Extensions = Sequence[str | markdown.Extension]  # mkdocs.yml's markdown_extensions, as MkDocs loaded them
Configs = Mapping[str, Mapping[str, object]]  # their options (mdx_configs)


def _init(extensions: Extensions, configs: Configs) -> None:
    global _md
    _md = markdown.Markdown(extensions=extensions, extension_configs=configs)


def _convert(items: list[tuple[str, str]]) -> dict[str, Converted]:
    assert _md is not None
    out: dict[str, Converted] = {}
    for src_uri, source in items:
        body, _meta = get_data(source)
        _md.reset()
        html = _md.convert(body)
        out[src_uri] = (html, list(getattr(_md, "toc_tokens", [])), set(_ID_RE.findall(html)))
    return out


class Converter:
    """One worker process converting a list of pages in order; results fetched per page."""

    def __init__(self, extensions: Extensions, configs: Configs, items: list[tuple[str, str]]):
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_init, initargs=(extensions, configs))
        self.futures: dict[str, Future[dict[str, Converted]]] = {}
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            future = self.pool.submit(_convert, chunk)
            for src_uri, _ in chunk:
                self.futures[src_uri] = future

    def __contains__(self, src_uri: str) -> bool:
        return src_uri in self.futures

    def result(self, src_uri: str) -> Converted:
        return self.futures.pop(src_uri).result()[src_uri]

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
