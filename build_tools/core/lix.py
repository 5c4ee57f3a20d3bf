"""LIX, the Nordic readability figure, counted the way a Norwegian reader reads Markdown prose.

LIX = words per sentence + the share of long words (more than six letters), in percent. Under 30 is
very easy, 30–40 easy, 40–50 medium, 50–60 hard.

`prose_text(markdown)` keeps only the running prose of a piece of Markdown (what a reader reads as
sentences); `count(text)` counts it. The rules, chosen for Norwegian (tests/test_lix.py shows each):

- A word is a run of letters; a hyphen or apostrophe inside it keeps it one word («X-bundet»,
  «sjelden.no-prosjektet» is one word too). Letters are counted without hyphens: «X-bundet» has 7.
- A number («50», «10 000», «1–5», «22q11.2») is one word and never long: it is read as a figure,
  not spelt out. A gene name such as «FBN1» is a word of its letters (3).
- Known abbreviations («f.eks.», «bl.a.», «dvs.», «ca.») are one word and end no sentence.
- A sentence ends at «.», «!», «?» or «:» followed by a space (or the end), unless an abbreviation
  or a lower-case word follows; and at the end of a paragraph or a list item.
- Prose is paragraphs and list items (each item is a sentence). Headings, tables, code, HTML
  comments, URLs and link targets, image references, citations (`[@key]`) and attribute lists are
  not read as prose; a link's text is.

Why our own counter rather than textstat's `lix()` (0.7.13, tried): its sentence rule ends a
sentence at every period, so «f.eks.», «22q11.2» and «sjelden.no» split sentences; it drops
sentences of one or two words from the count; and it knows nothing of Markdown, so a list item
without a final period runs into the next. Once the Markdown and the sentences are handled here,
what is left of it is the two-line formula, and it would bring `pyphen`'s hyphenation dictionaries
along for nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LONG = 6  # a long word has more than this many letters

# Norwegian abbreviations written with periods (case-insensitive): one word each, ending no sentence.
ABBREVIATIONS = (
    "f.eks.", "bl.a.", "dvs.", "osv.", "m.fl.", "mfl.", "ca.", "jf.", "jfr.", "evt.", "p.g.a.", "pga.", "o.l.", "m.m.",
    "m.v.", "mv.", "t.d.", "kl.", "nr.", "dr.", "prof.", "tlf.", "ift.", "iht.", "vha.", "mht.", "etc.", "e.l.",
    "inkl.", "ekskl.", "ev.", "vs.", "mnd.", "o.a.", "s.", "bl.", "ang.",
)

_TOKEN_RE = re.compile(
    r"(?P<abbr>(?<![\w.])(?:" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)) + r"))"
    + r"""
    | (?P<number>\d\w*(?:(?:[.,:/–-]|\u00a0|\ (?=\d{3}(?!\d)))\d\w*)*)  # 50, 10 000, 1–5, 22q11.2, 1,5
    | (?P<word>[^\W\d_]\w*(?:['’.-]\w+)*)                                   # words, inner hyphens kept: X-bundet, FBN1
    | (?P<end>[.!?:]+(?=[\s)»”"']|$))                                       # a sentence may end here
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Lix:
    """The figure for one piece of prose, with what it was counted from."""

    value: float
    word_count: int
    sentence_count: int
    long_words: int
    sentence_texts: tuple[str, ...]
    long_word_texts: tuple[str, ...]

    @property
    def rounded(self) -> int:
        """The figure as editors see it: a whole number, half rounded up."""
        return int(self.value + 0.5)

    def longest_sentences(self, n: int = 2) -> list[str]:
        return sorted(self.sentence_texts, key=lambda s: -len(words(s)))[:n]

    def longest_words(self, n: int = 5) -> list[str]:
        ordered = sorted(self.long_word_texts, key=lambda w: (-_letters(w), w.casefold()))
        first: dict[str, str] = {}
        for word in ordered:
            first.setdefault(word.casefold(), word)  # one of each word, as it was written
        return list(first.values())[:n]


def _letters(word: str) -> int:
    return sum(1 for c in word if c.isalpha())


def words(text: str) -> list[str]:
    """The words of a piece of prose (numbers and abbreviations are words)."""
    return [m.group() for m in _TOKEN_RE.finditer(text) if m.lastgroup != "end"]


def sentences(text: str) -> list[str]:
    """The sentences of prose: each line (a paragraph or list item) is split at sentence ends."""
    out: list[str] = []
    for line in text.split("\n"):
        start = 0
        for m in _TOKEN_RE.finditer(line):
            if m.lastgroup != "end" or not _starts_sentence(line, m.end()):
                continue
            piece = line[start : m.end()].strip()
            if words(piece):
                out.append(piece)
            start = m.end()
        rest = line[start:].strip()
        if words(rest):
            out.append(rest)
    return out


def _starts_sentence(line: str, at: int) -> bool:
    """Does a new sentence begin after position `at`? Not when a lower-case word follows («1. januar», «slik: barnet»)."""
    following = line[at:].lstrip(" )»”\"'\u00a0")
    return not following or not following[0].islower()


def count(text: str) -> Lix:
    """LIX of plain prose, one paragraph or list item per line (see `prose_text` for Markdown)."""
    found = sentences(text)
    all_words: list[str] = []
    long_words: list[str] = []
    for m in _TOKEN_RE.finditer(text):
        if m.lastgroup in {"word", "number", "abbr"}:
            all_words.append(m.group())
            if m.lastgroup == "word" and _letters(m.group()) > LONG:
                long_words.append(m.group())
    if not all_words:
        return Lix(0.0, 0, 0, 0, (), ())
    value = len(all_words) / max(len(found), 1) + 100 * len(long_words) / len(all_words)
    return Lix(round(value, 1), len(all_words), len(found), len(long_words), tuple(found), tuple(long_words))


_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_RE = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\((?:<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
_REF_LINK_RE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_CITATION_RE = re.compile(r"\s*\[@[^\]\n]*\]")
_URL_RE = re.compile(r"<?(?:https?://|mailto:|www\.)[^\s>)]+>?")
_ATTR_LIST_RE = re.compile(r"\{:?\s*[#.][^}]*\}")
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")


def prose_text(markdown: str) -> str:
    """The running prose of Markdown: one line per paragraph or list item, markup removed."""
    text = _COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), markdown)
    blocks: list[list[str]] = [[]]
    fence: str | None = None
    for line in text.split("\n"):
        m = _FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * 3
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "|", "!!!", "???", "---")) or _REFDEF_RE.match(line) or re.fullmatch(r"[:\-| ]+", stripped):
            blocks.append([])  # headings, tables, admonition titles and rules are not prose
            continue
        stripped = re.sub(r"^(?:>\s*)+", "", stripped)
        if _LIST_RE.match(stripped):
            blocks.append([])  # each list item is its own sentence
            stripped = _LIST_RE.sub("", stripped)
        blocks[-1].append(stripped)
    lines = []
    for block in blocks:
        if not block:
            continue
        paragraph = " ".join(block)
        paragraph = _CODE_SPAN_RE.sub(" ", paragraph)
        paragraph = _IMAGE_RE.sub(" ", paragraph)
        paragraph = _CITATION_RE.sub("", paragraph)
        paragraph = _LINK_RE.sub(r"\1", paragraph)
        paragraph = _REF_LINK_RE.sub(r"\1", paragraph)
        paragraph = _URL_RE.sub(" ", paragraph)
        paragraph = _ATTR_LIST_RE.sub(" ", paragraph)
        paragraph = _TAG_RE.sub("", paragraph)
        paragraph = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", paragraph)
        paragraph = " ".join(paragraph.split())
        if paragraph:
            lines.append(paragraph)
    return "\n".join(lines)


def lix(markdown: str) -> Lix:
    """LIX of a piece of Markdown's running prose."""
    return count(prose_text(markdown))
