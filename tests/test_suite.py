"""The suite itself: a sample project holds what git tracks."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, sample_project


def test_a_sample_project_leaves_out_an_editors_page_in_progress(tmp_path: Path) -> None:
    draft = ROOT / "diagnoses" / "utkast-som-ikke-er-i-git" / "index.md"
    draft.parent.mkdir()
    try:
        draft.write_text("---\ntittel: Utkast\norpha: [558]\n---\n", encoding="utf-8")
        root = sample_project(tmp_path)
    finally:
        draft.unlink()
        draft.parent.rmdir()
    assert (root / "diagnoses/marfans-syndrom/index.md").read_text(encoding="utf-8").startswith("---\n")
    assert not (root / "diagnoses/utkast-som-ikke-er-i-git").exists()

