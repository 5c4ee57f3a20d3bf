"""What the search index is built from: one document per searchable page, from the joined model."""

from __future__ import annotations

import shutil
from pathlib import Path

from build_tools.core.settings import Settings
from build_tools.derived.search.documents import search_documents
from build_tools.pipeline import load_site
from tests.conftest import ROOT, TODAY, make_project


def test_documents_for_authored_catalogue_and_hand_written_pages(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    shutil.copy(ROOT / "data/ordliste.yml", root / "data/ordliste.yml")
    site = load_site(Settings(root=root), TODAY)
    built = {code for code, e in site.orpha.entities.items() if e.active}
    docs = {d.url: d for d in search_documents(site, built, root / "docs")}
    marfan = docs["diagnoser/marfans-syndrom/"]
    assert (marfan.kind, marfan.title, marfan.orpha) == ("diagnose", "Marfans syndrom", (558,))
    assert "Marfan syndrome" in marfan.names_en and ("Q87.4", "E") in marfan.icd10
    assert "FBN1" in marfan.genes  # Orphanet lists it on Marfan's subtypes
    # Only CFTR causes cystic fibrosis; the 18 modifying genes still find it, ranked lower
    cf = docs["orpha/586/"]
    assert cf.genes == ("CFTR",) and "SERPINA1" in cf.genes_other and len(cf.genes_other) == 18
    assert "orpha/558/" not in docs  # only a redirect to the authored page
    assert docs["orpha/72/"].kind == "orpha" and docs["orpha/72/"].icd10 == (("Q93.5", "NTBT"),)
    assert docs["grupper/284993/"].kind == "gruppe"
    assert docs["kontakt/"].kind == "side" and "800 41 710" in docs["kontakt/"].text
    assert docs["ordliste/"].kind == "side" and "individuell plan:" in docs["ordliste/"].text  # the glossary
    assert "" not in docs  # the front page is a way in, not an answer
    assert "diagnoser/" not in docs  # the A–Å list would crowd the results
    assert not any(url.startswith("overrides") for url in docs)


def test_pages_left_out_of_the_site_are_not_searchable() -> None:
    """docs/developers/ is excluded from the site (exclude_docs); a search result must never lead to a missing page."""
    from pathlib import Path

    from build_tools.core.settings import read_settings

    root = Path(__file__).resolve().parent.parent
    settings = read_settings(root)
    assert settings.excluded("developers/engines.md") and settings.excluded("overrides/main.html")
    assert not settings.excluded("om.md") and not settings.excluded("redaktor/felt.md")
    from build_tools.derived.search.documents import page_documents

    urls = {d.url for d in page_documents(root / "docs", settings.excluded)}
    assert "om/" in urls and not any(u.startswith("developers/") for u in urls)
