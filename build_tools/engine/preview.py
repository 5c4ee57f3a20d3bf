"""`sjelden preview` (engine/preview.py): a small site with the pages an editor changed, built with the real theme.

Takes content files (any file a content kind reads, and hand-written pages under `docs/`), or the
files changed against the main branch according to git, and returns a `Preview` after building a
site that holds:

- the pages made from those files, as each kind says (`Kind.page_files`; their URL paths are
  `Preview.changed`);
- the pages they link to that are generated from data (ORPHA and group pages, an authored page a
  listing names), one link deep, and the ORPHA pages that lead to a changed authored page;
- the front page, the lists in the menu (each kind's `lists`, and coverage) and every hand-written
  page, so the menu works;
- the site's own search (prebuilt index and worker) over exactly those pages.

Every other page made per ORPHA code is left out, which is what makes the preview cheap: rendering
the ~12,000 of them is most of a full build. A kind that makes a page per code (`Kind.per_code`) is
rendered a second time for just the codes the preview needs (`RenderScope.codes`). The pages are
rendered by the same pipeline with the same `mkdocs.yml`, theme and overrides; links to pages
outside the preview are kept as they are in the full site (they lead nowhere in the preview).
MkDocs writes relative links, so the preview works in any sub-folder (such as
`/forhandsvisning/pr-12/` on GitHub Pages).

Validation is the pipeline's: the MkDocs plugin loads the site as for a full build and, in a
preview, lets `ContentError` through for the `sjelden` command to report as `sjelden check` does.
The site is built beside `site_dir` and swapped in only when the build succeeded.
"""

from __future__ import annotations

import logging
import posixpath
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from build_tools.core.errors import ContentError, Problem
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState
from build_tools.derived.readability import Row
from build_tools.derived.readability import rows as readability_rows
from build_tools.derived.search.documents import search_documents
from build_tools.derived.search.index import build_search_files
from build_tools.derived.search.norsk import lexicon_lookup
from build_tools.engine.output import AtomicOutput
from build_tools.kinds import routes
from build_tools.kinds.kind import Kind
from build_tools.kinds.links import Links, RenderScope
from build_tools.kinds.registry import kinds_for
from build_tools.kinds.site import Site
from build_tools.pipeline import render_pages, render_site, search_lexicon

MAIN_BRANCHES = ("origin/main", "main")
"""What the changed files are compared with (their merge base with HEAD), first found wins."""

DERIVED_LISTS = (routes.src(routes.HOME), routes.src(routes.COVERAGE))
"""Generated pages always in a preview besides the kinds' lists (`Kind.lists`): the front page and the coverage map."""

_EXAMPLE = f"{Settings.content_dir}/marfans-syndrom/index.md"  # a file to preview, in the editors' messages

PAGES_FOLDER = "preview-pages"
"""Under the cache folder: the preview's generated pages, apart from the full build's."""

_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|\b(?:href|src)=\"([^\"]+)\"")
_ROOTED = re.compile(rb"(\]\(\s*<?|\b(?:href|src)=\")/(?![/\\])")
_COMMAND = "sjelden preview"


@dataclass
class Preview:
    """The files to preview; after the build, what it holds."""

    files: list[str]  # content files, relative to the project root, forward slashes
    changed: list[str] = field(default_factory=list)  # URL paths of the changed pages: /diagnoser/marfans-syndrom/
    pages: list[str] = field(default_factory=list)  # src_uris of every page in the preview (generated and hand-written)
    ignored: list[str] = field(default_factory=list)  # content files that make no page of their own
    readability: list[Row] = field(default_factory=list)  # LIX of each counted section of the changed files

    def render(self, site: Site, settings: Settings, today: date, hand_written: set[str], state: BuildState) -> tuple[dict[str, bytes], Path]:
        """The generated files of the preview and the folder to write them to (called by the plugin,
        which names the hand-written pages MkDocs builds: `exclude_docs` leaves some out)."""
        docs_dir = settings.path(settings.docs_dir)
        kinds = kinds_for(settings)
        sources = _sources(site, kinds)
        folders = _content_folders(settings, kinds)
        links = Links(site, settings, state)  # once for both passes
        first = render_site(site, settings, today, search=False, codes=frozenset(), state=state, links=links)
        docs = docs_dir.relative_to(settings.root).as_posix() if docs_dir.is_relative_to(settings.root) else ""
        changed: dict[str, None] = {}  # src_uris, in the order of the files
        self.ignored = []
        for name in self.files:
            found = [uri for uri in sources.get(name, []) if uri in first]
            if not found and name.startswith(f"{settings.content_dir}/"):
                folder = "/".join(name.split("/")[:2]) + "/"  # an image or other file in a diagnosis folder
                found = [uri for source, uris in sources.items() if source.startswith(folder) for uri in uris if uri in first]
            if not found and docs and name.removeprefix(f"{docs}/") in hand_written:
                found = [name.removeprefix(f"{docs}/")]
            changed |= dict.fromkeys(found)
            if not found and name.startswith((*folders, f"{docs}/")) and name.endswith((".md", ".yml")):
                self.ignored.append(name)  # content that makes no page of its own (code and data make none either)
        wanted = set(changed) | set(DERIVED_LISTS) | {uri for kind in kinds for uri in kind.lists}
        for uri in changed:
            text = first[uri].decode("utf-8") if uri in first else (docs_dir / uri).read_text(encoding="utf-8")
            wanted |= set(_links(uri, text))
        wanted |= links.leading_to(changed)  # the pages of codes that lead to a changed page
        codes = frozenset(code for uri in wanted if (code := routes.code_of(uri)) is not None) & links.built
        # Those codes' pages, of the kinds that make a page per code (and their lists again).
        rendered = first | render_pages(site, settings, today, state, RenderScope(links, codes), [k for k in kinds if k.per_code])
        # A group's /orpha/ page redirects to its group page: both come along.
        wanted |= {uri for uri in rendered if routes.code_of(uri) in codes}
        pages = {uri: _relative_links(uri, data) if uri.endswith(".md") else data for uri, data in rendered.items() if uri in wanted or not uri.endswith(".md")}
        urls = {_url(uri) for uri in pages if uri.endswith(".md")} | {_url(uri) for uri in hand_written}
        documents = [d for d in search_documents(site, codes, docs_dir, kinds=kinds) if d.url in urls]
        pages |= build_search_files(documents, lexicon_lookup(search_lexicon(settings, state)[0]))  # Norwegian queries too
        self.changed = [f"/{_url(uri)}" for uri in changed]
        self.readability = [r for r in readability_rows(site, settings) if r.text.path in self.files]
        self.pages = sorted({uri for uri in pages if uri.endswith(".md")} | hand_written)
        return dict(sorted(pages.items())), settings.cache_path / PAGES_FOLDER


