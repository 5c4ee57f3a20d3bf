"""Rendering a theme fragment once and reusing it, for pages where it cannot differ.

Material renders its navigation, tabs and footer on every page; on the generated pages (outside
the menu, no previous/next links) they differ only by where the page sits (relative links). `install` puts
the plugin's own templates (`theme/`: nav, tabs and footer partials, the cached-page placeholder) in
front of the site's, adds a `material/` prefix that reaches Material's own templates (the plugin's
partials of the same names call them) and a `sjelden_once(name, template)` global that renders each
name once per base URL and section. The memo is cleared at the start of every build. The site's
own overrides (docs/overrides) stay free of all this, so another engine builds them as they are.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import material
from markupsafe import Markup

_MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
THEME = Path(__file__).resolve().parent / "theme"


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept for the life of the process: `mkdocs serve` makes a new Jinja
    environment for every rebuild and would compile Material's templates again (~1.5 s a save).
    Jinja keys each entry by the template's source checksum, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


BYTECODE = MemoryBytecodeCache()


def install(env: jinja2.Environment) -> None:
    memo: dict[tuple[str, str], Markup] = {}

    @jinja2.pass_context
    def once(context: jinja2.runtime.Context, name: str, template: str) -> Markup:
        page = context.get("page")
        section = page.url.split("/")[0] if page is not None else ""
        key = (name, f"{context.get('base_url')} {section}")
        html = memo.get(key)
        if html is None:
            html = memo[key] = Markup(context.environment.get_template(template).render(context.get_all()))
        return html

    loader = env.loader
    if not isinstance(loader, jinja2.ChoiceLoader) or not any(isinstance(x, jinja2.PrefixLoader) for x in loader.loaders):
        env.loader = jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(str(THEME)),
            *([loader] if loader is not None else []),
            jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(str(_MATERIAL_TEMPLATES))}),
        ])
    env.globals["sjelden_once"] = once
    env.bytecode_cache = BYTECODE
