"""Readers for Orphadata's official XML products, so a deployment can use them instead of the bundled snapshot.

Takes the path of a file as downloaded from Orphadata, plain (`.xml`) or gzipped (`.xml.gz`), in
either encoding Orphadata has used (ISO-8859-1 until 2024, UTF-8 since 2025), and returns the typed
model of `build_tools.orphanet.model`:

- `read_product1(path)` → `(ReleaseInfo, [OrphaEntity, ...])`: the nomenclature (`en_product1.xml`):
  names, synonyms, type and level, status, "Moved to" targets, definition, and the ICD-10, ICD-11 and
  OMIM mappings, in file order.
- `read_product3(path)` → `(ReleaseInfo, Classification, {OrphaCode: (name, disorder type)})`: one
  classification (`en_product3_<id>.xml`, or the Nomenclature Pack's `ORPHAclassification_*.xml`):
  its head, every parent→child edge, and the name and type of every node.

Anything wrong with a file (not XML, truncated, corrupt gzip, a DOCTYPE or entity declaration, the
wrong product, a disorder without an ORPHAcode) is raised as one `ContentError` whose problems say, in
bokmål, what is wrong and how to fix it. Parsing goes through defusedxml with DTDs forbidden: the
official files have none, so refusing them costs nothing and rules out entity expansion (billion
laughs) and external entities (XXE, network access) altogether.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser

from build_tools.core.errors import ContentError, Problem, display_path
from build_tools.orphanet.model import (
    Classification,
    CodeMapping,
    Level,
    OrphaCode,
    OrphaEntity,
    Relation,
    Status,
    level_of,
)

__all__ = ["ReleaseInfo", "read_product1", "read_product3"]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """The release a file belongs to, from its root element: shown beside every Orphanet credit."""

    date: str  # "2025-12-09"
    version: str  # "1.3.42 / 4.1.8 [2025-03-03]"; empty if the file gives none


_REDOWNLOAD = "last ned filen på nytt fra Orphadata"
_FORBIDDEN = (
    "filen inneholder en DOCTYPE/entitetsdeklarasjon, som ikke er tillatt av sikkerhetshensyn; bruk den offisielle filen fra Orphadata"
)
_CHUNK = 1 << 16  # bytes per parser feed: memory stays flat even for the 54 MB product1
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")

# Inactive entities carry their status in the display name too ("OBSOLETE: Foo"); the site shows the
# status itself, so the prefix goes. A fixed list, because real names may start with an acronym.
_INACTIVE_PREFIX = re.compile(r"^(OBSOLETE|DEPRECATED|NON[ -]RARE IN EUROPE)\s*:\s*")
_PREFIX_STATUS = {
    "OBSOLETE": Status.OBSOLETE,
    "DEPRECATED": Status.DEPRECATED,
    "NON RARE IN EUROPE": Status.NON_RARE,
    "NON-RARE IN EUROPE": Status.NON_RARE,
}
_INACTIVE_FLAG = 8192  # the bit Orphanet's own notebooks filter on
# Flag labels name the reason ("Obsolete entity", "Obsolete with resources", "Deprecated entity",
# "Non-rare disease in Europe"); the first reason found in this order wins.
_FLAG_STATUS = (
    ("obsolete", Status.OBSOLETE),
    ("deprecated", Status.DEPRECATED),
    ("non-rare", Status.NON_RARE),
    ("non rare", Status.NON_RARE),
)
_GROUP_LEVEL = {"36540": Level.GROUP, "36547": Level.DISORDER, "36554": Level.SUBTYPE}
_GROUP_NAME_LEVEL = {
    "group of disorders": Level.GROUP,
    "disorder": Level.DISORDER,
    "subtype of disorder": Level.SUBTYPE,
}
_SYSTEMS = {"ICD-10": "ICD-10", "ICD10": "ICD-10", "ICD-11": "ICD-11", "ICD11": "ICD-11", "OMIM": "OMIM"}
_ICD_MARKS = re.compile(r"[+*†]")  # dagger/asterisk marks: not part of the code a search matches

# Expat errors that mean the input ended too early, when raised at the end of the input.
_TRUNCATED = {
    expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
    expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN],
    expat.errors.codes[expat.errors.XML_ERROR_PARTIAL_CHAR],
    expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION],
}
_EXPAT_NB = {
    expat.errors.XML_ERROR_INVALID_TOKEN: "ugyldig tegn eller markering",
    expat.errors.XML_ERROR_SYNTAX: "syntaksfeil",
    expat.errors.XML_ERROR_TAG_MISMATCH: "sluttaggen passer ikke med starttaggen",
    expat.errors.XML_ERROR_UNDEFINED_ENTITY: "ukjent entitet",
    expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: "innhold etter slutten av dokumentet",
    expat.errors.XML_ERROR_DUPLICATE_ATTRIBUTE: "samme attributt står to ganger",
    expat.errors.XML_ERROR_UNKNOWN_ENCODING: "ukjent tegnkoding",
    expat.errors.XML_ERROR_INCORRECT_ENCODING: "tegnkodingen stemmer ikke med XML-deklarasjonen",
}
_EXPAT_NB_BY_CODE = {expat.errors.codes[text]: nb for text, nb in _EXPAT_NB.items()}


class _Fail(Exception):
    """Stops reading: the rest of the file cannot be trusted or is not worth reading."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# --- streaming --------------------------------------------------------------------------------