def _url(src_uri: str) -> str:
    """The URL path (no leading slash) MkDocs gives a page with directory URLs."""
    if src_uri == "index.md" or src_uri.endswith("/index.md"):
        return src_uri.removesuffix("index.md")
    return src_uri.removesuffix(".md") + "/"


def _relative_links(src_uri: str, markdown: bytes) -> bytes:
    """Site-root links (`/<folder>/<page>/`, `/bilder/aorta.png`, as the editor guide teaches) made relative,
    so they lead to the preview's own pages in whatever sub-folder it is served from."""
    up = ("../" * _url(src_uri).count("/")) or "./"
    return _ROOTED.sub(lambda m: m.group(1) + up.encode(), markdown)


def _sources(site: Site, kinds: tuple[Kind, ...]) -> dict[str, list[str]]:
    """Content file (relative path) → the src_uris of the pages made from it, as each kind says."""
    out: dict[str, list[str]] = {}
    for kind in kinds:
        for name, uris in kind.page_files(site).items():
            out.setdefault(name, []).extend(uris)
    return out


def _content_folders(settings: Settings, kinds: tuple[Kind, ...]) -> tuple[str, ...]:
    """The folders the kinds read content from ("<folder>/", relative to the project root)."""
    folders = {
        path.relative_to(settings.root).as_posix() + "/"
        for kind in kinds for path in kind.sources(settings)
        if path.is_dir() and path.is_relative_to(settings.root) and path != settings.root
    }
    return tuple(sorted(folders))


def _links(src_uri: str, text: str) -> Iterable[str]:
    """src_uris of the pages a page links to: `.md` links relative to its file, others to its URL."""
    for match in _LINK.finditer(text):
        target = (match.group(1) or match.group(2)).split("#", 1)[0].split("?", 1)[0]
        if not target or target.startswith("/") or re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
            continue
        if target.endswith(".md"):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), target))
        else:
            path = posixpath.normpath(posixpath.join(_url(src_uri), target)).strip("/")
            path = "index.md" if path == "." else f"{path}/index.md"
        if not path.startswith(".."):
            yield path


def changed_files(root: Path, branches: Iterable[str] = MAIN_BRANCHES) -> list[str]:
    """Files changed against the merge base with the main branch: committed, staged, unstaged and new.

    Paths are relative to `root` (which may be a folder inside the repository); deleted files are left out."""
    git = shutil.which("git")
    if git is None:
        raise ContentError([Problem(_COMMAND, None, None, f"fant ikke git; installer git, eller oppgi filene du vil forhåndsvise, f.eks. sjelden preview {_EXAMPLE}")])

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([git, "-C", str(root), *args], capture_output=True, text=True, timeout=120)

    if run("rev-parse", "--is-inside-work-tree").returncode != 0:
        raise ContentError([Problem(_COMMAND, None, None, f"mappen er ikke et git-depot; oppgi filene du vil forhåndsvise, f.eks. sjelden preview {_EXAMPLE}")])
    base = None
    for branch in branches:
        found = run("merge-base", "HEAD", branch)
        if found.returncode == 0:
            base = found.stdout.strip()
            break
    if base is None:
        raise ContentError([Problem(_COMMAND, None, None, f"fant ikke grenen {' eller '.join(branches)} å sammenligne med; hent den med «git fetch origin main», eller oppgi filene du vil forhåndsvise")])
    diff = run("diff", "--name-only", "--relative", "--diff-filter=d", "-z", base, "--")
    new = run("ls-files", "--others", "--exclude-standard", "-z")
    for result in (diff, new):
        if result.returncode != 0:
            raise ContentError([Problem(_COMMAND, None, None, f"git svarte med en feil: {result.stderr.strip()}")])
    paths = [n for n in (diff.stdout + new.stdout).split("\0") if n]
    return sorted({n for n in paths if (root / n).is_file()})


def build_preview(root: Path, files: list[str], site_dir: Path) -> Preview:
    """Build the preview of `files` (relative to `root`) into `site_dir`; raises `ContentError` on
    any content problem, leaving `site_dir` as it was."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    preview = Preview(files=list(dict.fromkeys(files)))
    output = AtomicOutput(site_dir)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(output.staging))
    # Links to pages outside the preview are expected, not mistakes.
    config.validation.links.not_found = logging.DEBUG
    config.extra["sjelden_preview"] = True  # main.html shows a «Forhåndsvisning» notice
    plugin = config.plugins["sjelden"]
    plugin.preview = preview  # type: ignore[attr-defined]
    try:
        build(config)
    except BaseException:
        output.discard()
        raise
    output.commit()
    return preview
