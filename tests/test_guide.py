"""The editor guide (docs/redaktor/): every content field explained, every page in the menu."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from build_tools import schemas
from build_tools.kinds.diagnoses.model import DIAGNOSIS_SECTIONS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "redaktor"


def guide_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(GUIDE.glob("*.md")))


FIELDS = sorted({(model.__name__, name) for model in schemas.models() for name in model.model_fields})


@pytest.mark.parametrize(("model", "field"), FIELDS, ids=[f"{m}.{f}" for m, f in FIELDS])
def test_every_model_field_is_explained_in_the_guide(model: str, field: str) -> None:
    assert f"`{field}`" in guide_text(), f"feltet «{field}» ({model}) mangler i redaktørveiledningen (docs/redaktor/)"


def test_guide_covers_the_workflow() -> None:
    text = guide_text()
    for phrase in ("sjelden new diagnosis", "sjelden new summary", "sjelden new course", "sjelden new form", "sjelden check", "Rediger denne siden", "Sist revidert", "neste_revisjon"):
        assert phrase in text, phrase
    for section in DIAGNOSIS_SECTIONS:
        assert f"## {section}" in text, section


def test_every_guide_page_is_listed_in_its_own_menu_and_index() -> None:
    # The site's menu is for readers: the guide is linked from the footer, and its pages from each other.
    pages = {p.name for p in GUIDE.glob("*.md")}
    menu = (ROOT / "docs/overrides/partials/redaktor-nav.html").read_text(encoding="utf-8")
    listed = {("index" if url == "" else url) + ".md" for url in re.findall(r'\("redaktor/([a-z-]*)/?"', menu)}
    assert listed == pages
    index = (GUIDE / "index.md").read_text(encoding="utf-8")
    assert set(re.findall(r"\]\(([a-z-]+\.md)\)", index)) == pages - {"index.md"}
    config = yaml.safe_load(re.sub(r"!!python/\S+", "", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    assert "/redaktor/" in config["not_in_nav"].split()
    assert "redaktor/" in (ROOT / "docs/overrides/partials/copyright.html").read_text(encoding="utf-8")


def test_links_between_guide_pages_resolve() -> None:
    for page in GUIDE.glob("*.md"):
        text = re.sub(r"```.*?```|`[^`]*`", "", page.read_text(encoding="utf-8"), flags=re.S)
        for target, anchor in re.findall(r"\]\(([a-z-]+\.md)(?:#([a-z0-9-]+))?\)", text):
            assert (GUIDE / target).is_file(), f"{page.name}: {target}"
            if anchor:
                assert f"{{ #{anchor} }}" in (GUIDE / target).read_text(encoding="utf-8"), f"{page.name}: {target}#{anchor}"


def test_guide_builds_and_pages_link_to_their_source(tmp_path: Path, small_orphanet: Path) -> None:
    from tests.conftest import make_project, mkdocs_build

    root = make_project(tmp_path, small_orphanet, "valid")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - sjelden\n", "  - sjelden:\n      orpha_pages: false\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    site = root / "site"
    edit = "https://github.com/nksd/sjelden-site/edit/main/"
    page = (site / "diagnoser/marfans-syndrom/index.html").read_text(encoding="utf-8")
    assert f'<a href="{edit}diagnoses/marfans-syndrom/index.md" title="Rediger denne siden"' in page
    assert 'Sist revidert <time datetime="2025-01-15">15. januar 2025</time>' in page
    guide = (site / "redaktor/felt/index.html").read_text(encoding="utf-8")
    assert f'<a href="{edit}docs/redaktor/felt.md" title="Rediger denne siden"' in guide
    assert "Sist revidert <time" not in guide
    assert "api.github.com" not in page and 'data-md-component="source"' not in page
