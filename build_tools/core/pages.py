"""Page primitives: escaping for Markdown, front matter, JSON-LD in HTML, and the template environment.

Every generated page is Markdown with front matter (JSON, which is YAML) that any engine can build.
Every value from Orphanet or from YAML is escaped on the way in (`md`), never trusted as Markdown or HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from pathlib import Path

import jinja2

from build_tools.core import vocab

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SITE_URL = "https://sjelden.no/"  # the published site; absolute URLs in feeds, calendars and open data
# Example content (`eksempeltekst: true`) is marked in every export, not only on its page: a feed
# reader, calendar or search engine shows a title or a status, never the page's notice.
EXAMPLE_PREFIX = "[Eksempel] "
EXAMPLE_STATUS = "Eksempeltekst"  # schema.org creativeWorkStatus


def mark_example(jsonld: dict[str, object], example: bool, keys: tuple[str, ...] = ("name", "headline", "description"), work: bool = True) -> dict[str, object]:
    """JSON-LD of example content: «[Eksempel]» before the texts a consumer shows (`keys`) and, for a
    schema.org CreativeWork (`work`), `creativeWorkStatus`."""
    if example:
        for key in keys:
            value = jsonld.get(key)
            if isinstance(value, str):
                jsonld[key] = EXAMPLE_PREFIX + value
        if work:
            jsonld["creativeWorkStatus"] = EXAMPLE_STATUS
    return jsonld
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!])")


def md(value: object) -> str:
    """Text for Markdown: HTML-escaped, Markdown-escaped, on one line."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def h(value: object) -> str:
    """Text for HTML (attributes included), on one line: the one HTML escaper of generated pages."""
    return html.escape(" ".join(str(value).split()), quote=True)


def en(value: object) -> str:
    """English text from Orphanet on a Norwegian page, marked so screen readers switch language (WCAG 3.1.2)."""
    return f'<span lang="en">{md(value)}</span>'


@jinja2.pass_context
def _nbname(context: jinja2.runtime.Context, entity: object) -> str:
    """`{{ e | nbname }}`: an entity's name in a list, as the page being rendered names it (its
    `nbname` in the render context); the environment itself holds nothing of one site."""
    return str(context["nbname"](entity))


def make_env() -> jinja2.Environment:
    """A template environment for generated pages. The build state (core/state.py) keeps one, so
    templates compile once, also across `mkdocs serve` rebuilds; what belongs to one site (the
    site, its Orphanet data, today) is passed when a template is rendered, never stored here."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # Markdown output: values are escaped explicitly with `md`
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(md=md, en=en, nb=lambda text, table: vocab.translate(table, text), nbdate=vocab.norwegian_date, nbname=_nbname)
    env.globals.update(
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


env = make_env  # a fresh environment, for tests and one-off renders


def front_matter(meta: Mapping[str, object]) -> str:
    # Material writes the title and description into the page without escaping them (MkDocs'
    # Jinja environment does not autoescape), so they are stored as escaped HTML text.
    meta = {k: html.escape(v, quote=True) if k in {"title", "description"} and isinstance(v, str) else v for k, v in meta.items()}
    # JSON is YAML (a flow mapping): any engine reads it, and it is ten times faster to write than YAML.
    return "---\n" + json.dumps(meta, ensure_ascii=False, separators=(", ", ": ")) + "\n---\n\n"


def tidy(markdown: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def describe(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def plain(markdown: str, markup: str = "") -> str:
    """Markdown as plain text on one line: comments and attribute lists gone, links as their text,
    markup characters replaced by `markup` ("" for descriptions, " " for search, so table cells
    and words joined by markup stay apart)."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{[:#][^}]*\}", " ", text)
    text = re.sub(r"[*_`>#|]", markup, text)
    return " ".join(text.split())


def source_meta(display: str, edit_root: str) -> dict[str, str]:
    """Front matter naming the file a generated page comes from, and where to edit it."""
    return {"source": display, "edit_url": edit_root + display} if edit_root else {"source": display}


def page(meta: Mapping[str, object], body: str) -> str:
    """A generated page: front matter, then the body with blank lines tidied. Generated pages are
    found by the site's own search index (derived/search), so the engine's search leaves them out;
    that is said in the page itself, for any engine."""
    if "search" not in meta:
        meta = {**meta, "search": {"exclude": True}}
    return front_matter(meta) + tidy(body)
