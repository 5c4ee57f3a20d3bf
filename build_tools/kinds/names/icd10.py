"""The Norwegian ICD-10 (Helsedirektoratet's code list) as a source of Norwegian names.

Takes the snapshot `data/icd10/icd10-no.tsv` (one `code<TAB>text` line per code, codes without the
dot, «#» lines for attribution and `# versjon: 2026`) and the Orphanet data; gives:

- `Icd10Norsk`: code → Norwegian text (`text("Q87.4")` → «Marfans syndrom»);
- `exact_names`: for every active ORPHA entity mapped exactly (ORDO relation E) to a code with a
  text, that text as a generated Norwegian name (`NorwegianNames` with status `icd10`), shown on
  the page and searchable; an editor's entry in `data/norske-navn.yml` wins over it;
- `category_texts`: for entities under a broader ICD-10 code (ORDO NTBT: the ORPHA entity is
  narrower), the Norwegian text of that code, and for entities over narrower codes (BTNT: «Whooping
  cough» over A37.0–A37.9 «... kikhoste»), those codes' texts; the search finds them below names;
- `parse`/`refresh`: reading a new list (the snapshot's own format, or Helsedirektoratet's JSON
  list `[{"code": ..., "text": ...}]` as in `@navikt/diagnosekoder`'s `lib/ICD10.json`) and
  replacing the snapshot only when it passes the checks (`sjelden refresh-icd10 FIL`).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.core.errors import ContentError, Problem, display_path
from build_tools.core.pages import md
from build_tools.kinds.names.model import NorwegianNames
from build_tools.orphanet.model import CodeMapping, OrphaCode, OrphaData

SNAPSHOT = "icd10/icd10-no.tsv"  # in the data folder
ATTRIBUTION = "ICD-10, norsk utgave, Helsedirektoratet"
STATUS = "icd10"  # the status of a generated name: not an editor's, never a title
_CODE = re.compile(r"^[A-Z][0-9][0-9A-Za-z]{1,4}$")  # the Norwegian list has national codes such as I210a, V0n0a
_MIN_CODES = 10_000  # the 2026 list has 19,634; a much shorter file is not the whole code list
_MAX_LOSS = 0.05  # a refresh may drop at most this share of the codes it had


@dataclass(frozen=True)
class Icd10Norsk:
    """The Norwegian ICD-10: code (without the dot) → text, and the list's version."""

    version: str
    texts: Mapping[str, str] = field(default_factory=dict)

    def text(self, code: str) -> str | None:
        """The Norwegian text of a code as Orphanet writes it ("Q87.4", "E70.0+"), if the list has one.
        A category the list has no line for takes the words every code under it begins with, when
        they all begin alike up to a comma (F70: «Lett psykisk utviklingshemming, ...»)."""
        k = key(code)
        own = self.texts.get(k)
        if own is not None or len(k) != 3:
            return own
        heads = {t.split(",", 1)[0].strip() for t in self.under(k, limit=1000) if "," in t}
        under = self.under(k, limit=1000)
        return heads.pop() if len(heads) == 1 and under and all("," in t for t in under) else None

    def shown(self, code: str) -> str | None:
        """What a page shows after a code: its text, or for a code the Norwegian list divides further
        (D39.1 → D39.10 «Svulst m/pat.anat. usikkert ...», D39.11 «Svulst med klinisk usikkert ...»)
        the texts of its one or two sub-codes, apart with « / »."""
        own = self.text(code)
        k = key(code)
        if own is not None or len(k) != 4:
            return own
        subs = [t for c, t in self.texts.items() if c.startswith(k) and len(c) == 5]
        return " / ".join(subs) if 1 <= len(subs) <= 2 else None

    def under(self, code: str, limit: int = 12) -> list[str]:
        """The texts of the codes under a category that has none of its own ("A37" → A37.0 ... A37.9)."""
        k = key(code)
        if len(k) != 3 or k in self.texts:
            return []
        return [t for c, t in self.texts.items() if c.startswith(k)][:limit]

    @property
    def source(self) -> str:
        return f"{ATTRIBUTION} ({self.version})" if self.version else ATTRIBUTION


