"""The glossary page, `ordliste/index.md`: the terms in Norwegian alphabetical order, under their letters."""

from __future__ import annotations

from datetime import date

from build_tools.core.errors import display_path
from build_tools.core.pages import page, source_meta
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState
from build_tools.core.vocab import initial, norwegian_sort_key
from build_tools.kinds.glossary.model import GLOSSARY_FILE, GLOSSARY_URL, Term
from build_tools.kinds.links import RenderScope
from build_tools.kinds.site import Site


def by_letter(terms: list[Term]) -> list[tuple[str, list[Term]]]:
    letters: dict[str, list[Term]] = {}
    for t in sorted(terms, key=lambda t: norwegian_sort_key(t.term)):
        letters.setdefault(initial(t.term), []).append(t)
    return list(letters.items())


def pages(site: Site, settings: Settings, today: date, state: BuildState | None = None, scope: RenderScope | None = None) -> dict[str, bytes]:
    """The glossary page (also when the glossary is empty: the menu links to it)."""
    body = (state or BuildState()).env.get_template("glossary.md.j2").render(letters=by_letter(list(site.glossary.terms.values())), glossary=site.glossary)
    meta = {
        "title": "Ordliste",
        "description": "Forklaringer på enkelt norsk av ord som brukes om sjeldne diagnoser: arvegang, genvariant, individuell plan, koordinator og flere.",
        "sjelden": {"kind": "ordliste", **source_meta(display_path(settings.path(settings.data_dir) / GLOSSARY_FILE, settings.root), settings.edit_root)},
    }
    return {f"{GLOSSARY_URL}index.md": page(meta, body).encode("utf-8")}
