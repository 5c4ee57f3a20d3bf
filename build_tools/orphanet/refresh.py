"""Refreshing the Orphanet snapshot in `data/orphanet/` from newly downloaded files.

Takes a folder of files as downloaded (ORPHApackets archive, Orphadata product1 and product3 XML,
the ORDO SSSOM mapping), stages them beside the snapshot, parses them completely and checks them
(the number of active entities must not collapse, the release must be newer), and only then swaps
the staged folder in. A refresh that fails or is interrupted leaves the old snapshot in place.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.core.errors import ContentError, Problem
from build_tools.orphanet import load_snapshot

MIN_SHARE = 0.9  # a release with fewer than 90 % of today's active entities is a broken download

# Which downloaded file plays which part, by name.
_PATTERNS = {
    "packets": ["*orphapacket*.tar.gz"],
    "nomenclature": ["en_product1.xml", "en_product1.xml.gz"],
    "icd_mappings": ["*.sssom.tsv", "*.sssom.tsv.gz"],
}
_CLASSIFICATIONS = ["en_product3_*.xml", "en_product3_*.xml.gz"]


@dataclass(frozen=True)
class RefreshResult:
    old_release: str
    new_release: str
    old_active: int
    new_active: int


def _find(source: Path, patterns: list[str]) -> Path | None:
    for pattern in patterns:
        found = sorted(source.glob(pattern))
        if found:
            return found[-1]
    return None


def refresh(data_dir: Path, source: Path, release: str | None = None) -> RefreshResult:
    """Replace the snapshot in `data_dir` with the files in `source`, or raise ContentError and change nothing."""
    if not source.is_dir():
        raise ContentError([Problem(str(source), None, None, "mappen finnes ikke; last ned filene fra Orphadata til en mappe først")])
    staging = data_dir.with_name(data_dir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)  # a leftover from an interrupted refresh
    try:
        staging.mkdir(parents=True)
        manifest: dict[str, object] = {}
        for key, patterns in _PATTERNS.items():
            found = _find(source, patterns)
            if found is not None:
                shutil.copy2(found, staging / found.name)
                manifest[key] = found.name
        classifications = sorted({p for pattern in _CLASSIFICATIONS for p in source.glob(pattern)})
        if classifications:
            (staging / "product3").mkdir()
            for path in classifications:
                shutil.copy2(path, staging / "product3" / path.name)
            manifest["classifications"] = "product3/en_product3_*.xml*"
        if "packets" not in manifest and "nomenclature" not in manifest:
            raise ContentError([Problem(str(source), None, None, "fant verken ORPHApackets (*orphapacket*.tar.gz) eller product1 (en_product1.xml); last ned minst én av dem")])
        # product1's definitions keep Orphanet's punctuation (the 2025-12 packets lost their commas).
        manifest["definitions"] = "nomenclature" if "nomenclature" in manifest else "packets"
        if release:
            manifest["release"] = release
        attribution = data_dir / "ATTRIBUTION.md"
        if attribution.is_file():
            shutil.copy2(attribution, staging / "ATTRIBUTION.md")
        (staging / "snapshot.yml").write_text(
            "# The Orphanet release the site is built from (written by `sjelden refresh-orphadata`).\n"
            "# definitions: the file the entities' definitions come from (nomenclature = product1, or packets).\n"
            "# Data: Orphanet / INSERM, CC BY 4.0 (see ATTRIBUTION.md).\n" + yaml.safe_dump(manifest, allow_unicode=True, sort_keys=True),
            encoding="utf-8",
        )
        new = load_snapshot(staging)  # parses everything: a broken file fails here, before any swap
        old = load_snapshot(data_dir) if (data_dir / "snapshot.yml").is_file() else None
        new_active, old_active = len(new.active()), len(old.active()) if old else 0
        if old is not None:
            problems = []
            if new_active < MIN_SHARE * old_active:
                problems.append(Problem(str(source), None, None, f"den nye utgaven har bare {new_active} aktive enheter mot {old_active} i dag; nedlastingen er trolig ufullstendig, last ned på nytt"))
            if new.release_date <= old.release_date:
                problems.append(Problem(str(source), None, None, f"utgaven ({new.release_date}) er ikke nyere enn den vi har ({old.release_date}); ingenting er endret"))
            if problems:
                raise ContentError(problems)
        previous = data_dir.with_name(data_dir.name + ".old")
        shutil.rmtree(previous, ignore_errors=True)
        if data_dir.exists():
            os.replace(data_dir, previous)
        os.replace(staging, data_dir)
        shutil.rmtree(previous, ignore_errors=True)
        return RefreshResult(old.release if old else "", new.release, old_active, new_active)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
