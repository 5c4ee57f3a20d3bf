"""Safety and accessibility of the Markdown editors write, and the anchors its headings get.

`check_markdown` runs for every page and Markdown field while reading, so that `mkdocs build` fails
too: raw HTML only from an allowed set, no `<script>`/`<iframe>`, no event handler attributes, no
`javascript:`/`data:` URLs, images with alt text, headings in order. `links` and `anchors` serve the
link checks of the content kinds.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markdown.extensions.toc import slugify

from build_tools.core.errors import Problem
from build_tools.core.validate import headings

# Raw HTML an editor may write in Markdown: inline markup, disclosure, tables and figures.
ALLOWED_TAGS = frozenset(
    ["a", "abbr", "b", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var"]
)
ALLOWED_ATTRIBUTES = frozenset(
    ["alt", "cite", "class", "colspan", "datetime", "dir", "height", "href", "id", "lang", "loading", "open", "rowspan", "scope", "src", "start", "title", "width"]
)
# Named outright in messages: they run code or pull in other sites.
DANGEROUS_TAGS = frozenset(["script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta", "base", "form", "input", "button", "textarea", "select", "svg", "math"])
_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")

_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_TAG_RE = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s/>\"'=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>",
    re.S,
)
_ATTR_RE = re.compile(r"([^\s/>\"'=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
# An opening of a dangerous element even where the tag is malformed or runs over several lines.
_LOOSE_DANGER_RE = re.compile(r"<\s*(" + "|".join(sorted(DANGEROUS_TAGS)) + r")\b", re.I)
_LINK_RE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REFDEF_RE = re.compile(r"^[ ]{0,3}\[([^\]]+)\]:\s*(<[^>]*>|\S+)", re.M)
_ATTR_ID_RE = re.compile(r"\s*\{:?\s*[^}]*#([A-Za-z0-9_:.-]+)[^}]*\}\s*$")


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    image: bool
    text: str


def _blank(text: str, start: int, end: int) -> str:
    """Replace text[start:end] by spaces, keeping newlines so offsets and lines stay put."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def prose(body: str) -> str:
    """The body with code (fenced blocks, code spans) and HTML comments blanked out."""
    lines = body.split("\n")
    out = []
    fence: str | None = None
    for line in lines:
        m = _FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * 3
            out.append(" " * len(line))
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            out.append(" " * len(line))
        else:
            out.append(line)
    text = "\n".join(out)
    for m in reversed(list(_CODE_SPAN_RE.finditer(text))):
        text = _blank(text, m.start(), m.end())
    for m in reversed(list(COMMENT_RE.finditer(text))):
        text = _blank(text, m.start(), m.end())
    return text


