"""Reading content files: YAML and Markdown front matter into plain data with line numbers.

Takes a path, returns a `Document`: the data as plain dicts/lists/strings (`LineDict` remembers
the line of every key), and for Markdown the body with the line it starts on. Everything that can
go wrong with a file an editor wrote (or an attacker sent) becomes a `ContentError` with a
Norwegian message: bad encodings, binary files, YAML syntax, duplicate keys, aliases, huge files.
Dates stay strings here; the models decide what a valid date is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeAlias

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from build_tools.core.errors import ContentError, Problem

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # the same as model.SLUG_RE: file names are ids
MAX_FILE_BYTES = 1_000_000  # the longest real page is a few tens of KB
MAX_NODES = 50_000  # bounds the work a hostile document can ask for


# What YAML holds once read: keys are text (the reader refuses others), dates stay text unless a
# file tags them (`!!timestamp`), and `!!binary` gives bytes.
YamlScalar: TypeAlias = str | int | float | bool | bytes | date | None
YamlValue: TypeAlias = "LineDict | LineList | YamlScalar"


class LineDict(dict[str, "YamlValue"]):
    """A dict that knows the line (1-based) each key was written on, and its own line."""

    __slots__ = ("lines", "line")

    def __init__(self, items: Mapping[str, YamlValue] | None = None, /, **values: YamlValue) -> None:
        super().__init__(items or {}, **values)
        self.lines: dict[str, int] = {}
        self.line: int = 0


class LineList(list["YamlValue"]):
    """A list that knows the line of each item."""

    __slots__ = ("lines", "line")

    def __init__(self, items: Iterable[YamlValue] = ()) -> None:
        super().__init__(items)
        self.lines: list[int] = []
        self.line: int = 0


@dataclass
class Document:
    path: Path
    display: str  # the path as the editor knows it
    data: YamlValue
    body: str = ""
    body_line: int = 1  # the line of the file the body starts on
    meta_line: int = 1  # the line of the file the YAML starts on


@dataclass
class MappingDocument(Document):
    """A document whose data is a mapping (`core.validate.read_mapping` checked it)."""

    data: LineDict


# libyaml's parser when PyYAML has it (10× faster on a site's worth of front matter), else Python's.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader without timestamps (dates are checked by the models) or aliases."""


# Keep dates as text: PyYAML would raise a bare ValueError on 2025-02-30.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Problem(Exception):
    def __init__(self, line: int | None, field: str | None, message: str):
        self.line, self.field, self.message = line, field, message


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _convert(node: yaml.Node, offset: int, count: list[int]) -> YamlValue:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise _Problem(node.start_mark.line + offset, None, "dokumentet er for stort; del det opp")
    line = node.start_mark.line + 1 + offset
    if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in _PLAIN_TAGS:
        raise _Problem(line, None, f"YAML-tagg {node.tag} er ikke tillatt; fjern taggen")
    if isinstance(node, MappingNode):
        out = LineDict()
        out.line = line
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Problem(key_node.start_mark.line + 1 + offset, None, "nøkler må være enkel tekst")
            key = _Loader.construct_scalar(_loader_singleton, key_node)
            key_line = key_node.start_mark.line + 1 + offset
            if key == "<<":
                raise _Problem(key_line, None, "YAML-fletting (<<) er ikke tillatt; skriv feltene ut")
            if key in out:
                raise _Problem(key_line, str(key), f"feltet står to ganger (første gang på linje {out.lines[key]}); fjern det ene")
            out[key] = _convert(value_node, offset, count)
            out.lines[key] = key_line
        return out
    if isinstance(node, SequenceNode):
        items = LineList()
        items.line = line
        for item in node.value:
            items.append(_convert(item, offset, count))
            items.lines.append(item.start_mark.line + 1 + offset)
        return items
    value: YamlScalar = _loader_singleton.construct_object(node, deep=True)
    return value


_loader_singleton = _Loader("")


# PyYAML's and libyaml's wordings of the common mistakes, in the editor's language.
_YAML_REASONS = [
    (re.compile(r"expected ',' or '\]'"), "mangler komma eller ] i en liste"),
    (re.compile(r"expected ',' or '\}'"), "mangler komma eller } i et oppslag"),
    (re.compile(r"mapping values are not allowed"), "kolon på feil sted; sett tekst med kolon i anførselstegn"),
    (re.compile(r"expected <block end>|did not find expected key"), "feil innrykk; felt på samme nivå må starte i samme kolonne"),
    (re.compile(r"could not find expected ':'"), "mangler kolon etter feltnavnet"),
    (re.compile(r"found character '\\t'|found a tab character"), "tabulator er ikke tillatt; bruk mellomrom"),
    (re.compile(r"found unexpected end of stream|unexpected end of stream"), "teksten slutter midt i en verdi; mangler et anførselstegn?"),
    (re.compile(r"found unknown escape character"), "ukjent \\-tegn i tekst med doble anførselstegn"),
]


