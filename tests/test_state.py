"""Build state owned by the engine adapter (core/state.py): one plugin, several builds, as under
`mkdocs serve`. What a page reads is declared, so an edit to any input reaches the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from build_tools.core.state import BuildState
from build_tools.engine.plugin import SjeldenPlugin
from tests.conftest import make_project

MARFAN_PAGE = "orpha/558/index.md"  # a catalogue page whose fact box says «Arvegang: autosomal dominant»
GLOSSARY = """\
autosomal-dominant:
  term: autosomal dominant
  forklaring: Arvegang der én endret genkopi er nok til å gi tilstanden.
"""
OTHER_GLOSSARY = """\
dominant-arv:
  term: autosomal dominant
  forklaring: Arvegang der én endret genkopi er nok til å gi tilstanden.
"""


NAMES = """\
558:
  navn: {name}
  status: godkjent
  kilde: https://www.helsebiblioteket.no/
"""


class Serve:
    """The plugin as `mkdocs serve --dirty` keeps it: one instance (and one build state) for every build."""

    def __init__(self, root: Path):
        self.config = load_config(str(root / "mkdocs.yml"))
        plugin = self.config.plugins["sjelden"]
        assert isinstance(plugin, SjeldenPlugin)
        self.plugin = plugin
        plugin.on_startup(command="serve", dirty=True)

    def build(self) -> dict[str, bytes]:
        """One rebuild up to the pages the plugin hands MkDocs: src_uri → what it wrote."""
        config = self.plugin.on_config(self.config)
        config.plugins._current_plugin = "sjelden"  # as MkDocs' run_event sets it
        self.plugin.on_files(Files([]), config)
        assert self.plugin.settings is not None
        pages = self.plugin.state.written[self.plugin.settings.pages_dir]
        return pages


@pytest.fixture
def project(tmp_path: Path, small_orphanet: Path) -> Path:
    root = make_project(tmp_path, small_orphanet)
    (root / "data" / "ordliste.yml").write_text(GLOSSARY, encoding="utf-8")
    (root / "data" / "norske-navn.yml").write_text(NAMES.format(name="Marfans syndrom"), encoding="utf-8")
    return root


def test_a_glossary_edit_reaches_the_catalogue_pages_of_a_running_server(project: Path) -> None:
    serve = Serve(project)
    first = serve.build()
    assert "](../../ordliste/#autosomal-dominant)" in first[MARFAN_PAGE].decode("utf-8")
    again = serve.build()
    assert again[MARFAN_PAGE] is first[MARFAN_PAGE]  # nothing changed: the page was kept, not rendered again

    (project / "data" / "ordliste.yml").write_text(OTHER_GLOSSARY, encoding="utf-8")
    edited = serve.build()[MARFAN_PAGE].decode("utf-8")
    assert "](../../ordliste/#dominant-arv)" in edited
    assert "#autosomal-dominant" not in edited
    assert (serve.plugin.settings.pages_dir / MARFAN_PAGE).read_text(encoding="utf-8") == edited  # type: ignore[union-attr]


def test_a_names_edit_reaches_the_catalogue_pages_of_a_running_server(project: Path) -> None:
    serve = Serve(project)
    before = serve.build()[MARFAN_PAGE].decode("utf-8")
    (project / "data" / "norske-navn.yml").write_text(NAMES.format(name="Marfans syndrom prøvenavn"), encoding="utf-8")
    after = serve.build()[MARFAN_PAGE].decode("utf-8")
    assert "Marfans syndrom prøvenavn" in after and "Marfans syndrom prøvenavn" not in before


def test_each_build_state_is_its_own() -> None:
    one, other = BuildState(), BuildState()
    assert one.keep("slot", 1, lambda: ["made"]) is one.keep("slot", 1, lambda: ["again"])
    assert other.keep("slot", 1, lambda: ["other"]) == ["other"]
    assert one.keep("slot", 2, lambda: ["new key"]) == ["new key"]
    assert one.env is one.env and one.env is not other.env