# An event is ("start", tag, attributes, line) for an element outside the captured subtrees, or
# ("end", tag, element, line) where element is the whole subtree if it was captured (else None) and
# line is where the element starts.
_Event = tuple[str, str, dict[str, str] | Element | None, int]


class _Target:
    """Parser target that builds only the subtrees a reader asks for and forgets everything else.

    iterparse would need each finished element cleared by hand, and it gives no line numbers; a
    target sees the parser's position as each element starts, so problems can name their line.
    """

    def __init__(self, capture: Callable[[str, str], bool]):
        self._capture = capture  # (parent tag, tag) -> build this element's subtree?
        self.line: Callable[[], int] = lambda: 0
        self._open: list[str] = []  # tags of the open elements outside captured subtrees
        self._builder: TreeBuilder | None = None
        self._depth = 0  # nesting inside the captured subtree being built
        self._start_line = 0
        self.events: list[_Event] = []
        self.started = False  # has any element begun? (tells "no XML at all" from "cut short")

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self._builder is not None:
            self._depth += 1
            self._builder.start(tag, attrib)
            return
        self.started = True
        parent = self._open[-1] if self._open else ""
        self._open.append(tag)
        if self._capture(parent, tag):
            self._builder = TreeBuilder()
            self._builder.start(tag, attrib)
            self._depth = 1
            self._start_line = self.line()
        else:
            self.events.append(("start", tag, attrib, self.line()))

    def end(self, tag: str) -> None:
        if self._builder is not None:
            self._builder.end(tag)
            self._depth -= 1
            if self._depth:
                return
            element = self._builder.close()
            self._builder = None
            self._open.pop()
            self.events.append(("end", tag, element, self._start_line))
            return
        self._open.pop()
        self.events.append(("end", tag, None, 0))

    def data(self, text: str) -> None:
        if self._builder is not None:
            self._builder.data(text)

    def close(self) -> None:
        return None

    def drain(self) -> Iterator[_Event]:
        events, self.events = self.events, []
        yield from events


@contextmanager
def _open_bytes(path: Path) -> Iterator[IO[bytes]]:
    """The file's bytes, gunzipped if it starts like gzip (the name may not say)."""
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise _Fail(None, "filen finnes ikke; sjekk at stien er riktig") from None
    except OSError as error:
        raise _Fail(None, f"kan ikke åpne filen ({error.strerror}); sjekk stien og rettighetene") from None
    with raw:
        head = raw.read(4)
        raw.seek(0)
        if head.startswith(_ZIP_MAGIC):
            raise _Fail(
                None,
                "filen er et zip-arkiv, ikke XML; pakk det ut og bruk XML-filen som ligger i det",
            )
        if head.startswith(_GZIP_MAGIC):
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped  # type: ignore[misc]  # a GzipFile is a binary file object
        else:
            yield raw


