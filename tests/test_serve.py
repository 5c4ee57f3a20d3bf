"""`mkdocs serve --dirty` (`make serve`): an editor saves a page and the served page changes; the rest is left alone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import make_project

PAGE = "diagnoses/marfans-syndrom/index.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, proc: subprocess.Popen[str], seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, "mkdocs serve stopped"
        html = _fetch(url)
        if html is not None and text in html:
            return html
        time.sleep(0.3)
    raise AssertionError(f"«{text}» did not appear on {url} within {seconds} s")


def test_serve_dirty_shows_a_saved_edit_and_rebuilds_only_that(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=sink, text=True,
        )
    url = f"http://127.0.0.1:{port}/diagnoser/marfans-syndrom/"
    try:
        _wait_for(url, "Marfans syndrom", proc, 600)
        time.sleep(1.5)  # let the file watcher settle after the first build
        page = root / PAGE
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("## Forekomst\n", "Redigert i forhåndsvisningen.\n\n## Forekomst\n", 1), encoding="utf-8")
        html = _wait_for(url, "Redigert i forhåndsvisningen.", proc, 300)
        assert "Eksempeltekst" in html  # the page is whole, not a fragment
        # The plugin rewrote one generated page, and handed MkDocs only the pages that can change.
        counts = [line for line in log.read_text(encoding="utf-8").splitlines() if "sjelden: " in line and " sider (" in line]
        assert len(counts) >= 2 and counts[-1].endswith("(1 endret, 0 fjernet)"), counts
        # A broken save is reported with its line and field, the server keeps running, and the next
        # good save is served again.
        page.write_text(text.replace("tittel: Marfans syndrom", "tittel: [Marfans syndrom", 1), encoding="utf-8")
        deadline = time.monotonic() + 300
        while "Fant 1 feil i innholdet" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.3)
        assert proc.poll() is None and f"{PAGE}:3: YAML-syntaksfeil" in log.read_text(encoding="utf-8")
        page.write_text(text.replace("## Forekomst\n", "Rettet igjen.\n\n## Forekomst\n", 1), encoding="utf-8")
        _wait_for(url, "Rettet igjen.", proc, 300)
    finally:
        _stop(proc)
    output = log.read_text(encoding="utf-8")
    assert "Traceback" not in output


def _stop(proc: subprocess.Popen[str]) -> None:
    """End a server the test started, forcefully if it does not stop within 30 s."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _get(url: str) -> tuple[int, str] | None:
    """(status, body), error statuses included; None when the server does not answer within 10 s."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")
    except OSError:
        return None


def _wait_until(url: str, text: str, proc: subprocess.Popen[str], seconds: float) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        assert proc.poll() is None, "sjelden serve stopped"
        last = _get(url)
        if last is not None and text in last[1]:
            return last
        time.sleep(0.3)
    raise AssertionError(f"«{text}» did not appear on {url} within {seconds} s; last answer: {last}")


def test_sjelden_serve_shows_content_errors_in_the_browser_and_recovers(tmp_path: Path, small_orphanet: Path) -> None:
    """`make serve` (`sjelden serve`): a broken save puts the `path:line: message` list in the browser,
    every request is answered (none waits for a good build), and the fix brings the page back."""
    root = make_project(tmp_path, small_orphanet, "valid")
    # What an earlier `make site` left: served while the first build runs, never a «building» page.
    earlier = root / "site" / "diagnoser" / "marfans-syndrom" / "index.html"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("<!doctype html><html lang=nb><title>Marfans syndrom</title><p>Forrige bygg.</p></html>", encoding="utf-8")
    (root / "site" / "index.html").write_text("<!doctype html><html lang=nb><title>sjelden.no</title></html>", encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "build_tools.cli", "--root", str(root), "serve", "--addr", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=sink, stderr=subprocess.STDOUT, text=True,
        )
    url = f"http://127.0.0.1:{port}/diagnoser/marfans-syndrom/"
    try:
        first = _wait_until(url, "</html>", proc, 120)
        assert first[0] == 200 and "Marfans syndrom" in first[1], first  # the earlier build, or already the new one
        _wait_until(url, "Eksempeltekst", proc, 600)  # the page of this build, whole
        time.sleep(1.5)  # let the file watcher settle after the first build
        page = root / PAGE
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("tittel: Marfans syndrom", "tittel: [Marfans syndrom", 1), encoding="utf-8")
        status, html = _wait_until(url, "Forhåndsvisningen kan ikke bygges", proc, 300)
        assert status == 500
        assert f"<li><code>{PAGE}:3: YAML-syntaksfeil" in html
        assert "livereload(" in html  # the error page reloads by itself after the fix
        # Every page answers with the errors, not only the broken one, and nothing hangs.
        other = _get(f"http://127.0.0.1:{port}/")
        assert other is not None and other[0] == 500 and f"{PAGE}:3: YAML-syntaksfeil" in other[1]
        page.write_text(text.replace("## Forekomst\n", "Rettet igjen.\n\n## Forekomst\n", 1), encoding="utf-8")
        status, html = _wait_until(url, "Rettet igjen.", proc, 300)
        assert status == 200 and "Forhåndsvisningen kan ikke bygges" not in html
    finally:
        _stop(proc)
    output = log.read_text(encoding="utf-8")
    assert f"Forhåndsvisning: http://127.0.0.1:{port}/" in output  # a link the terminal makes clickable
    assert f"{PAGE}:3: YAML-syntaksfeil" in output  # the terminal says what the browser says
    assert "Traceback" not in output
    assert "dirty" not in output and "appear stuck" not in output


def test_before_its_first_build_a_fresh_preview_says_it_is_building_and_errors_escape(tmp_path: Path, small_orphanet: Path) -> None:
    """In process, without building: no `make site` yet, so a page request gets the «building» page
    (which reloads itself); with errors recorded, every page request gets them, escaped."""
    from build_tools.engine.serve import LivePreview

    root = make_project(tmp_path, small_orphanet, "valid")
    preview = LivePreview(root, addr=f"127.0.0.1:{_free_port()}")
    answers: list[str] = []
    try:
        assert preview.fallback is None
        body = b"".join(preview.server._serve_request({"PATH_INFO": "/diagnoser/marfans-syndrom/"}, lambda status, headers: answers.append(status)))
        assert answers == ["503 Service Unavailable"]
        assert "Bygger forhåndsvisningen" in body.decode("utf-8") and b"livereload(" in body
        preview.errors, preview.summary = ["diagnoses/x/index.md:3: tittel: <b> er ikke lov"], "Fant 1 feil i innholdet."
        body = b"".join(preview.server._serve_request({"PATH_INFO": "/"}, lambda status, headers: answers.append(status)))
        assert answers[-1] == "500 Internal Server Error"
        assert "<li><code>diagnoses/x/index.md:3: tittel: &lt;b&gt; er ikke lov</code></li>" in body.decode("utf-8")
    finally:
        preview.close()
    assert not preview.site_dir.exists()
