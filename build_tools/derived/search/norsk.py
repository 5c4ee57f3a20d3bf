"""Norwegian queries against an index of (mostly) English Orphanet names.

Takes the bokmål–English medical lexicon (`data/leksikon/medisinsk-nb-en.yml`) and search
documents; gives what the search index ships for Norwegian queries and the spelling key both sides
compare words in:

- `key(word)`: the orthographic key of a folded word. Greek/Latin medical words are spelt one way
  in English and another in Norwegian ("hypophosphatasia"/"hypofosfatasi",
  "cholangitis"/"kolangitt", "spherocytosis"/"sfærocytose"); mapping ph→f, th→t, ch→k, c→k/s,
  y→i, ae→e, doubled letters to one, and dropping inflection and Latin endings (-s, -er, -ene,
  -en, -et, -is, -e, -a) makes both spellings one key. The worker computes the keys of the index
  vocabulary when it loads and looks up the keys of the query's words.
- `nynorsk(word)`: the bokmål form of a nynorsk word ("sjukdomar" → "sykdommer", "arveleg" →
  "arvelig", "døvheit" → "døvhet", "hjarte" → "hjerte"), from the table in
  `assets/nynorsk.json`; the worker normalises query words the same way before looking them up.
- `alternatives(word)`: further keys for Norwegian endings that have several English twins
  ("-isk" is "-ic", "-ical", "-y" or nothing; "-ær" is "-ar" or "-ary"; "-ell" is "-al"), and the
  word without a genitive s ("Friedreichs" → "friedreich").
- `affix(term)`, `fuse(head, tail)`: combining forms in the lexicon ("retino-", "-blastoma") and how
  the worker joins them into one word ("retinoblastoma"; twin: nbFuse in norsk.js, shared cases in
  `tests/fixtures/search/fuse_cases.json`).
- `load_lexicon(path)`: the lexicon, checked, with Norwegian `path:line: field: message` problems.
- `lexicon_index(lexicon, vocabulary)`: the part of the lexicon the worker needs, keyed by `key()`
  and reduced to translations whose words the index has (a few KB; it rides in the core file).
- `with_norwegian_names(docs, names)`: adds Norwegian names to the search documents of ORPHA codes
  (for the editor-kept layer of Norwegian catalogue names).

`key`, `alternatives` and `nynorsk` have twins in `build_tools/derived/search/assets/norsk.js`; both are tested on
the shared cases in `tests/fixtures/search/normalise_cases.json`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.core.errors import ContentError, Problem, display_path
from build_tools.core.read import LineDict, LineList, read_yaml
from build_tools.derived.search.index import SearchDoc, nynorsk, stop_words, tokenize
from build_tools.kinds.site import Site

__all__ = [
    "LEXICON_PATH",
    "Lexicon",
    "key",
    "alternatives",
    "affix",
    "fuse",
    "nynorsk",
    "load_lexicon",
    "lexicon_index",
    "lexicon_for",
    "lexicon_lookup",
    "lexicon_problems",
    "read_lexicon",
    "with_norwegian_names",
    "norwegian_names",
]

LEXICON_PATH = "leksikon/medisinsk-nb-en.yml"
"""The lexicon, relative to the data folder (`data/` by default)."""

# ---------------------------------------------------------------------------------------------
# The orthographic key (twin: key() in norsk.js)
# ---------------------------------------------------------------------------------------------

# Spellings of Greek and Latin sounds, one left-to-right pass over a folded word (æ/ø/å already
# ae/o/aa); where two apply at the same place, the earlier in this list wins.
_LETTERS = re.compile(r"ph|th|rh|ch|tion|sion|c(?=[eiy])|c|qu|x|z|aer(?=e?$)|[ao]e|y")
_LETTER_MAP = {
    "ph": "f",
    "th": "t",
    "rh": "r",
    "ch": "k",
    "tion": "sjon",  # mutation/mutasjon
    "sion": "sjon",  # hypertension/hypertensjon
    "qu": "kv",
    "x": "ks",
    "z": "s",
    "aer": "ar",  # muskulær/muscular, vaskulær/vascular (at the end only: not sfærocytose)
    "ae": "e",  # anaemia
    "oe": "e",  # oedema
    "y": "i",
}


def _letter(m: re.Match[str]) -> str:
    s = m.group()
    if s == "c":
        return "s" if m.end() < len(m.string) and m.string[m.end()] in "eiy" else "k"
    return _LETTER_MAP[s]


# Greek sounds Norwegian writes its own way (after the letters above): nevropati/neuropathy,
# revmatisk/rheumatic, mikrokefali/microcephaly.
_SOUNDS = (("neur", "nevr"), ("reum", "revm"), ("kefal", "sefal"))
_DOUBLE = re.compile(r"(.)\1+")  # kolangitt, leukocytt, sykdommer
# Inflection (Norwegian) and Latin/English endings, longest first; one is removed.
_ENDINGS = ("ene", "er", "en", "et", "is", "e", "a")
_CONSONANT_NE = re.compile(r"[bcdfghjklmnpqrstvwxz]ne$")  # sjeldne/sjelden, åpne/åpen
_MIN_KEY = 3


def key(word: str) -> str:
    """The orthographic key of a folded word ("hypophosphatasia" and "hypofosfatasi" -> "hipofosfatasi").

    Words shorter than four letters and words with digits are their own key.
    """
    if len(word) < 4 or not word.isalpha() or not word.isascii():
        return word
    w = _LETTERS.sub(_letter, word)
    for written, said in _SOUNDS:
        w = w.replace(written, said)
    if w.endswith("ous"):
        w = w[:-3] + "os"  # tuberøs/tuberous
    w = _DOUBLE.sub(r"\1", w)
    # plural or genitive s, but not the s of -is/-us/-os ("fibrosis", "tuberous", "Sotos")
    if len(w) > 4 and w.endswith("s") and w[-2] not in "iuos":
        w = w[:-1]
    if _CONSONANT_NE.search(w) and len(w) - 2 >= _MIN_KEY:
        return _tail(w[:-2])
    for ending in _ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= _MIN_KEY:
            w = w[: -len(ending)]
            break
    return _tail(w)


def _tail(w: str) -> str:
    # -isk/-ic after the inflection is gone ("kroniske" -> "kronisk" -> "kronik" = "chronic")
    return w[:-3] + "ik" if w.endswith("isk") else w


# Norwegian endings with more than one English twin: (Norwegian ending, English endings).
_NB_ENDINGS = [
    ("erende", ("ing",)),  # skleroserende/sclerosing
    ("ende", ("ing",)),
    ("iske", ("ical", "y", "")),
    ("isk", ("ical", "y", "")),
    ("aere", ("ary",)),
    ("aer", ("ary",)),
    ("sielle", ("tial",)),
    ("siell", ("tial",)),
    ("elle", ("al",)),
    ("ell", ("al",)),
    ("itet", ("ity",)),
    ("gen", ("genic",)),  # arytmogen/arrhythmogenic, nevrogen/neurogenic
]


def alternatives(word: str) -> list[str]:
    """Keys besides `key(word)` that a Norwegian query word may mean, most likely first."""
    out: list[str] = []
    if len(word) < 4 or not word.isalpha() or not word.isascii():
        return out
    forms = [word]
    if word.endswith("t") and len(word) > 5:
        forms.append(word[:-1])  # neuter adjective: kongenitalt, primært
    for i, form in enumerate(forms):
        if i:
            out.append(key(form))
        for ending, english in _NB_ENDINGS:
            if form.endswith(ending) and len(form) - len(ending) >= _MIN_KEY:
                out += [key(form[: -len(ending)] + e) for e in english]
                break
    if word.endswith("s") and len(word) > 4:
        out.append(key(word[:-1]))  # genitive: "Morquios" -> "morquio"
    own = key(word)
    return [k for k in dict.fromkeys(out) if k != own]


# ---------------------------------------------------------------------------------------------
# The lexicon
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lexicon:
    words: dict[str, tuple[str, ...]]  # Norwegian word or phrase (as written) -> English terms
    optional: tuple[str, ...] = ()  # words a query may have that names need not ("sjelden")


def _problem(display: str, line: int | None, field: str | None, message: str) -> Problem:
    return Problem(display, line, field, message)


def load_lexicon(path: Path, root: Path | None = None) -> Lexicon:
    """Read and check the lexicon; raise `ContentError` with every problem at once."""
    display = display_path(path, root)
    doc = read_yaml(path, display)
    data = doc.data
    problems: list[Problem] = []
    if not isinstance(data, LineDict) or set(data) - {"valgfrie", "ord"} or "ord" not in data:
        raise ContentError([_problem(display, 1, None, "forventet to felt: «valgfrie:» (en liste med ord) og «ord:» (norsk ord: [engelske ord])")])
    optional: list[str] = []
    opt = data.get("valgfrie", LineList())
    if not isinstance(opt, LineList):
        problems.append(_problem(display, data.lines.get("valgfrie"), "valgfrie", "forventet en liste med ord, for eksempel [sjelden, sjeldne]"))
    else:
        for item, line in zip(opt, opt.lines, strict=True):
            if not isinstance(item, str) or len(tokenize(item)) != 1:
                problems.append(_problem(display, line, "valgfrie", f"«{str(item)}» er ikke ett ord; skriv ett ord per linje"))
            else:
                optional.append(item)
    words: dict[str, tuple[str, ...]] = {}
    entries = data["ord"]
    if not isinstance(entries, LineDict):
        problems.append(_problem(display, data.lines["ord"], "ord", "forventet oppslag: norsk ord: [engelsk ord, ...]"))
        entries = LineDict()
    seen: dict[tuple[str, ...], str] = {}
    for word, value in entries.items():
        line = entries.lines[word]
        field = str(word)
        tokens = tuple(tokenize(str(word))) if isinstance(word, str) else ()
        if not tokens:
            problems.append(_problem(display, line, field, "det norske ordet må inneholde bokstaver"))
            continue
        if tokens in seen:
            problems.append(_problem(display, line, field, f"står allerede i ordlisten som «{seen[tokens]}»; slå sammen oppføringene"))
            continue
        seen[tokens] = str(word)
        if isinstance(value, str):
            value = LineList([value])
        if not isinstance(value, list) or not value:
            problems.append(_problem(display, line, field, "forventet en liste med engelske ord, for eksempel [disease]"))
            continue
        english: list[str] = []
        for item in value:
            if not isinstance(item, str) or not tokenize(item):
                problems.append(_problem(display, line, field, f"«{str(item)}» er ikke et engelsk ord; skriv ord i anførselstegn ved behov"))
            elif item.strip().lower() == str(word).strip().lower():
                problems.append(_problem(display, line, field, f"«{item}» er det samme ordet; ord som skrives likt på begge språk trengs ikke"))
            else:
                english.append(item.strip())
        if english:
            words[str(word)] = tuple(dict.fromkeys(english))
    if problems:
        raise ContentError(problems)
    return Lexicon(words=words, optional=tuple(optional))


def lexicon_index(lexicon: Lexicon, vocabulary: Sequence[str]) -> dict[str, object]:
    """What the worker gets: {"k": keys, "w": {key: "english|english"}, "p": {phrase: "english|..."}, "o": [keys],
    "a": {key: "beginning|..."}, "z": {key: "end|..."}}.

    `vocabulary` is the names index's vocabulary in term-id order; "k" holds the `key()` of each
    term, one a line, empty where the key is the term itself.

    Single words are keyed by `key()` of their one token, phrases by their tokens' keys joined
    with spaces. Translations keep only English terms whose every word is in `vocabulary` (the
    names index) or is a stop word: the others could never match a name. Combining forms
    ("netthinne: [retino-]", "kreft: [-blastoma]") go to "a" and "z" when some vocabulary word
    begins or ends with them: the worker joins the parts of a compound into one word
    ("netthinnekreft" -> "retinoblastoma") and looks it up.
    """
    vocab = set(vocabulary)
    stops = stop_words()
    words: dict[str, list[str]] = {}
    phrases: dict[str, list[str]] = {}
    heads: dict[str, list[str]] = {}
    tails: dict[str, list[str]] = {}
    def used(form: str, head: bool) -> bool:  # some vocabulary word begins (ends) with the form
        return any(len(t) > len(form) and (t.startswith(form) if head else t.endswith(form)) for t in vocab)

    for norwegian, english in sorted(lexicon.words.items()):
        tokens = tokenize(norwegian)
        if len(tokens) == 1:
            # combining forms: "netthinne: [retino-]" + "kreft: [-blastoma]" = "retinoblastoma"
            k = key(tokens[0])
            for e in english:
                form = affix(e)
                if form and e.endswith("-") and used(form, True):
                    heads.setdefault(k, []).append(form)
                elif form and e.startswith("-") and used(form, False):
                    tails.setdefault(k, []).append(form)
        english = tuple(e for e in english if not affix(e))
        keep = [" ".join(tokenize(e)) for e in english]
        keep = [e for e in keep if all(t in vocab or t in stops for t in e.split()) and any(t in vocab for t in e.split())]
        if not keep:
            continue
        target = words if len(tokens) == 1 else phrases
        k = " ".join(key(t) for t in tokens)
        target.setdefault(k, [])
        target[k] += [e for e in keep if e not in target[k]]
    # The key of every vocabulary word, in vocabulary order ("" where the key is the word).
    keys = "\n".join(k if k != t else "" for t in vocabulary for k in [key(t)])
    return {
        "k": keys,
        "w": {k: "|".join(v) for k, v in sorted(words.items())},
        "p": {k: "|".join(v) for k, v in sorted(phrases.items())},
        "o": sorted({key(t) for w in lexicon.optional for t in tokenize(w)}),
        "a": {k: "|".join(dict.fromkeys(v)) for k, v in sorted(heads.items())},
        "z": {k: "|".join(dict.fromkeys(v)) for k, v in sorted(tails.items())},
    }


_AFFIX = re.compile(r"-[a-z]{2,}|[a-z]{3,}-")


def affix(term: str) -> str:
    """The combining form of a lexicon term written "retino-" (a beginning) or "-blastoma" (an end),
    without its hyphen; "" for a term that is a word or phrase."""
    t = term.strip().lower()
    return t.strip("-") if _AFFIX.fullmatch(t) else ""


def fuse(head: str, tail: str) -> str:
    """A beginning and an end as one word: "retino" + "blastoma", "myelo" + "oma" -> "myeloma"."""
    if head[-1:] in "aeiou" and tail[:1] in "aeiou":
        return head[:-1] + tail
    return head + tail


def read_lexicon(data_dir: Path, root: Path | None = None) -> tuple[Lexicon, list[Problem]]:
    """The lexicon of `data_dir` (`data_dir/leksikon/medisinsk-nb-en.yml`) and what is wrong with it;
    a project without one has an empty lexicon (the search then has the spelling keys only)."""
    path = data_dir / LEXICON_PATH
    if not path.exists():
        return Lexicon(words={}), []
    try:
        return load_lexicon(path, root), []
    except ContentError as exc:
        return Lexicon(words={}), list(exc.problems)


def lexicon_problems(data_dir: Path, root: Path | None = None) -> list[Problem]:
    """What `sjelden check` reports about the lexicon (nothing when the project has none)."""
    return read_lexicon(data_dir, root)[1]


def lexicon_lookup(lexicon: Lexicon) -> Callable[[Sequence[str]], dict[str, object]]:
    """What `search_index.build_search_files(docs, nb=...)` takes, for `lexicon`."""
    return functools.partial(lexicon_index, lexicon)


def lexicon_for(data_dir: Path, root: Path | None = None) -> Callable[[Sequence[str]], dict[str, object]]:
    """`lexicon_lookup` of the lexicon of `data_dir` (raises `ContentError` when it has problems)."""
    path = data_dir / LEXICON_PATH
    return lexicon_lookup(load_lexicon(path, root) if path.exists() else Lexicon(words={}))


# ---------------------------------------------------------------------------------------------
# Norwegian names of catalogue entities
# ---------------------------------------------------------------------------------------------


def norwegian_names(site: Site) -> dict[int, tuple[str, ...]]:
    """Every Norwegian name of each ORPHA code: the editors' (data/norske-navn.yml, approved or
    suggested) first, then lay names (data/folkelige-navn.yml), then the Norwegian ICD-10 text of
    an exact mapping."""
    out: dict[int, tuple[str, ...]] = {}
    for layer in (site.names, site.names_lay, site.names_icd10):
        for code, names in layer.items():
            out[code.value] = tuple(dict.fromkeys((*out.get(code.value, ()), *names.names)))
    return out


def with_norwegian_names(docs: Sequence[SearchDoc], names: Mapping[int, Sequence[str]], categories: Mapping[int, Sequence[str]] | None = None) -> list[SearchDoc]:
    """`docs` with `names[code]` added to the Norwegian names of the document whose first ORPHA
    code is `code` (catalogue and group pages), and of an authored page that covers `code` (its own
    names stay first; a lay name in data/folkelige-navn.yml for a code with an authored page would
    otherwise never be found, since the code's catalogue page is only a redirect). Names a document
    already has are not repeated; the title is left as it is. `categories[code]` (Norwegian texts
    of broader ICD-10 codes) is added to the document's text: found, ranked below names."""
    out = []
    for doc in docs:
        own = doc.orpha and doc.kind in ("orpha", "gruppe")
        extra = names.get(doc.orpha[0], ()) if own else ()
        if doc.kind == "diagnose":  # an authored page: the names of every code it covers (lay names too)
            extra = tuple(n for code in doc.orpha for n in names.get(code, ()))
        new = tuple(n.strip() for n in extra if n.strip() and n.strip() not in doc.names)
        texts = (categories or {}).get(doc.orpha[0], ()) if own else ()
        if new:
            doc = dataclasses.replace(doc, names=tuple(dict.fromkeys((*doc.names, *new))))
        if texts:
            doc = dataclasses.replace(doc, text=" ".join((doc.text, *texts)).strip())
        out.append(doc)
    return out