def _parse(path: Path, capture: Callable[[str, str], bool], handle: Callable[[_Event], None]) -> None:
    """Stream the file through a defused parser, handing each event to `handle`.

    Raises `_Fail` for anything that stops the reading, already worded for the editor.
    """
    target = _Target(capture)
    # Bytes, not text, go to the parser, so the XML declaration decides the encoding.
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    target.line = lambda: parser.parser.CurrentLineNumber
    at_end = False
    try:
        with _open_bytes(path) as stream:
            size = 0
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                _feed(parser, chunk)
                for event in target.drain():
                    handle(event)
            if size == 0:
                raise _Fail(None, f"filen er tom; {_REDOWNLOAD}")
            at_end = True
            _feed(parser, None)
            for event in target.drain():
                handle(event)
    except ParseError as error:
        raise _parse_failure(error, at_end, started=target.started) from None
    except DTDForbidden as error:
        line = _current_line(parser)
        if (error.name or "").lower() == "html":
            # Typically an error page saved instead of the file.
            raise _Fail(
                line, f"filen er en nettside (HTML), ikke XML fra Orphadata; nedlastingen mislyktes trolig; {_REDOWNLOAD}"
            ) from None
        raise _Fail(line, _FORBIDDEN) from None
    except DefusedXmlException:
        raise _Fail(_current_line(parser), _FORBIDDEN) from None
    except (EOFError, zlib.error, gzip.BadGzipFile):
        raise _Fail(None, f"gzip-filen er skadet eller avkortet; {_REDOWNLOAD}") from None
    except OSError as error:
        raise _Fail(None, f"kan ikke lese filen ({error.strerror or error}); {_REDOWNLOAD}") from None


def _feed(parser: DefusedXMLParser, chunk: bytes | None) -> None:
    """Feed a chunk (None: the end of the input) to the parser."""
    try:
        if chunk is None:
            parser.close()
        else:
            parser.feed(chunk)
    except (DefusedXmlException, ParseError):
        raise
    except (LookupError, UnicodeError, ValueError):
        # Expat hands an encoding it does not know to Python's codecs, which may refuse it
        # (unknown name, not a text codec, or multi-byte, which expat cannot use).
        raise _Fail(
            _current_line(parser),
            f"XML-deklarasjonen oppgir en tegnkoding som ikke kan leses (Orphadata bruker UTF-8 eller ISO-8859-1); {_REDOWNLOAD}",
        ) from None


def _current_line(parser: DefusedXMLParser) -> int | None:
    expat_parser = getattr(parser, "parser", None)
    return expat_parser.CurrentLineNumber if expat_parser is not None else None


def _parse_failure(error: ParseError, at_end: bool, started: bool) -> _Fail:
    line, column = error.position
    where = f"ugyldig XML (linje {line}, kolonne {column + 1})"  # expat counts columns from 0
    if at_end and error.code in _TRUNCATED:
        if not started:
            return _Fail(line, f"{where}: filen inneholder ingen XML-elementer; {_REDOWNLOAD}")
        return _Fail(line, f"{where}: filen ser ut til å være avkortet; {_REDOWNLOAD}")
    if (line, column) == (1, 0):
        return _Fail(line, f"{where}: filen er ikke XML; {_REDOWNLOAD}")
    what = _EXPAT_NB_BY_CODE.get(error.code) or f"feil i XML-strukturen ({expat.ErrorString(error.code)})"
    if entity := re.search(r"undefined entity (&[^;\s]*;)", str(error)):
        what = f"ukjent entitet {entity.group(1)}"
    return _Fail(line, f"{where}: {what}; filen er skadet; {_REDOWNLOAD}")


def _read(path: Path | str, capture: Callable[[str, str], bool], reader: _Reader) -> None:
    """Run `reader` over the file; raise every problem it found, or the one that stopped it."""
    path = Path(path)
    shown = display_path(path)
    try:
        _parse(path, capture, reader.handle)
    except _Fail as failure:
        raise ContentError([*reader.problems, Problem(shown, failure.line, None, failure.message)]) from None
    reader.finish()
    if reader.problems:
        raise ContentError(reader.problems)


# --- shared element helpers -------------------------------------------------------------------


