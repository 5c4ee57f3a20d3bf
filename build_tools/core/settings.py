"""Settings: one source, the `sjelden` options in mkdocs.yml, read alike by the engine plugin and the CLI.

`OPTIONS` names every option once (type, default, meaning); the plugin's config class is made from
it, and `read_settings(root)` reads the same options from mkdocs.yml for the `sjelden` command, so
`mkdocs build` and `sjelden build-pages` build the same pages. Bad values are `Problem`s with the
line in mkdocs.yml.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path

import pathspec
import yaml

from build_tools.core.errors import ContentError, Problem

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class Option:
    name: str
    type: type
    default: bool | str | float | int
    doc: str


OPTIONS: tuple[Option, ...] = (
    Option("content_dir", str, "diagnoses", "Authored diagnosis pages: `<content_dir>/<slug>/index.md`."),
    Option("data_dir", str, "data", "Reference data: `centres.yml` and the Orphanet snapshot in `orphanet/`."),
    Option("cache_dir", str, ".cache/sjelden", "Generated pages and parsed data; outside `docs/` and outside git."),
    Option("example_notice", bool, True, "Show the «Eksempeltekst» notice on pages marked `eksempeltekst: true`."),
    Option("orpha_pages", bool, True, "Build a page for every active ORPHA entity (and every group)."),
    Option("orpha_fraction", float, 1.0, "Share of ORPHA entities to build, for scaling benchmarks; 1.0 in production."),
    Option("form_receiver", str, "", "https address course evaluation forms post to; empty: the forms are printable paper forms."),
    Option("parallel", bool, True, "Convert generated pages' Markdown in a second process during full builds."),
    Option("extra_kinds", str, "", "Content kinds of the project's own: comma-separated Python modules, each with a `KIND` (docs/developers/add-a-kind.md)."),
    Option("lix_pasient", int, 40, "Highest LIX (readability) for sections written for patients and relatives; above it `sjelden check` warns."),
    Option("lix_fagfolk", int, 50, "Highest LIX for sections written for professionals («Til kommunen», courses for professionals only)."),
)
_RECEIVER_RE = re.compile(r"https://[^\s<>\"']+")


@dataclass(frozen=True)
class Settings:
    """Where things are and what to build."""

    root: Path
    docs_dir: str = "docs"  # hand-written pages (mkdocs.yml's docs_dir)
    content_dir: str = "diagnoses"
    data_dir: str = "data"
    cache_dir: str = ".cache/sjelden"
    example_notice: bool = True
    orpha_pages: bool = True
    orpha_fraction: float = 1.0
    form_receiver: str = ""
    parallel: bool = True
    extra_kinds: str = ""
    lix_pasient: int = 40
    lix_fagfolk: int = 50
    edit_root: str = ""  # the repository's edit address (mkdocs.yml's edit_uri less the docs folder), for «Rediger denne siden»
    exclude_docs: str = ""  # mkdocs.yml's exclude_docs (gitignore patterns): hand-written files that are not pages

    def excluded(self, rel: str) -> bool:
        """Is `rel` (a path under docs_dir) left out of the site by exclude_docs?"""
        return _spec(self.exclude_docs).match_file(rel)

    def path(self, name: str) -> Path:
        return self.root / name

    @property
    def pages_dir(self) -> Path:
        return self.root / self.cache_dir / "pages"

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir


assert {o.name for o in OPTIONS} | {"root", "docs_dir", "edit_root", "exclude_docs"} == {f.name for f in fields(Settings)}


@functools.lru_cache(maxsize=8)
def _spec(patterns: str) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns.splitlines())


def option_problems(options: Mapping[str, object], lines: dict[str, int] | None = None) -> list[Problem]:
    """What is wrong with the `sjelden` options, worded for the editor."""
    lines = lines or {}
    known = {o.name: o for o in OPTIONS}
    problems = []
    for name, value in options.items():
        option = known.get(name)
        line = lines.get(name)
        if option is None:
            problems.append(Problem(CONFIG_FILE, line, f"sjelden.{name}", f"ukjent innstilling; gyldige er {', '.join(known)}"))
        elif option.type is float and isinstance(value, int | float) and not isinstance(value, bool):
            if not 0 < float(value) <= 1:
                problems.append(Problem(CONFIG_FILE, line, f"sjelden.{name}", "må være et tall større enn 0 og høyst 1"))
        elif option.type is int and isinstance(value, int) and not isinstance(value, bool):
            if not 10 <= value <= 80:
                problems.append(Problem(CONFIG_FILE, line, f"sjelden.{name}", "må være et helt tall fra 10 til 80 (LIX)"))
        elif not isinstance(value, option.type) or (option.type is not bool and isinstance(value, bool)):
            kind = {bool: "true eller false", str: "tekst", float: "et tall", int: "et helt tall"}[option.type]
            problems.append(Problem(CONFIG_FILE, line, f"sjelden.{name}", f"må være {kind}"))
    receiver = options.get("form_receiver")
    if isinstance(receiver, str) and receiver and not _RECEIVER_RE.fullmatch(receiver):
        problems.append(Problem(CONFIG_FILE, lines.get("form_receiver"), "sjelden.form_receiver", "må være en fullstendig https://-adresse til mottakeren av evalueringsskjemaene, eller tom"))
    return problems


def edit_root(edit_uri: str | None, docs_dir: str) -> str:
    """https://github.com/org/repo/edit/main/docs/ → https://github.com/org/repo/edit/main/: a source
    file's edit link is this plus its path in the repository."""
    if not edit_uri or not edit_uri.startswith("https://"):
        return ""
    docs = "/" + Path(docs_dir).name + "/"
    return edit_uri[: -len(docs) + 1] if edit_uri.endswith(docs) else edit_uri