def _line(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


def _bad_url(url: str) -> str | None:
    """The forbidden scheme of a URL, if it has one (after undoing entities and stray whitespace)."""
    clean = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
    return next((s for s in _BAD_SCHEMES if clean.startswith(s)), None)


def links(text: str, first_line: int) -> list[Link]:
    """Markdown links and images, and reference definitions, in prose (not in code)."""
    found = []
    for m in _LINK_RE.finditer(text):
        url = m.group(3).strip("<>")
        found.append(Link(url, _line(text, m.start(), first_line), m.group(1) == "!", m.group(2)))
    for m in _REFDEF_RE.finditer(text):
        found.append(Link(m.group(2).strip("<>"), _line(text, m.start(), first_line), False, m.group(1)))
    return found


def check_markdown(display: str, body: str, first_line: int = 1, field: str | None = None) -> list[Problem]:
    """Safety and accessibility of one piece of Markdown: raw HTML, URLs, alt text, headings."""
    problems: list[Problem] = []

    def add(offset_text: str, offset: int, message: str) -> None:
        problems.append(Problem(display, _line(offset_text, offset, first_line), field, message))

    text = prose(body)
    opened = text.find("<!--")
    if opened != -1:
        add(text, opened, "HTML-kommentaren avsluttes ikke; avslutt den med -->")
        text = _blank(text, opened, len(text))

    tag_spans = []
    for m in _TAG_RE.finditer(text):
        tag_spans.append((m.start(), m.end()))
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            continue
        if name in DANGEROUS_TAGS:
            add(text, m.start(), f"HTML-elementet <{name}> er ikke tillatt; skriv innholdet som vanlig Markdown, eller be utviklerne om en ny funksjon")
            continue
        if name not in ALLOWED_TAGS:
            add(text, m.start(), f"HTML-elementet <{name}> er ikke tillatt; bruk Markdown eller et av de tillatte elementene (se redaktørveiledningen)")
            continue
        seen = {}
        for a in _ATTR_RE.finditer(attrs):
            attr = a.group(1).lower()
            value = html.unescape((a.group(2) or "").strip("\"'"))
            seen[attr] = value
            where = m.start() + len(name) + 1 + a.start()
            if attr.startswith("on"):
                add(text, where, f"attributtet {attr}= i <{name}> er ikke tillatt (det kjører kode); fjern det")
            elif attr not in ALLOWED_ATTRIBUTES:
                add(text, where, f"attributtet {attr}= i <{name}> er ikke tillatt; fjern det")
            elif attr in _URL_ATTRIBUTES and (scheme := _bad_url(value)):
                add(text, where, f"adresser som begynner med {scheme} er ikke tillatt; bruk en https://-adresse eller en lenke til en side på nettstedet")
        if name == "img" and "alt" not in seen:
            add(text, m.start(), "bildet mangler alternativ tekst; legg til alt=\"kort beskrivelse av bildet\"")
    # Malformed or multi-line openings of dangerous elements that the tag pattern did not match.
    for m in _LOOSE_DANGER_RE.finditer(text):
        if not any(start <= m.start() < end for start, end in tag_spans):
            add(text, m.start(), f"HTML-elementet <{m.group(1).lower()}> er ikke tillatt; skriv innholdet som vanlig Markdown, eller be utviklerne om en ny funksjon")

    for link in links(text, first_line):
        if scheme := _bad_url(link.url):
            what = "bilder" if link.image else "lenker"
            problems.append(Problem(display, link.line, field, f"{what} til adresser som begynner med {scheme} er ikke tillatt; bruk en https://-adresse eller en lenke til en side på nettstedet"))
        if link.image and not link.text.strip():
            problems.append(Problem(display, link.line, field, "bildet mangler alternativ tekst; skriv en kort beskrivelse mellom klammene: ![beskrivelse](bilde.png)"))

    previous = 1  # the page title is the level-1 heading
    for level, title, line in headings(body, first_line):
        if level > previous + 1:
            hashes = "#" * (previous + 1)
            problems.append(Problem(display, line, field, f"overskriften «{_heading_text(title)}» hopper fra nivå {previous} til nivå {level}; bruk {hashes} (nivå {previous + 1})"))
        previous = level
    return problems



def _heading_text(title: str) -> str:
    return _ATTR_ID_RE.sub("", title).strip()


def anchors(body: str) -> set[str]:
    """The ids MkDocs gives the headings of a body: explicit `{ #id }`, else toc's slugify, made unique."""
    ids: set[str] = set()
    for _level, title, _line in headings(body, 1):
        explicit = _ATTR_ID_RE.search(title)
        if explicit:
            ids.add(explicit.group(1))
            continue
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)
        text = re.sub(r"<[^>]+>|[*_`]", "", text)
        slug = slugify(html.unescape(text), "-")
        candidate, n = slug, 0
        while candidate in ids:
            n += 1
            candidate = f"{slug}_{n}"
        ids.add(candidate)
    for m in re.finditer(r"\{:?\s*[^}]*#([A-Za-z0-9_:.-]+)[^}]*\}", body):
        ids.add(m.group(1))
    return ids