def _text(element: Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _label(element: Element, path: str) -> str:
    """A name as shown: inner whitespace runs become one space."""
    return " ".join(_text(element, path).split())


def _code_text(element: Element) -> str:
    # Older files name the element OrphaNumber; current ones OrphaCode.
    return _text(element, "OrphaCode") or _text(element, "OrphaNumber")


def _parse_code(text: str) -> OrphaCode | None:
    try:
        return OrphaCode.parse(text)
    except ValueError:
        return None


def _describe(element: Element) -> str:
    ident = element.get("id")
    return f'<{element.tag} id="{ident}">' if ident else f"<{element.tag}>"


class _Reader:
    """What both products share: the root element, the release, and problems kept for the end."""

    def __init__(self, path: Path | str):
        self.shown = display_path(path)
        self.problems: list[Problem] = []
        self.release: ReleaseInfo | None = None
        self._depth = 0

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.shown, line, None, message))

    def handle(self, event: _Event) -> None:
        _kind, tag, payload, line = event
        if isinstance(payload, dict):  # a "start" event: the attributes
            self._depth += 1
            if self._depth == 1:
                self.root(tag, payload, line)
            else:
                self.start(tag, payload, line)
        else:
            if payload is None:
                self._depth -= 1
            self.end(tag, payload, line)

    def root(self, tag: str, attrib: dict[str, str], line: int) -> None:
        if tag != "JDBOR":
            raise _Fail(
                line,
                f"rotelementet er <{tag}>, men filer fra Orphadata har <JDBOR>; dette er ikke en Orphadata-fil; {_REDOWNLOAD}",
            )
        # The Nomenclature Pack writes ExtractionDate where the monthly products write date.
        stamp = (attrib.get("date") or attrib.get("ExtractionDate") or "").strip()
        if not stamp:
            self.problem(line, f"<JDBOR> mangler utgivelsesdato (attributtet date eller ExtractionDate); {_REDOWNLOAD}")
        elif not _DATE_RE.match(stamp):
            self.problem(line, f"ugyldig utgivelsesdato «{stamp}» i <JDBOR>, ventet ÅÅÅÅ-MM-DD; {_REDOWNLOAD}")
        self.release = ReleaseInfo(date=stamp[:10], version=(attrib.get("version") or "").strip())

    def start(self, tag: str, attrib: dict[str, str], line: int) -> None:
        pass

    def end(self, tag: str, element: Element | None, line: int) -> None:
        pass

    def finish(self) -> None:
        pass


# --- product1 ---------------------------------------------------------------------------------


def read_product1(path: Path) -> tuple[ReleaseInfo, list[OrphaEntity]]:
    """Read Orphadata's nomenclature (`en_product1.xml[.gz]`): every entity, in file order.

    Raises `ContentError` if the file cannot be read or is not product1.
    """
    reader = _Product1(path)
    _read(path, lambda parent, tag: parent == "DisorderList" and tag == "Disorder", reader)
    assert reader.release is not None  # finish() reported a file without a root
    return reader.release, reader.entities


class _Product1(_Reader):
    def __init__(self, path: Path | str):
        super().__init__(path)
        self.entities: list[OrphaEntity] = []
        self._has_list = False

    def start(self, tag: str, attrib: dict[str, str], line: int) -> None:
        if tag == "DisorderList":
            self._has_list = True
        elif tag == "ClassificationList":
            raise _Fail(
                line,
                "filen er en Orphanet-klassifikasjon (product3), ikke nomenklaturen (en_product1.xml); sjekk hvilken fil som er oppgitt",
            )

    def end(self, tag: str, element: Element | None, line: int) -> None:
        if element is not None:
            entity = self._entity(element, line)
            if entity is not None:
                self.entities.append(entity)

    def finish(self) -> None:
        if not self._has_list:
            self.problem(None, "filen har ingen <DisorderList>; bruk nomenklaturfilen en_product1.xml fra Orphadata")

    def _entity(self, disorder: Element, line: int) -> OrphaEntity | None:
        text = _code_text(disorder)
        code = _parse_code(text)
        if code is None:
            what = f"ugyldig OrphaCode «{text}»" if text else "ingen OrphaCode"
            self.problem(line, f"{_describe(disorder)} har {what}; filen er skadet; {_REDOWNLOAD}")
            return None
        shown_name = _label(disorder, "Name")
        name, prefix_status = _strip_prefixes(shown_name)
        if not name:
            self.problem(line, f"{code} har ikke noe navn (Name); filen er skadet; {_REDOWNLOAD}")
            return None
        disorder_type = _label(disorder, "DisorderType/Name")
        return OrphaEntity(
            code=code,
            name=name,
            disorder_type=disorder_type,
            level=_level(disorder, disorder_type),
            status=_status(disorder, prefix_status),
            moved_to=_moved_to(disorder, code),
            synonyms=_unique(" ".join((s.text or "").split()) for s in disorder.iterfind("SynonymList/Synonym")),
            definition=_definition(disorder),
            mappings=_unique(_mappings(disorder)),
        )


