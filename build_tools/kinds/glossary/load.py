"""Reading `data/ordliste.yml`, validating every entry: `load(settings, loaded, today)` returns the
glossary (the kind's part, `site.glossary`) and the problems, all at once, each with path and line: a key that is no
anchor, a word or form used by two entries, a «se_også» that names no entry. The file is optional."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

from build_tools.core.errors import Problem, display_path
from build_tools.core.read import YamlValue
from build_tools.core.settings import Settings
from build_tools.core.validate import SLUG_RE, line_of, read_mapping, validate_entry
from build_tools.kinds.glossary.model import GLOSSARY_FILE, Glossary, GlossaryEntry, Term
from build_tools.kinds.parts import Loaded

_SHAPE = "forventet ett oppslag per ord: <anker>: {term: ..., forklaring: ...}, f.eks. autosomal-dominant:"


def read_glossary(settings: Settings) -> tuple[Glossary, list[Problem]]:
    path = settings.path(settings.data_dir) / GLOSSARY_FILE
    display = display_path(path, settings.root)
    doc, problems = read_mapping(path, display, _SHAPE, missing_ok=True, empty_ok=True)
    if doc is None:
        return Glossary(), problems
    entries: dict[str, tuple[GlossaryEntry, YamlValue, int]] = {}
    words: dict[str, tuple[str, int]] = {}  # casefolded word → (anchor, line)
    for key, value in doc.data.items():
        line = doc.data.lines[key]
        anchor = str(key)
        if not SLUG_RE.match(anchor):
            problems.append(Problem(display, line, anchor, "ugyldig nøkkel; bruk små bokstaver a–z, tall og bindestrek (den blir ankeret på /ordliste/), f.eks. autosomal-dominant"))
            continue
        entry, found = validate_entry(GlossaryEntry, doc, anchor, value)
        problems += found
        if entry is None:
            continue
        for index, word in enumerate((entry.term, *entry.andre_former)):
            where: tuple[str | int, ...] = ("term",) if index == 0 else ("andre_former", index - 1)
            word_line = line_of(value, where, line)
            folded = " ".join(word.split()).casefold()  # as Glossary.anchor looks words up
            if folded in words:
                other, other_line = words[folded]
                problems.append(Problem(display, word_line, f"{anchor}.{'.'.join(str(p) for p in where)}", f"«{word}» er allerede brukt i «{other}» (linje {other_line}); et ord kan bare forklares ett sted"))
            else:
                words[folded] = (anchor, word_line)
        entries[anchor] = (entry, value, line)
    for anchor, (entry, value, line) in entries.items():
        for index, other in enumerate(entry.se_også):
            if other not in entries:
                close = difflib.get_close_matches(other, list(entries), n=1)
                hint = f"mente du «{close[0]}»?" if close else "bruk nøkkelen (ankeret) til et ord i ordlisten"
                problems.append(Problem(display, line_of(value, ("se_også", index), line), f"{anchor}.se_også.{index}", f"«{other}» finnes ikke i ordlisten; {hint}"))
    glossary = Glossary({
        anchor: Term(anchor=anchor, term=entry.term, explanation=entry.forklaring, forms=tuple(entry.andre_former), see_also=tuple(entry.se_også))
        for anchor, (entry, _, _) in entries.items()
    })
    return glossary, problems


def load(settings: Settings, loaded: Loaded, today: date) -> tuple[Glossary, list[Problem]]:
    """The glossary and the problems found."""
    return read_glossary(settings)


def sources(settings: Settings) -> tuple[Path, ...]:
    return (settings.path(settings.data_dir) / GLOSSARY_FILE,)
