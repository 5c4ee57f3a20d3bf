"""One source of settings: mkdocs.yml's `sjelden` options, read alike by the plugin and the `sjelden` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.core.settings import OPTIONS, Settings, read_settings, settings_from_options
from build_tools.engine.config import SjeldenConfig
from tests.conftest import FRACTION, make_project, sjelden
from tests.test_check import assert_check_reports


def test_the_plugin_config_is_made_from_the_one_list_of_options() -> None:
    assert [name for name, _ in SjeldenConfig._schema] == [o.name for o in OPTIONS]
    config = SjeldenConfig()
    config.load_dict({})
    errors, warnings = config.validate()
    assert not errors and not warnings
    assert settings_from_options(Path("/x"), dict(config)) == Settings(root=Path("/x"))


def test_cli_reads_the_options_of_mkdocs_yml(built: Path) -> None:
    root = built.parent
    settings = read_settings(root)
    assert settings.orpha_fraction == FRACTION and settings.root == root and settings.docs_dir == "docs"


def test_build_pages_writes_the_pages_mkdocs_build_built(built: Path, tmp_path: Path) -> None:
    """With `orpha_fraction` in mkdocs.yml, `sjelden build-pages` and `mkdocs build` make the same pages."""
    root = built.parent
    out = tmp_path / "tree"
    result = sjelden("--root", str(root), "build-pages", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    docs = root / "docs"
    hand_written = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    exported = {p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*") if p.is_file()} - hand_written
    cached = {p.relative_to(root / ".cache/sjelden/pages").as_posix() for p in (root / ".cache/sjelden/pages").rglob("*") if p.is_file()}
    assert exported == cached
    assert 500 < len(exported) < 3000  # a 5 % build, not the whole catalogue
    html_pages = {p.relative_to(built).as_posix() for p in built.rglob("index.html")}
    assert {rel.removesuffix("index.md") + "index.html" for rel in exported if rel.endswith("index.md")} <= html_pages


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("      form_receiver: http://skjema.example.org/svar\n", ["mkdocs.yml:{line}: sjelden.form_receiver: må være en fullstendig https://-adresse til mottakeren av evalueringsskjemaene, eller tom"]),
        ("      orpha_fraction: 2\n", ["mkdocs.yml:{line}: sjelden.orpha_fraction: må være et tall større enn 0 og høyst 1"]),
        ("      example_notice: kanskje\n", ["mkdocs.yml:{line}: sjelden.example_notice: må være true eller false"]),
        ("      lix_pasient: 5\n", ["mkdocs.yml:{line}: sjelden.lix_pasient: må være et helt tall fra 10 til 80 (LIX)"]),
        ("      lix_fagfolk: høy\n", ["mkdocs.yml:{line}: sjelden.lix_fagfolk: må være et helt tall"]),
        ("      orpha_page: false\n", ["mkdocs.yml:{line}: sjelden.orpha_page: ukjent innstilling; gyldige er " + ", ".join(o.name for o in OPTIONS)]),
    ],
)
def test_check_reports_bad_options_with_their_line(options: str, expected: list[str], tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - sjelden\n" in config
    config = config.replace("  - sjelden\n", "  - sjelden:\n" + options)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    line = config.splitlines().index(options.rstrip("\n")) + 1
    assert_check_reports(root, [e.format(line=line) for e in expected])
