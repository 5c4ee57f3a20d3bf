"""What other programs read from the built site: the Nu Html Checker finds no error on any page type
(the theme's markup included), and feed readers, crawlers and link previews find what they look for.

The checker is vnu.jar from npm (`npm install --prefix .cache/vnu vnu-jar@26.9.27`, which `make test`
does) run with Java; `VNU_JAR` may point at another vnu.jar. Without Java or vnu.jar the validator test
is skipped with the reason; the static checks always run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_accessibility import page_types

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://sjelden.no/"


def vnu_jar() -> Path | None:
    given = os.environ.get("VNU_JAR")
    for candidate in ([Path(given)] if given else []) + [ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"]:
        if candidate.is_file():
            return candidate
    return None


JAR = vnu_jar()
JAVA = shutil.which("java")


def _redirect_stub(site: Path) -> str | None:
    for path in sorted(site.glob("orpha/*/index.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            return path.parent.relative_to(site).as_posix() + "/"
    return None


def _filter_page(site: Path) -> str | None:
    pages = sorted(site.glob("kurs/*/*/index.html"))
    found = [p for p in pages if p.parent.name not in ("evaluering", "resultater")]
    return found[0].parent.relative_to(site).as_posix() + "/" if found else None


@pytest.mark.skipif(JAVA is None or JAR is None, reason="The Nu Html Checker needs Java (apt-get install default-jre-headless) and vnu.jar "
                    "(npm install --prefix .cache/vnu vnu-jar@26.9.27, as make test does, or set VNU_JAR): HTML validity NOT checked")
def test_nu_html_checker_finds_no_error_on_any_page_type(built: Path) -> None:
    urls = {kind: url for kind, url in page_types(built).items() if url is not None}
    urls["omdirigering"] = _redirect_stub(built)
    urls["kursfilter"] = _filter_page(built)
    files = sorted({str(built / (url if url.endswith(".html") else url + "index.html")) for url in urls.values() if url is not None})
    # A short run: the quick JIT only (half the CPU), with the larger stack its frames need (vnu says so).
    java = [str(JAVA), "-XX:TieredStopAtLevel=1", "-Xss8m", "-jar", str(JAR)]
    result = subprocess.run([*java, "--errors-only", "--format", "json", *files], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit(str(built), 1)[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in messages if m.get("type") == "error"]
    assert errors == [], "\n".join(errors)
    assert len(files) >= 15  # the page types of the sample were there to check


def _html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_robots_txt_names_the_sitemap_with_an_absolute_url(built: Path) -> None:
    robots = (built / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert re.findall(r"^Sitemap: (.+)$", robots, re.M) == [f"{SITE_URL}sitemap.xml"]


def test_pages_with_courses_announce_the_atom_feed(built: Path) -> None:
    link = '<link rel="alternate" type="application/atom+xml" title="Kurs på sjelden.no (Atom)" href="{href}">'
    assert link.format(href="kurs/feed.xml") in _html(built, "")
    assert link.format(href="feed.xml") in _html(built, "kurs")
    assert (built / "kurs/feed.xml").is_file()
    filter_page = _filter_page(built)
    if filter_page is not None:
        assert 'type="application/atom+xml"' in _html(built, filter_page)
    assert 'type="application/atom+xml"' not in _html(built, "diagnoser/marfans-syndrom")
    # Material fetches sitemap.xml beside every rel=alternate link: the feed's folder has a real one.
    import xml.etree.ElementTree as ET

    locs = [e.text for e in ET.parse(built / "kurs/sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{SITE_URL}kurs/" in locs and all(str(loc).startswith(f"{SITE_URL}kurs/") for loc in locs)


def test_redirect_stubs_have_an_absolute_canonical(built: Path) -> None:
    stub = _redirect_stub(built)
    assert stub is not None
    html = _html(built, stub)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical is not None and canonical.group(1).startswith(SITE_URL), canonical
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    assert refresh is not None and canonical.group(1) == SITE_URL + refresh.group(1).removeprefix("../../")


def test_link_previews_use_the_sites_own_icon_card_and_titles(built: Path) -> None:
    home = _html(built, "")
    title = re.search(r"<title>(.*?)</title>", home)
    assert title is not None and title.group(1).startswith("Forside")
    assert '<meta property="og:title" content="Forside">' in home  # the same as the title, not the menu's «Hjem»
    assert '<meta property="og:site_name" content="sjelden.no">' in home
    assert f'<meta property="og:image" content="{SITE_URL}assets/sjelden-card.png">' in home
    assert '<meta name="twitter:card" content="summary_large_image">' in home
    description = re.search(r'<meta name="description" content="([^"]*)">', home)
    assert description is not None and f'<meta property="og:description" content="{description.group(1)}">' in home
    assert '<link rel="icon" href="assets/favicon.svg">' in home
    assert (built / "assets/favicon.svg").read_text(encoding="utf-8").startswith("<svg")
    assert (built / "assets/sjelden-card.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # No third party: every icon and image the head names is on the site.
    assert not re.findall(r'<link rel="icon" href="https?://', home)