def key(code: str) -> str:
    """A code as the list keys it: upper case, no dot, no dagger or asterisk ("q87.4*" → "Q874")."""
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def parse(text: str, display: str) -> tuple[Icd10Norsk, list[Problem]]:
    """A code list in the snapshot's format or as Helsedirektoratet's JSON list; every problem at once."""
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    version = ""
    items: list[tuple[int | None, str, str]] = []
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            return Icd10Norsk(""), [Problem(display, exc.lineno, None, f"ugyldig JSON ({exc.msg}); forventet en liste med {{\"code\": ..., \"text\": ...}}")]
        for index, row in enumerate(rows if isinstance(rows, list) else [rows]):
            if not isinstance(row, dict) or not isinstance(row.get("code"), str) or not isinstance(row.get("text"), str):
                problems.append(Problem(display, None, f"[{index}]", "forventet {\"code\": \"A000\", \"text\": \"...\"}"))
                continue
            items.append((None, row["code"], row["text"]))
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            if line.startswith("#"):
                if m := re.match(r"#\s*versjon:\s*(\S.*)$", line):
                    version = m.group(1).strip()
                continue
            code, tab, value = line.partition("\t")
            if not tab:
                problems.append(Problem(display, number, None, "forventet «kode<TAB>tekst», f.eks. «Q874<TAB>Marfans syndrom»"))
                continue
            items.append((number, code, value))
    for at, raw_code, raw_value in items:
        code, value = raw_code.strip(), " ".join(raw_value.split())
        where = code or "kode"
        if not _CODE.match(code):
            problems.append(Problem(display, at, where, "ugyldig ICD-10-kode; skriv koden uten punktum, f.eks. Q874"))
        elif not value:
            problems.append(Problem(display, at, where, "mangler norsk tekst"))
        elif code in texts:
            problems.append(Problem(display, at, where, "koden står to ganger; fjern den ene"))
        else:
            texts[code] = value
    return Icd10Norsk(version, dict(sorted(texts.items()))), problems


def read(data_dir: Path, root: Path | None = None) -> tuple[Icd10Norsk | None, list[Problem]]:
    """The snapshot of `data_dir`, or None when the project has none (pages then show bare codes)."""
    path = data_dir / SNAPSHOT
    if not path.is_file():
        return None, []
    display = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(display, None, None, f"kan ikke leses ({exc}); hent filen på nytt med «sjelden refresh-icd10»")]
    icd, problems = parse(text, display)
    return icd, problems


def _exact(mappings: tuple[CodeMapping, ...]) -> list[str]:
    return [m.code for m in mappings if m.relation.value == "E"]


def exact_names(orpha: OrphaData, icd: Icd10Norsk | None, display: str = "data/" + SNAPSHOT) -> dict[OrphaCode, NorwegianNames]:
    """The Norwegian ICD-10 text of every active entity's exact mapping, as a generated name.
    An entity mapped exactly to several codes gets the first as its name, the others as synonyms."""
    out: dict[OrphaCode, NorwegianNames] = {}
    if icd is None:
        return out
    for e in orpha.active():
        found = [(c, t) for c in _exact(e.icd10) if (t := icd.text(c))]
        if not found:
            continue
        names = list(dict.fromkeys(t for _, t in found))
        out[e.code] = NorwegianNames(
            code=e.code, name=names[0], synonyms=tuple(names[1:]), status=STATUS,
            source=f"{icd.source}: {', '.join(c for c, _ in found)}", display=display, line=0,
        )
    return out


