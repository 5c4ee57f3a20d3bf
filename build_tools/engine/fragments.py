"""Rendering a theme fragment once and reusing it, for pages where it cannot differ.

Material renders its navigation, tabs and footer on every page; on the generated pages (outside
the menu, no previous/next links) they differ only by where the page sits (relative links). `install` adds a
`material/` prefix that reaches Material's own templates (the site's overrides of the same names
call them) and a `sjelden_once(name, where, template)` global that renders each (name, where: base URL and
section) once per build. The memo is cleared at the start of every build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import material
from markupsafe import Markup

_MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


def install(env: jinja2.Environment) -> None:
    memo: dict[tuple[str, str], Markup] = {}

    @jinja2.pass_context
    def once(context: jinja2.runtime.Context, name: str, where: str, template: str) -> Markup:
        key = (name, where)
        html = memo.get(key)
        if html is None:
            html = memo[key] = Markup(context.environment.get_template(template).render(context.get_all()))
        return html

    loader: Any = env.loader
    if not isinstance(loader, jinja2.ChoiceLoader) or not any(isinstance(x, jinja2.PrefixLoader) for x in loader.loaders):
        env.loader = jinja2.ChoiceLoader([loader, jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(str(_MATERIAL_TEMPLATES))})])
    env.globals["sjelden_once"] = once
