"""Search index stage: turns the site's searchable pages into the files the browser search needs.

Takes one `SearchDoc` per searchable page (authored diagnosis pages, ORPHA catalogue pages, group
pages, other pages) and returns `{site-relative path: bytes}` for everything the search runs on:

- `assets/sjelden/workers/search.js`: the search worker (`assets/search/norsk.js`, then
  `assets/search/worker.js`). Material for MkDocs' search UI talks to it
  with Material's own worker protocol (SETUP/READY/QUERY/RESULT); it replaces Material's lunr
  worker. It is small, because Material starts it on every page load.
- `assets/sjelden/workers/search/core.<hash>.json`: names, synonyms, gene symbols and ORPHA codes
  of every page as a prebuilt index (vocabulary with stem lengths, each name as term ids). The
  worker fetches it on the first non-empty query, never before.
- `assets/sjelden/workers/search/codes.<hash>.json`: ICD-10, ICD-11 and OMIM codes; fetched only
  when a query looks like a code.
- `assets/sjelden/workers/search/manifest.json`: the current core file's name, for a worker cached
  by the browser from before the last deploy (the worker embeds the name; the data files are hashed).
- `assets/sjelden/workers/search/text-<n>.<hash>.json`: full text (authored text, Orphanet
  definitions) as an inverted index split into ranges of the sorted vocabulary; the worker fetches
  only the ranges the query's words fall in.

Text is normalised the same way here and in the worker (`normalize`, `stem`): lower case,
æ/ø/å folded to ae/o/aa, other accents removed; Snowball's Norwegian stemmer (whose stem is always
a prefix of the word, so the index ships stem lengths, not stems). Norwegian compounds are indexed
by their parts as well ("muskelsykdom" is found by "sykdom"), and nynorsk words by their bokmål form
(`nynorsk`). Ranking, prefix and typo tolerance
run in the worker; see `build_tools/derived/search/assets/worker.js`.

Output is deterministic: the same documents give byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from build_tools.core.searchdoc import SearchDoc

__all__ = [
    "SearchDoc",
    "build_search_files",
    "normalize",
    "tokenize",
    "stem",
    "squash_code",
    "stop_words",
    "WORKER_PATH",
    "asset",
    "nynorsk",
]

WORKER_PATH = "assets/sjelden/workers/search.js"
"""Where the worker is served; `docs/overrides/partials/sjelden-search-config.html` points Material at it."""

DATA_DIR = "assets/sjelden/workers/search"
FORMAT_VERSION = 1

KINDS = ("diagnose", "orpha", "gruppe", "side")

# Target size of one full-text shard (gzip); a query fetches one or two of them per word.
_TEXT_SHARD_GZ = 24_000
# Authored text longer than this is indexed only up to here (the A–Å list and similar pages
# must not match every query; names are indexed in full regardless).
_TEXT_MAX_TOKENS = 4000
_SNIPPET_CHARS = 180


# SearchDoc lives in core (core/searchdoc.py) so that each content kind can describe its own pages.
# ---------------------------------------------------------------------------------------------
# Normalisation, shared with the worker (worker.js has the same functions; tests compare them)
# ---------------------------------------------------------------------------------------------

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "ß": "ss", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"})
_WORD = re.compile(r"[a-z0-9]+")


def normalize(text: str) -> str:
    """Lower case, æ/ø/å as ae/o/aa, accents removed: what both index and query are compared in."""
    text = text.lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def tokenize(text: str) -> list[str]:
    """Words of `text` after `normalize`: runs of letters and digits ("Q87.4" gives "q87", "4")."""
    return _WORD.findall(normalize(text))


def squash_code(text: str) -> str:
    """A code as people write it, reduced to letters and digits in upper case ("ORPHA: 558" -> "ORPHA558")."""
    return re.sub(r"[^0-9A-Z]", "", normalize(text).upper())


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Norwegian (bokmål, some nynorsk) and a few English stop words, folded like the index."""
    words: set[str] = set()
    for name in ("stopwords-nb.txt", "stopwords-en.txt"):
        for line in asset(name).decode("utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                words.update(tokenize(line))
    return frozenset(words)


# Snowball's Norwegian stemmer (https://snowballstem.org/algorithms/norwegian/stemmer.html), on
# folded text: æ/ø/å have become ae/o/aa, so the vowels are a e i o u y. Every step removes a
# suffix or shortens "erte"/"ert" to "er", so the stem is always a prefix of the word.
_ASCII_WORD = re.compile(r"[a-z]+")
_VOWELS = frozenset("aeiouy")
_S_ENDING = frozenset("bcdfghjlmnoprtvyz")
_MAIN_SUFFIXES = sorted(
    [
        "a",
        "e",
        "ede",
        "ande",
        "ende",
        "ane",
        "ene",
        "hetene",
        "en",
        "heten",
        "ar",
        "er",
        "heter",
        "as",
        "es",
        "edes",
        "endes",
        "enes",
        "hetenes",
        "ens",
        "hetens",
        "ers",
        "ets",
        "et",
        "het",
        "ast",
        "s",
        "erte",
        "ert",
    ],
    key=len,
    reverse=True,
)
_OTHER_SUFFIXES = sorted(["leg", "eleg", "ig", "eig", "lig", "elig", "els", "lov", "elov", "slov", "hetslov"], key=len, reverse=True)


def _r1(word: str) -> int:
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return max(i + 1, 3)
    return len(word)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Norwegian stem of a folded word ("marfans" -> "marfan", "sykdommer" -> "sykdomm")."""
    if len(word) < 4 or not _ASCII_WORD.fullmatch(word):
        return word
    p1 = _r1(word)
    for suffix in _MAIN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= p1:
            if suffix == "s":
                before = word[-2] if len(word) >= 2 else ""
                ok = before in _S_ENDING or (before == "k" and len(word) >= 3 and word[-3] not in _VOWELS)
                if ok:
                    word = word[:-1]
            elif suffix in ("erte", "ert"):
                word = word[: len(word) - len(suffix)] + "er"
            else:
                word = word[: len(word) - len(suffix)]
            break
    if len(word) - 2 >= p1 and word.endswith(("dt", "vt")):
        word = word[:-1]
    for suffix in _OTHER_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= p1:
            word = word[: len(word) - len(suffix)]
            break
    return word


# ---------------------------------------------------------------------------------------------
# Nynorsk to bokmål (twin: nbNynorsk() in norsk.js; the table is assets/nynorsk.json)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _NynorskTable:
    words: dict[str, str]  # whole words
    heads: tuple[tuple[str, str], ...]  # beginnings of compounds
    endings: tuple[tuple[str, str, int], ...]  # (ending, bokmål ending, letters it must leave)
    lege: frozenset[str]  # words in -lege that are doctors, not adjectives


@lru_cache(maxsize=1)
def _nynorsk_table() -> _NynorskTable:
    table = json.loads(asset("nynorsk.json"))
    return _NynorskTable(
        words=dict(table["words"]),
        heads=tuple((head, bokmal) for head, bokmal in table["heads"]),
        endings=tuple((ending, bokmal, int(least)) for ending, bokmal, least in table["endings"]),
        lege=frozenset(table["lege"]),
    )


@lru_cache(maxsize=50_000)
def nynorsk(word: str) -> str:
    """The bokmål form of a folded nynorsk word ("sjukdomar" -> "sykdommer", "arveleg" -> "arvelig");
    a bokmål word comes back as it is. Whole words first, then «sjuk» anywhere, the beginning of a
    compound ("hjartefeil"), and one ending (-heit, -leg, -domar, -laus, -ande, -fødd)."""
    table = _nynorsk_table()
    if word in table.words:
        return str(table.words[word])
    w = word.replace("sjuk", "syk")
    for head, bokmal in table.heads:
        if w.startswith(head) and len(w) > len(head) + 2:
            w = bokmal + w[len(head) :]
            break
    for ending, bokmal, least in table.endings:
        if w.endswith(ending) and len(w) - len(ending) >= least:
            tail = w[: -len(ending)]
            if ending == "lege" and tail in table.lege:
                break  # «tannlege» is a doctor, no adjective in -leg
            return tail + bokmal
    return w


# ---------------------------------------------------------------------------------------------
# Compounds
# ---------------------------------------------------------------------------------------------

_MIN_PART = 4  # shorter parts ("ose", "syn") would join unrelated words


def split_compound(word: str, known: frozenset[str] | set[str]) -> tuple[str, str] | None:
    """`word` as two known words, allowing a linking s or e ("muskelsykdom" -> muskel + sykdom).

    The longest known tail wins; both parts must be at least four letters and the tail must be a
    word in its own right, so "neuroretinopathy" splits as neuro + retinopathy only if both occur.
    """
    if len(word) < 2 * _MIN_PART or not word.isalpha():
        return None
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if tail not in known:
            continue
        if head in known:
            return head, tail
        if head[-1] in "se" and head[:-1] in known and len(head) - 1 >= _MIN_PART:
            return head[:-1], tail
    return None


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


def asset(name: str) -> bytes:
    """A file of `assets/` (the worker's scripts, stop words, the nynorsk table)."""
    return resources.files("build_tools.derived.search").joinpath("assets", name).read_bytes()


def _json(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")


def _hashed(stem_name: str, data: bytes) -> str:
    return f"{DATA_DIR}/{stem_name}.{hashlib.sha256(data).hexdigest()[:10]}.json"


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = " ".join(tokenize(item))
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    out = []
    while n:
        n, r = divmod(n, 36)
        out.append(digits[r])
    return "".join(reversed(out))


_VARINT = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"


def _varint(n: int) -> str:
    """A term id in base 32: every digit but the last from the upper half of `_VARINT`."""
    digits = []
    while True:
        n, r = divmod(n, 32)
        digits.append(r)
        if not n:
            break
    digits.reverse()
    return "".join(_VARINT[32 + d] for d in digits[:-1]) + _VARINT[digits[-1]]


def _delta(ids: Sequence[int]) -> str:
    """Sorted ids as base-36 gaps separated by spaces: compact and quick to read in JS."""
    prev = -1
    out = []
    for i in ids:
        out.append(_b36(i - prev - 1))
        prev = i
    return " ".join(out)


def _check(docs: Sequence[SearchDoc]) -> None:
    seen: set[str] = set()
    for doc in docs:
        if doc.kind not in KINDS:
            raise ValueError(f"search: {doc.url}: unknown kind {doc.kind!r}; use one of {', '.join(KINDS)}")
        if doc.url.startswith("/") or "://" in doc.url:
            raise ValueError(f"search: {doc.url}: the url must be site-relative without a leading slash")
        if doc.url in seen:
            raise ValueError(f"search: {doc.url}: two documents have the same url")
        seen.add(doc.url)


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, _SNIPPET_CHARS)
    return text[: cut if cut > 80 else _SNIPPET_CHARS] + " …"


def build_search_files(docs: Sequence[SearchDoc], nb: Callable[[Sequence[str]], object] | None = None) -> dict[str, bytes]:
    """Site-relative path -> file content, for everything the search needs at runtime (index shards, worker JS, etc.).

    `nb`, given the names vocabulary, returns the Norwegian data for the core: spelling keys and
    lexicon (`derived.search.norsk.lexicon_for`); without it the worker matches words as written only.
    """
    _check(docs)
    # A stable order independent of the caller's: authored pages first, then by url.
    order = sorted(
        range(len(docs)),
        key=lambda i: (KINDS.index(docs[i].kind), docs[i].orpha[0] if docs[i].orpha else 1 << 40, docs[i].url),
    )
    docs = [docs[i] for i in order]
    stops = stop_words()

    # --- names: every page's titles and synonyms, as token lists -----------------------------
    doc_names: list[list[list[str]]] = []
    doc_genes: list[list[str]] = []
    doc_other: list[list[str]] = []
    for doc in docs:
        titles = _dedupe([doc.title, *doc.names, *doc.names_en])
        doc_names.append([tokenize(n) for n in titles])
        doc_genes.append(sorted({t for g in doc.genes for t in [("".join(tokenize(g)))] if t}))
        doc_other.append(sorted({t for g in doc.genes_other for t in [("".join(tokenize(g)))] if t} - set(doc_genes[-1])))

    # Words that stand alone somewhere (names or text) may serve as compound parts.
    text_tokens: list[list[str]] = []
    for doc in docs:
        tokens = tokenize(doc.text)
        text_tokens.append(tokens[:_TEXT_MAX_TOKENS])
    known = {t for names in doc_names for n in names for t in n if t not in stops and len(t) >= _MIN_PART}
    known |= {t for tokens in text_tokens for t in tokens if t not in stops and len(t) >= _MIN_PART}
    known_f = frozenset(known)

    # Compound parts are added to names of pages written in Norwegian (authored, group, other
    # pages), and the worker also splits unknown query words into two known ones.
    # Neighbours written apart ("gastro-esophageal") are also indexed joined where the joined
    # word occurs elsewhere ("gastroesophageal"), so either spelling finds both.
    name_parts: list[list[list[str]]] = []
    for doc, names in zip(docs, doc_names, strict=True):
        per_name: list[list[str]] = []
        for n in names:
            parts: list[str] = []
            if doc.kind != "orpha":
                for t in n:
                    split = split_compound(t, known_f)
                    if split:
                        parts.extend(p for p in split if p not in n and p not in parts)
                    bokmal = nynorsk(t)  # a name written in nynorsk is found by its bokmål words too
                    if bokmal != t and bokmal not in n and bokmal not in parts:
                        parts.append(bokmal)
            for a, b in zip(n, n[1:], strict=False):
                joined = a + b
                if joined in known_f and joined not in n and joined not in parts:
                    parts.append(joined)
            per_name.append(parts)
        name_parts.append(per_name)

    # --- vocabulary: ids by frequency (small numbers for common words compress well) ---------
    freq: Counter[str] = Counter()
    for names, doc_parts, genes, other in zip(doc_names, name_parts, doc_genes, doc_other, strict=True):
        for n in names:
            freq.update(n)
        for p in doc_parts:
            freq.update(p)
        freq.update(genes)
        freq.update(other)
    vocab = sorted(freq, key=lambda t: (-freq[t], t))
    ids = {t: i for i, t in enumerate(vocab)}
    stem_cut = "".join(str(min(9, len(t) - len(stem(t)))) for t in vocab)

    # --- documents ----------------------------------------------------------------------------
    # One line per page: title compound parts, then the other names, then ";" and the symbols of
    # the genes that cause the disease, then ";" and the other associated genes, all as term ids (`_varint`). The title's own words are not shipped as ids: the
    # worker tokenises the title, which it has to show anyway.
    lines = []
    for names, doc_parts, gs, other in zip(doc_names, name_parts, doc_genes, doc_other, strict=True):
        fields = ["".join("~" + _varint(ids[t]) for t in doc_parts[0])]
        for n, p in zip(names[1:], doc_parts[1:], strict=True):
            fields.append("".join(_varint(ids[t]) for t in n) + "".join("~" + _varint(ids[t]) for t in p))
        causal = ";" + "".join(_varint(ids[g]) for g in gs) if gs or other else ""
        lines.append(",".join(fields).rstrip(",") + causal + (";" + "".join(_varint(ids[g]) for g in other) if other else ""))
    urls = {str(i): d.url for i, d in enumerate(docs) if not (d.orpha and d.url == f"orpha/{d.orpha[0]}/")}
    orpha = " ".join(",".join(_b36(c) for c in d.orpha) for d in docs)
    snippets = {str(i): _snippet(d.text) for i, d in enumerate(docs) if d.kind != "orpha" and d.text.strip()}
    # Names as written, for the "also called" line: authored pages only (the catalogue's English
    # synonyms are shown from their words, with acronyms in capitals).
    display = {str(i): _dedupe([d.title, *d.names, *d.names_en])[1:] for i, d in enumerate(docs) if d.kind != "orpha"}
    display = {k: v for k, v in display.items() if v}
    caps: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for doc in docs:
        for name in (*doc.names, *doc.names_en):
            for word in re.findall(r"[A-Za-z0-9]+", name):
                (caps if len(word) > 1 and word.isupper() else lower)[word.lower()] += 1
    acronyms = sorted(ids[t] for t in caps if t in ids and caps[t] > lower[t])

    # --- full text: inverted index in ranges of the sorted vocabulary ----------------------
    postings: dict[str, list[int]] = {}
    text_len = []
    for i, (doc, tokens) in enumerate(zip(docs, text_tokens, strict=True)):
        words = [t for t in tokens if t not in stops and (len(t) > 1 or t.isdigit())]
        text_len.append(len(words))
        seen = set(words)
        if doc.kind != "orpha":
            for t in list(seen):
                split = split_compound(t, known_f)
                if split:
                    seen.update(split)
                seen.add(nynorsk(t))
        for t in seen:
            postings.setdefault(t, []).append(i)
    # Length as one character per page: 48 + 4*log2(1 + words), read back by the worker.
    tl = "".join(chr(48 + min(74, round(4 * math.log2(1 + n)))) for n in text_len)

    files: dict[str, bytes] = {}
    shards: list[list[str]] = []
    terms = sorted(postings)
    start = 0
    while start < len(terms):
        # Grow the shard until its compressed size is near the target; estimate with raw size.
        end, raw = start, 0
        # base-36 gaps compress about 2:1 (measured on the Orphanet definitions)
        while end < len(terms) and (raw < _TEXT_SHARD_GZ * 2 or end == start):
            raw += len(terms[end]) + len(_delta(postings[terms[end]])) + 8
            end += 1
        chunk = terms[start:end]
        data = _json(
            {
                "t": chunk,
                "s": "".join(str(min(9, len(t) - len(stem(t)))) for t in chunk),
                "p": [_delta(postings[t]) for t in chunk],
            }
        )
        path = _hashed(f"text-{len(shards):02d}", data)
        files[path] = data
        shards.append([chunk[0], path.rsplit("/", 1)[1]])
        start = end

    # --- codes (fetched for code-like queries only) ---------------------------------------------
    codes: dict[str, dict[str, list[str]]] = {"icd10": {}, "icd11": {}, "omim": {}}
    rel = {"E": "e", "NTBT": "n", "BTNT": "b"}
    for i, doc in enumerate(docs):
        for system, pairs in (("icd10", doc.icd10), ("icd11", doc.icd11)):
            for code, relation in pairs:
                code = code.strip().rstrip("+*").upper()
                if code:
                    codes[system].setdefault(code, []).append(_b36(i) + rel.get(relation.upper(), "b"))
        for code in doc.omim:
            code = re.sub(r"\D", "", code)
            if code:
                codes["omim"].setdefault(code, []).append(_b36(i) + "e")
    codes_data = _json({k: {c: " ".join(v) for c, v in sorted(m.items())} for k, m in codes.items()})
    codes_path = _hashed("codes", codes_data)
    files[codes_path] = codes_data

    core = _json(
        {
            "v": FORMAT_VERSION,
            "terms": "\n".join(vocab),
            "cut": stem_cut,
            "stop": sorted(ids[t] for t in stops if t in ids),
            "kind": "".join(str(KINDS.index(d.kind)) for d in docs),
            "title": [d.title for d in docs],
            "url": urls,
            "orpha": orpha,
            "names": "\n".join(lines),
            "snip": snippets,
            "alias": display,
            "caps": acronyms,
            "tl": tl,
            "codes": codes_path.rsplit("/", 1)[1],
            "text": shards,
            "nb": nb(vocab) if nb else {},
        }
    )
    core_path = _hashed("core", core)
    files[core_path] = core

    worker = asset("norsk.js").decode("utf-8") + "\n" + asset("worker.js").decode("utf-8")
    manifest = json.dumps({"core": core_path.rsplit("/", 1)[1], "v": FORMAT_VERSION}, separators=(",", ":"))
    worker = worker.replace("/*@MANIFEST@*/null", manifest, 1)
    table = json.loads(asset("nynorsk.json"))  # the nynorsk table, shared with derived.search.norsk.nynorsk
    worker = worker.replace("/*@NYNORSK@*/null", json.dumps({k: table[k] for k in ("words", "heads", "endings", "lege")}, ensure_ascii=False, separators=(",", ":")), 1)
    files[WORKER_PATH] = worker.encode("utf-8")
    # Unhashed, for workers cached from an earlier deploy (see loadCore in worker.js).
    files[f"{DATA_DIR}/manifest.json"] = manifest.encode("utf-8")
    return dict(sorted(files.items()))
