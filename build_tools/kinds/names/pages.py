"""The names layer has no pages of its own: the catalogue, A–Å and the search use `site.names`."""

from __future__ import annotations

from datetime import date

from build_tools.core.settings import Settings
from build_tools.core.state import BuildState
from build_tools.kinds.links import RenderScope
from build_tools.kinds.site import Site


def pages(site: Site, settings: Settings, today: date, state: BuildState | None = None, scope: RenderScope | None = None) -> dict[str, bytes]:
    return {}