def _strip_prefixes(name: str) -> tuple[str, Status | None]:
    status = None
    while match := _INACTIVE_PREFIX.match(name):
        rest = name[match.end() :]
        if not rest:
            break
        status = status or _PREFIX_STATUS[match.group(1)]
        name = rest
    return name, status


def _level(disorder: Element, disorder_type: str) -> Level:
    # DisorderGroup is Orphanet's own statement of the level; the type is the fallback for files
    # that lack it.
    group = disorder.find("DisorderGroup")
    if group is not None:
        level = _GROUP_LEVEL.get(group.get("id", "")) or _GROUP_NAME_LEVEL.get(_label(group, "Name").lower())
        if level is not None:
            return level
    return level_of(disorder_type)


def _status(disorder: Element, prefix_status: Status | None) -> Status:
    flags = disorder.findall("DisorderFlagList/DisorderFlag")
    value = 0
    for flag in flags:
        with suppress(ValueError):  # a missing or garbled value says nothing about status
            value |= int(_text(flag, "Value"))
    if not value & _INACTIVE_FLAG:
        return Status.ACTIVE
    labels = [_text(flag, "Label").lower() for flag in flags]
    for needle, status in _FLAG_STATUS:
        if any(needle in label for label in labels):
            return status
    return prefix_status or Status.INACTIVE


def _moved_to(disorder: Element, code: OrphaCode) -> tuple[OrphaCode, ...]:
    found: list[OrphaCode] = []
    for association in disorder.iterfind("DisorderDisorderAssociationList/DisorderDisorderAssociation"):
        if _label(association, "DisorderDisorderAssociationType/Name").lower() != "moved to":
            continue
        # Orphanet lists each move on both entities: on the one that moved, RootDisorder is itself
        # (a `cycle="true"` stub) and TargetDisorder the destination; on the destination it is the
        # other way round, which says nothing about where the destination went.
        root = association.find("RootDisorder")
        if root is not None and root.get("cycle") != "true":
            root_code = _parse_code(_code_text(root))
            if root_code is not None and root_code != code:
                continue
        target = association.find("TargetDisorder")
        if target is None or target.get("cycle") == "true":
            continue
        target_code = _parse_code(_code_text(target))
        if target_code is not None and target_code != code and target_code not in found:
            found.append(target_code)
    return tuple(found)


def _definition(disorder: Element) -> str:
    sections = "SummaryInformationList/SummaryInformation/TextSectionList/TextSection"
    for section in disorder.iterfind(sections):
        if _label(section, "TextSectionType/Name").lower() == "definition":
            return _text(section, "Contents")
    return ""


def _mappings(disorder: Element) -> Iterator[CodeMapping]:
    for reference in disorder.iterfind("ExternalReferenceList/ExternalReference"):
        system = _SYSTEMS.get(_text(reference, "Source").upper().replace(" ", ""))
        if system is None:
            continue
        code = _text(reference, "Reference")
        if system == "ICD-10":
            code = _ICD_MARKS.sub("", code).strip()
        if not code:
            continue
        try:
            relation = Relation.from_text(_text(reference, "DisorderMappingRelation/Name"))
        except ValueError:
            continue  # no relation (or one this code does not know): not usable as a mapping
        yield CodeMapping(system=system, code=code, relation=relation)


def _unique(items: Iterable[_T]) -> tuple[_T, ...]:
    """Drop empty and repeated items, keeping the first of each."""
    return tuple(dict.fromkeys(item for item in items if item))


# --- product3 ---------------------------------------------------------------------------------


