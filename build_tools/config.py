"""Typed options of the `sjelden` MkDocs plugin (set under `plugins: - sjelden:` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class SjeldenConfig(Config):
    # Content and data: folders relative to the directory of mkdocs.yml.
    content_dir = opt.Type(str, default="diagnoses")
    """Authored diagnosis pages: `<content_dir>/<slug>/index.md`."""
    data_dir = opt.Type(str, default="data")
    """Reference data: `centres.yml` and the Orphanet snapshot in `orphanet/`."""
    cache_dir = opt.Type(str, default=".cache/sjelden")
    """Generated pages and parsed data; outside `docs/` and outside git."""

    # What to publish.
    example_notice = opt.Type(bool, default=True)
    """Show the «Eksempeltekst» notice on pages marked `eksempeltekst: true`."""
    orpha_pages = opt.Type(bool, default=True)
    """Build a page for every active ORPHA entity (and every group)."""
    orpha_fraction = opt.Type(float, default=1.0)
    """Share of ORPHA entities to build, for scaling benchmarks; 1.0 in production."""
    form_receiver = opt.Type(str, default="")
    """https address course evaluation forms post to; empty: the forms are printable paper forms."""

    # Build speed.
    parallel = opt.Type(bool, default=True)
    """Convert generated pages' Markdown in a second process during full builds."""
