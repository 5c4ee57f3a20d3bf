"""Where pages live: an ORPHA code, a slug or a kind's list → its URL path, in one place.

Paths are site-relative with no leading slash and end in "/" (directory URLs), e.g. "orpha/558/";
`src` gives the Markdown file MkDocs builds there ("orpha/558/index.md"). Every kind, the search,
the preview and the engine adapter ask here instead of spelling a folder, so a URL changes in one
line. The URLs are a stable interface (DESIGN.md): change them only on purpose.
"""

from __future__ import annotations

from build_tools.orphanet.model import Level, OrphaCode, OrphaEntity

ORPHA = "orpha/"  # a page per active ORPHA entity (or a redirect to the page that covers it)
GROUPS = "grupper/"  # a page per diagnosis group, and the index of groups
DIAGNOSES = "diagnoser/"  # authored diagnosis pages, and the A–Å list
COURSES = "kurs/"  # courses, their list, filters, calendars and feed
SUMMARIES = "kunnskap/"  # the list of knowledge summaries
GLOSSARY = "ordliste/"
COVERAGE = "dekning/"
HOME = ""


def orpha(code: OrphaCode) -> str:
    return f"{ORPHA}{code.value}/"


def group(code: OrphaCode) -> str:
    return f"{GROUPS}{code.value}/"


def catalogue(entity: OrphaEntity) -> str:
    """A catalogue entity's own page: its group page for a group, else its ORPHA page."""
    return group(entity.code) if entity.level is Level.GROUP else orpha(entity.code)


def diagnosis(slug: str) -> str:
    return f"{DIAGNOSES}{slug}/"


def course(slug: str) -> str:
    return f"{COURSES}{slug}/"


def src(url: str) -> str:
    """The Markdown file behind a URL path: "orpha/558/" → "orpha/558/index.md"."""
    return f"{url}index.md"


def bulk(src_uri: str) -> bool:
    """Is this one of the thousands of catalogue pages (not the index of groups)? The engine adapter
    hands those to a second process and, under `mkdocs serve`, only when they changed."""
    return src_uri.startswith(ORPHA) or (src_uri.startswith(GROUPS) and src_uri != src(GROUPS))


def code_of(src_uri: str) -> OrphaCode | None:
    """The ORPHA code of an ORPHA or group page's src_uri ("orpha/558/index.md" → 558), else None."""
    for folder in (ORPHA, GROUPS):
        if src_uri.startswith(folder) and src_uri.endswith("/index.md"):
            number = src_uri[len(folder) : -len("/index.md")]
            if number.isascii() and number.isdigit():
                return OrphaCode(int(number))
    return None