def read_product3(path: Path) -> tuple[ReleaseInfo, Classification, dict[OrphaCode, tuple[str, str]]]:
    """Read one Orphanet classification (`en_product3_<id>.xml[.gz]` or a Pack classification file).

    Returns the release, the classification with its parent→child edges (deduplicated, in the order
    first seen), and the name and disorder type name of every node. Raises `ContentError` if the file
    cannot be read or is not a classification.
    """
    reader = _Product3(path)
    _read(path, _product3_capture, reader)
    assert reader.release is not None and reader.classification is not None  # else finish() complained
    return reader.release, reader.classification, reader.nodes


def _product3_capture(parent: str, tag: str) -> bool:
    if parent == "ClassificationNode":
        return tag == "Disorder"
    return parent == "Classification" and tag in {"OrphaNumber", "OrphaCode", "Name"}


class _Product3(_Reader):
    def __init__(self, path: Path | str):
        super().__init__(path)
        self.nodes: dict[OrphaCode, tuple[str, str]] = {}
        self.classification: Classification | None = None
        self._count = 0
        self._line: int | None = None
        self._id: int | None = None
        self._name = ""
        self._head: OrphaCode | None = None
        # The code of each open ClassificationNode, innermost last; None until its Disorder is read,
        # and for good in a node without one (the Pack 2024 file 235 has such a root).
        self._nodes: list[OrphaCode | None] = []
        self._edges: dict[tuple[OrphaCode, OrphaCode], None] = {}

    def start(self, tag: str, attrib: dict[str, str], line: int) -> None:
        if tag == "ClassificationNode":
            self._nodes.append(None)
        elif tag == "Classification":
            self._count += 1
            if self._count == 1:
                self._line = line
                ident = attrib.get("id", "")
                self._id = int(ident) if ident.isdecimal() else None
                if self._id is None:
                    self.problem(line, f"<Classification> mangler en gyldig id («{ident}»); {_REDOWNLOAD}")
            else:
                self.problem(line, f"filen har mer enn én <Classification>, ventet én; {_REDOWNLOAD}")
        elif tag == "DisorderList":
            raise _Fail(
                line,
                "filen er nomenklaturen (product1), ikke en klassifikasjon (en_product3_<id>.xml); sjekk hvilken fil som er oppgitt",
            )

    def end(self, tag: str, element: Element | None, line: int) -> None:
        if element is None:
            if tag == "ClassificationNode":
                self._nodes.pop()
            return
        if tag == "Disorder":
            self._disorder(element, line)
        elif self._count > 1:
            return
        elif tag == "Name":
            self._name = " ".join((element.text or "").split())
        else:  # the head, OrphaNumber (OrphaCode tolerated)
            self._head = _parse_code((element.text or "").strip())
            if self._head is None:
                self.problem(line, f"ugyldig ORPHAcode «{(element.text or '').strip()}» for klassifikasjonens hode; {_REDOWNLOAD}")

    def _disorder(self, disorder: Element, line: int) -> None:
        text = _code_text(disorder)
        code = _parse_code(text)
        if code is None:
            what = f"ugyldig OrphaCode «{text}»" if text else "ingen OrphaCode"
            self.problem(line, f"{_describe(disorder)} har {what}; filen er skadet; {_REDOWNLOAD}")
            return
        self._nodes[-1] = code
        self.nodes.setdefault(code, (_label(disorder, "Name"), _label(disorder, "DisorderType/Name")))
        # A node's parent is the Disorder of the node around it; under a root without a Disorder
        # there is no parent to record.
        parent = self._nodes[-2] if len(self._nodes) > 1 else None
        if parent is not None:
            self._edges[(parent, code)] = None

    def finish(self) -> None:
        if self._count == 0:
            self.problem(
                None,
                "filen har ingen <Classification>; bruk en klassifikasjonsfil (en_product3_<id>.xml) fra Orphadata",
            )
            return
        if self._head is None:
            self.problem(self._line, f"<Classification> mangler OrphaNumber (klassifikasjonens hode); {_REDOWNLOAD}")
        if not self._name:
            self.problem(self._line, f"<Classification> mangler navn (Name); {_REDOWNLOAD}")
        if self._id is not None and self._head is not None and self._name:
            self.classification = Classification(id=self._id, name=self._name, head=self._head, edges=tuple(self._edges))