def _yaml_reason(text: str) -> str:
    for pattern, norwegian in _YAML_REASONS:
        if pattern.search(text):
            return norwegian
    return text


def parse_yaml(text: str, display: str, offset: int = 0) -> YamlValue:
    """YAML text to plain data with lines. `offset`: lines before the text in its file."""
    try:
        # Refuse aliases before anything is built: they are how YAML bombs multiply.
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise _Problem((event.start_mark.line if event.start_mark else 0) + 1 + offset, None, "YAML-alias (*navn) er ikke tillatt; skriv verdien ut")
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        if node is None:
            return None
        return _convert(node, offset, [0])
    except _Problem as p:
        raise ContentError([Problem(display, p.line, p.field, p.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        what = _yaml_reason((exc.problem or exc.context or "ugyldig YAML").strip())
        raise ContentError([Problem(display, line, None, f"YAML-syntaksfeil ({what}); sjekk innrykk, kolon og anførselstegn")]) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise ContentError([Problem(display, None, None, f"ugyldig YAML ({exc})")]) from None


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with symlinks resolved, lies under `root`."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def read_text(path: Path, display: str) -> str:
    """A content file as text, refusing what is not UTF-8 text."""
    try:
        if path.is_symlink() or not path.is_file():
            raise ContentError([Problem(display, None, None, "er ikke en vanlig fil; bruk en vanlig fil, ikke en snarvei (symlink)")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError([Problem(display, None, None, f"filen er for stor ({size} byte, grensen er {MAX_FILE_BYTES}); del den opp")])
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(display, None, None, f"kan ikke lese filen ({exc.strerror})")]) from None
    return decode(raw, display)


def decode(raw: bytes, display: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError([Problem(display, 1, None, "filen er lagret som UTF-16; lagre den som UTF-8")])
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a BOM is harmless: editors on Windows add it
    if b"\x00" in raw:
        raise ContentError([Problem(display, raw[: raw.index(b"\x00")].count(b"\n") + 1, None, "filen er ikke en tekstfil (inneholder NUL-tegn)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError([Problem(display, line, None, "filen er ikke gyldig UTF-8 (kanskje Latin-1/Windows-1252); lagre den som UTF-8")]) from None
    if not text.strip():
        raise ContentError([Problem(display, None, None, "filen er tom")])
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_yaml(path: Path, display: str) -> Document:
    text = read_text(path, display)
    return Document(path=path, display=display, data=parse_yaml(text, display))


def read_markdown(path: Path, display: str) -> Document:
    """Markdown with YAML front matter between `---` lines at the top."""
    text = read_text(path, display)
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ContentError([Problem(display, 1, None, "filen må begynne med front matter: en linje med --- , feltene, og en linje med ---")])
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            end = i
            break
    else:
        raise ContentError([Problem(display, 1, None, "front matter avsluttes ikke; legg til en linje med --- etter feltene")])
    data = parse_yaml("\n".join(lines[1:end]), display, offset=1)
    return Document(
        path=path,
        display=display,
        data=data,
        body="\n".join(lines[end + 1 :]),
        body_line=end + 2,
        meta_line=2,
    )


def read_yaml_folder(root: Path, folder: Path, bad_name: str) -> tuple[list[Document], list[Problem]]:
    """Every `<id>.yml` directly in `folder` (ids: lower-case a–z, digits, hyphens; no symlinks),
    read with lines. Other names are problems with the message `bad_name`; hidden files and a
    README.md are left alone. A missing folder is no problem: it just has no files."""
    documents: list[Document] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return documents, problems
    for path in sorted(folder.iterdir()):
        display = path.relative_to(root).as_posix()
        if path.name.startswith(".") or path.name == "README.md":
            continue
        if path.suffix != ".yml" or not _ID_RE.match(path.stem) or path.is_symlink():
            problems.append(Problem(display, None, None, bad_name))
            continue
        try:
            documents.append(read_yaml(path, display))
        except ContentError as exc:
            problems += exc.problems
    return documents, problems
