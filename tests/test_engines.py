"""The engine boundary: portable theme overrides, and the same site from MkDocs and ProperDocs.

Material for MkDocs ends in 2027 and MkDocs 1.x is unmaintained; docs/developers/engines.md says what
builds where. These tests keep the overrides renderable by any Jinja-like engine and show that
ProperDocs, the maintained fork of MkDocs 1.x, builds the same pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import jinja2.nodes
import pytest

from tests.conftest import ROOT, sample_project

OVERRIDES = ROOT / "docs" / "overrides"
ENGINE_FILTERS = {"url"}  # MkDocs', ProperDocs' and Zensical's
ALLOWED_CALLS = {"lang.t"}  # Material's translations, a global of the theme
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _dotted(node: jinja2.nodes.Node) -> str:
    if isinstance(node, jinja2.nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, jinja2.nodes.Name):
        return node.name
    return "?"


@pytest.mark.parametrize("template", sorted(p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*") if p.is_file()))
def test_overrides_use_no_python_methods_and_no_plugin_filters(template: str) -> None:
    env = jinja2.Environment()
    tree = env.parse((OVERRIDES / template).read_text(encoding="utf-8"))
    filters = {f.name for f in tree.find_all(jinja2.nodes.Filter)} | {t.name for t in tree.find_all(jinja2.nodes.Test)}
    unknown = filters - set(env.filters) - set(env.tests) - ENGINE_FILTERS
    assert not unknown, f"filters only an engine plugin provides: {unknown}"
    calls = {_dotted(c.node) for c in tree.find_all(jinja2.nodes.Call) if isinstance(c.node, jinja2.nodes.Getattr)}
    # `self.<block>()` is Jinja's own reference to a block (Material's base.html asks whether the
    # announce block is empty), not a Python method.
    methods = {c for c in calls if not c.startswith("self.")} - ALLOWED_CALLS
    assert not methods, f"Python methods in a template: {methods}"
    names = {n.name for n in tree.find_all(jinja2.nodes.Name)}
    assert not {n for n in names if n.startswith("sjelden_")}, "a global only the sjelden plugin registers"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes()) for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.skipif(shutil.which("properdocs", path=str(Path(sys.executable).parent)) is None, reason="ProperDocs er ikke installert (pip install -e '.[test]')")
def test_properdocs_builds_the_same_site_apart_from_the_generator_tag(built: Path, tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true"}
    properdocs = str(Path(sys.executable).parent / "properdocs")
    result = subprocess.run([properdocs, "build", "--strict", "-f", str(root / "mkdocs.yml")], capture_output=True, text=True, timeout=900, cwd=root, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    ours, theirs = _files(built), _files(root / "site")
    assert sorted(ours) == sorted(theirs)
    different = [rel for rel in ours if ours[rel] != theirs[rel]]
    assert not different, different[:20]
    generator = GENERATOR.search((root / "site" / "index.html").read_bytes())
    assert generator is not None and b"ProperDocs" in generator.group(0)
