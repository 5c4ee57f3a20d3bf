"""Take the editor guide's screenshot of a preview (docs/redaktor/bilder/forhandsvisning.png).

Builds the preview of the example Marfan page, serves it under /forhandsvisning/pr-12/ as the
Pages site does, and photographs it in headless Chromium (Debian's):

    python scripts/screenshot_preview.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser, serve  # noqa: E402 - after the path is set

TARGET = ROOT / "docs/redaktor/bilder/forhandsvisning.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "forhandsvisning" / "pr-12"
        subprocess.run([sys.executable, "-m", "build_tools.cli", "--root", str(ROOT), "preview", "diagnoses/marfans-syndrom/index.md", "--site-dir", str(site)], check=True)
        with serve(Path(tmp)) as base, browser() as b:
            page = b.new_page(viewport={"width": 1280, "height": 720})
            page.goto(base + "forhandsvisning/pr-12/diagnoser/marfans-syndrom/")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(TARGET))
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
