"""The suite itself: a sample project holds what git tracks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT, sample_project


def test_a_sample_project_leaves_out_an_editors_page_in_progress(tmp_path: Path) -> None:
    """An editor's checkout with a page not yet in git. The checkout is a copy of the repository's
    (git-tracked) diagnoses and mkdocs.yml: a draft written into the repository itself would reach
    every test that reads it while this one runs (the workers of pytest-xdist run side by side)."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", checkout / "mkdocs.yml")
    for name in ("docs", "data"):
        (checkout / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "diagnoses", checkout / "diagnoses")
    subprocess.run(["git", "init", "-q"], cwd=checkout, check=True, timeout=60)
    tracked = subprocess.run(["git", "ls-files", "-z", "--", "diagnoses"], cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
    subprocess.run(["git", "add", "--", *tracked.decode("utf-8").split("\0")[:-1]], cwd=checkout, check=True, timeout=60)
    draft = checkout / "diagnoses" / "utkast-som-ikke-er-i-git" / "index.md"
    draft.parent.mkdir()
    draft.write_text("---\ntittel: Utkast\norpha: [558]\n---\n", encoding="utf-8")
    root = sample_project(tmp_path, checkout)
    assert (root / "diagnoses/marfans-syndrom/index.md").read_text(encoding="utf-8").startswith("---\n")
    assert not (root / "diagnoses/utkast-som-ikke-er-i-git").exists()