def category_texts(orpha: OrphaData, icd: Icd10Norsk | None) -> dict[OrphaCode, tuple[str, ...]]:
    """For each active entity, the Norwegian texts of the broader ICD-10 codes it falls under (NTBT),
    and of exact codes that are categories without a text of their own («A37»: the texts of
    A37.0–A37.9, «Kikhoste som skyldes ...»). The search finds them below names."""
    out: dict[OrphaCode, tuple[str, ...]] = {}
    if icd is None:
        return out
    for e in orpha.active():
        texts: list[str] = []
        for m in e.icd10:
            own = icd.text(m.code)
            if m.relation.value in ("NTBT", "BTNT") and own:
                texts.append(own)  # BTNT: the ICD-10 code is a subtype («Uspesifisert kikhoste» for Whooping cough)
            elif m.relation.value in ("NTBT", "E") and not own:
                texts += icd.under(m.code)
        if texts:
            out[e.code] = tuple(dict.fromkeys(texts))
    return out


def code_text(icd: Icd10Norsk | None, code: str) -> str:
    """What a page shows after an ICD-10 code: «Marfans syndrom», or "" when the list has no text."""
    text = icd.shown(code) if icd is not None else None
    return text or ""


def fact(mappings: tuple[CodeMapping, ...], icd: Icd10Norsk | None, codes: Callable[[tuple[CodeMapping, ...]], str]) -> str:
    """The fact box's ICD-10 line: each code as `codes` writes it, then its Norwegian text
    («Q87.4 Marfans syndrom»; several codes apart with «;», since the texts have commas)."""
    out = []
    for m in mappings:
        line, head, text = codes((m,)), md(m.code), icd.shown(m.code) if icd is not None else None
        if text and line.startswith(head):  # the text right after the code, before «(Orphanet-koden er smalere)»
            line = f"{head} {md(text)}{line[len(head):]}"
        out.append(line)
    return "; ".join(out)


@dataclass(frozen=True)
class Refreshed:
    old_version: str
    new_version: str
    old_count: int
    new_count: int


def refresh(data_dir: Path, source: Path, version: str | None = None) -> Refreshed:
    """Replace the snapshot with `source` only when it parses and passes the sanity checks:
    every line a code and a text, at least 10,000 codes, and no more than 5 % of the old codes gone."""
    display = str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(display, None, None, f"kan ikke leses ({exc})")]) from None
    new, problems = parse(text, display)
    new_version = version or new.version
    if not new_version:
        problems.append(Problem(display, None, "--versjon", "oppgi kodeverkets år, f.eks. --versjon 2027"))
    if len(new.texts) < _MIN_CODES:
        problems.append(Problem(display, None, None, f"har bare {len(new.texts)} koder; hele kodeverket har over {_MIN_CODES:,}".replace(",", " ")))
    old, _ = read(data_dir)
    if old is not None and old.texts:
        gone = [c for c in old.texts if c not in new.texts]
        if len(gone) > _MAX_LOSS * len(old.texts):
            problems.append(Problem(display, None, None, f"{len(gone)} av {len(old.texts)} koder mangler (f.eks. {', '.join(gone[:5])}); er dette hele kodeverket?"))
    if problems:
        raise ContentError(problems)
    path = data_dir / SNAPSHOT
    path.parent.mkdir(parents=True, exist_ok=True)
    head = [
        f"# {ATTRIBUTION}. Kodeverket for {new_version}.",
        f"# Kilde: {source.name}, lest inn med «sjelden refresh-icd10».",
        "# Ikke rediger for hånd: oppdater med «sjelden refresh-icd10 FIL». Se README.md i denne mappen.",
        f"# versjon: {new_version}",
    ]
    body = "\n".join([*head, *(f"{c}\t{t}" for c, t in new.texts.items())]) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(body)
    os.replace(tmp, path)
    return Refreshed(old.version if old else "", new_version, len(old.texts) if old else 0, len(new.texts))


def template_values(icd: Icd10Norsk | None, names: Callable[[OrphaCode], str | None]) -> dict[str, object]:
    """For the templates (passed when they are rendered): `icd10_text(code)`, the Norwegian text after
    an ICD-10 code, and `icd10_name(code)`, an entity's generated Norwegian name (`Site.name_icd10`)."""
    return {"icd10_text": lambda code: code_text(icd, code), "icd10_name": names}