def settings_from_options(root: Path, options: Mapping[str, object], docs_dir: str = "docs", edit_uri: str | None = None, exclude_docs: str = "") -> Settings:
    """Settings from the `sjelden` options (plugin config or mkdocs.yml); raises `ContentError` on bad values."""
    problems = option_problems(options)
    if problems:
        raise ContentError(problems)
    # option_problems has checked each value's type; an int is a float where a float is asked for.
    values = {o.name: (float(v) if o.type is float and isinstance(v, int | float) else v) for o in OPTIONS if o.name in options for v in [options[o.name]]}
    # Each value has its option's type (checked above), which mypy cannot follow through the table.
    return Settings(root=root, docs_dir=docs_dir, edit_root=edit_root(edit_uri, docs_dir), exclude_docs=exclude_docs, **values)  # type: ignore[arg-type]


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags for the engine (`!ENV`, `!!python/name:`); they are not ours to read."""

    tagged = False  # set on the loader that met one


def _any_tag(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> None:
    loader.tagged = True
    return None


_ConfigLoader.add_multi_constructor("!", _any_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def _plugin_options(config: Mapping[str, object]) -> object:
    """The `sjelden` entry of `plugins:` (its options, {} when it has none), or None when it is not there."""
    plugins = config.get("plugins") or []
    entries: Iterable[tuple[object, object]] = ()
    if isinstance(plugins, dict):
        entries = plugins.items()
    elif isinstance(plugins, list):
        entries = ((p, None) if isinstance(p, str) else next(iter(p.items()), (None, None)) for p in plugins)
    for name, options in entries:
        if name == "sjelden":
            return options or {}
    return None


def _option_lines(text: str) -> dict[str, int]:
    """Line of each `sjelden` option in mkdocs.yml (for messages)."""
    lines: dict[str, int] = {}
    inside, indent = False, 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if re.match(r"^\s*-\s*sjelden\s*:\s*$", line):
            inside, indent = True, len(line) - len(line.lstrip())
            continue
        if inside:
            current = len(line) - len(line.lstrip())
            if stripped and current <= indent + 1 and not stripped.startswith("#"):
                inside = False
            elif m := re.match(r"^\s*([a-z_]+)\s*:", line):
                lines.setdefault(m.group(1), number)
    return lines


@dataclass(frozen=True)
class ConfigFile:
    """mkdocs.yml, read once per run: its data (engine tags read as None), its text (for the lines of
    messages) and whether it holds such tags (an export must not drop them)."""

    data: dict[str, object]
    text: str
    tagged: bool


def read_config(path: Path) -> ConfigFile:
    """mkdocs.yml as plain data; raises `ContentError`."""
    text = path.read_text(encoding="utf-8")
    loader = _ConfigLoader(text)
    try:
        config = loader.get_single_data() or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError([Problem(CONFIG_FILE, mark.line + 1 if mark else None, None, "kan ikke leses som YAML; rett feilen i filen")]) from None
    finally:
        loader.dispose()
    if not isinstance(config, dict):
        raise ContentError([Problem(CONFIG_FILE, 1, None, "forventet innstillinger på formen «navn: verdi»")])
    return ConfigFile(config, text, loader.tagged)


def exclude_patterns(config: Mapping[str, object]) -> str:
    value = config.get("exclude_docs")
    return value if isinstance(value, str) else ""


def read_settings(root: Path) -> Settings:
    """The settings of the project at `root`, from its mkdocs.yml (defaults where there is none)."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Settings(root=root)
    return settings_from_config(root, read_config(path))


def settings_from_config(root: Path, file: ConfigFile) -> Settings:
    """The settings of the project at `root`, from its mkdocs.yml as `read_config` read it."""
    config, text = file.data, file.text
    options = _plugin_options(config)
    docs_dir = value if isinstance(value := config.get("docs_dir"), str) else "docs"
    edit_uri = value if isinstance(value := config.get("edit_uri"), str) else None
    if options is None:
        return Settings(root=root, docs_dir=docs_dir, edit_root=edit_root(edit_uri, docs_dir), exclude_docs=exclude_patterns(config))
    if not isinstance(options, dict):
        raise ContentError([Problem(CONFIG_FILE, None, "sjelden", "forventet innstillinger på formen «navn: verdi»")])
    problems = option_problems(options, _option_lines(text))
    if problems:
        raise ContentError(problems)
    return settings_from_options(root, options, docs_dir, edit_uri, exclude_patterns(config))
