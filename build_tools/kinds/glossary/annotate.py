"""Glossary words explained where they stand: the first time a term of `data/ordliste.yml` (or one of
its `andre_former`) appears in the running text of an authored page, it becomes a small disclosure.

`annotate(markdown, glossary, up)` takes a page's authored Markdown and returns it with, for each
term's first use in a paragraph or list item, inline HTML that Python-Markdown keeps inside the
paragraph: a `<button type="button" aria-expanded="false" aria-controls=...>` carrying the word, and
right after it a `<span hidden>` with the glossary's one-line explanation and a link to
`/ordliste/#anchor`. `docs/javascripts/ordforklaring.js` (first-party, no dependencies) toggles it on
click, tap, Enter or Space; the button is described by the explanation (`aria-describedby`), so a
screen reader gives it even before the button is pressed. Only phrasing elements are used, so the
paragraph stays valid HTML, and each id (`ord-<anchor>`) is used once per page.

Headings, tables, code, links, raw HTML, admonition titles and attribute lists are left alone.
"""

from __future__ import annotations

import html
import re

from build_tools.kinds.glossary.model import GLOSSARY_URL, Glossary

ID_PREFIX = "ord-"
# Spans of a line that are not running text: code, links and images, raw HTML, citations, URLs, attribute lists.
_PROTECTED_RE = re.compile(
    r"`+[^`]*`+"
    r"|<a\b[^>]*>.*?</a>"
    r"|!?\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)]*\)"
    r"|!?\[[^\]]*\]\[[^\]]*\]"
    r"|<[^>]+>"
    r"|\[@[^\]]*\]"
    r"|https?://\S+"
    r"|\{[:#.][^}]*\}"
)
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_SKIP_LINE_RE = re.compile(r"^\s*(?:#|\||!!!|\?\?\?|<|\[[^\]]+\]:|\{)")


def _pattern(glossary: Glossary) -> re.Pattern[str] | None:
    forms = sorted(glossary.forms, key=len, reverse=True)
    if not forms:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in form.split()) for form in forms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _explanation(text: str) -> str:
    # The explanation is Markdown on one line; a blank line would end the paragraph.
    return " ".join(text.split())


def disclosure(word: str, anchor: str, explanation: str, up: str) -> str:
    """The inline markup for one explained word (Markdown with inline HTML, one line)."""
    ident = f"{ID_PREFIX}{anchor}"
    return (
        f'<span class="sjelden-ord">'
        f'<button type="button" class="sjelden-ord__ord" aria-expanded="false" aria-controls="{ident}" aria-describedby="{ident}">{html.escape(word, quote=False)}</button>'
        f'<span class="sjelden-ord__forklaring" id="{ident}" hidden> ({_explanation(explanation)} '
        f'<a href="{up}{GLOSSARY_URL}#{anchor}">Mer om «{html.escape(word, quote=False)}» i ordlisten</a>)</span>'
        f"</span>"
    )


def annotate(markdown: str, glossary: Glossary, up: str = "../../", seen: set[str] | None = None) -> str:
    """`markdown` with each glossary term explained at its first use in running text.
    `seen` (anchors already explained on the page) is updated, so a page can be annotated in parts."""
    pattern = _pattern(glossary)
    if pattern is None:
        return markdown
    seen = set() if seen is None else seen
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE_RE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if fenced or _SKIP_LINE_RE.match(line) or line.startswith(("    ", "\t")) and not line.strip().startswith(("-", "*")):
            out.append(line)
            continue
        out.append(_annotate_line(line, pattern, glossary, up, seen))
    return "\n".join(out)


def _annotate_line(line: str, pattern: re.Pattern[str], glossary: Glossary, up: str, seen: set[str]) -> str:
    pieces: list[str] = []
    last = 0
    for protected in [*_PROTECTED_RE.finditer(line), None]:
        end = protected.start() if protected is not None else len(line)
        pieces.append(_annotate_text(line[last:end], pattern, glossary, up, seen))
        if protected is not None:
            pieces.append(protected.group())
            last = protected.end()
    return "".join(pieces)


def _annotate_text(text: str, pattern: re.Pattern[str], glossary: Glossary, up: str, seen: set[str]) -> str:
    def replace(m: re.Match[str]) -> str:
        anchor = glossary.anchor(m.group())
        if anchor is None or anchor in seen:
            return m.group()
        seen.add(anchor)
        return disclosure(m.group(), anchor, glossary.terms[anchor].explanation, up)

    return pattern.sub(replace, text)
