"""Typed options of the `sjelden` plugin (under `plugins: - sjelden:` in mkdocs.yml), made from `core.settings.OPTIONS`.

The CLI reads the same options from mkdocs.yml with `core.settings.read_settings`: one list, one source.
"""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

from build_tools.core.settings import OPTIONS


class SjeldenConfig(Config):
    # One option per entry of OPTIONS; a class body's namespace is a plain dict, so they are added to it here.
    vars().update({o.name: opt.Type((int, float) if o.type is float else o.type, default=o.default) for o in OPTIONS})
