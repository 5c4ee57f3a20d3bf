"""A pull request's preview against the full build, timed in one run on this machine (issue 16).

On a copy of the project (content, data, docs) in `benchmarks/work/preview/`, times:
  (a) full:          `mkdocs build` of the whole site, no caches (as CI builds it);
  (b) preview cold:  `sjelden preview <file> --site-dir …`, no caches (as CI's preview job runs it);
  (c) preview warm:  the same again, with the parsed Orphanet data cached by (b) (as on an editor's machine).
Prints the times, the ratios (b)/(a) and (c)/(a), and the preview's page count, writes
`benchmarks/results/preview.json`, and ends with one machine-readable line:
  preview_ratio=<(b)/(a)> warm_ratio=<(c)/(a)> preview_pages=<n> full_pages=<n>
Targets: preview ≤ 0.3 × full, under 500 pages.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work" / "preview"
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1790000000")}


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the process and its children, stdout). CPU time says more than
    wall time on a machine shared with other work."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=WORK, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout


def pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=["diagnoses/marfans-syndrom/index.md"], help="the files to preview (default: one diagnosis page)")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for folder in ("docs", "data", "diagnoses", "courses"):
        shutil.copytree(ROOT / folder, WORK / folder)
    shutil.copy(ROOT / "mkdocs.yml", WORK / "mkdocs.yml")

    full, full_cpu, _ = timed([str(BIN / "mkdocs"), "build", "--strict"])
    full_pages = pages(WORK / "site")
    shutil.rmtree(WORK / ".cache")
    cold, cold_cpu, urls = timed([str(BIN / "sjelden"), "preview", *args.files, "--site-dir", "preview"])
    preview_pages = pages(WORK / "preview")
    warm, warm_cpu, _ = timed([str(BIN / "sjelden"), "preview", *args.files, "--site-dir", "preview"])

    result = {
        "files": args.files,
        "changed_urls": urls.split(),
        "load_average": round(os.getloadavg()[0], 2),
        "full_seconds": round(full, 2),
        "full_cpu_seconds": round(full_cpu, 2),
        "full_pages": full_pages,
        "preview_cold_seconds": round(cold, 2),
        "preview_cold_cpu_seconds": round(cold_cpu, 2),
        "preview_warm_seconds": round(warm, 2),
        "preview_warm_cpu_seconds": round(warm_cpu, 2),
        "preview_pages": preview_pages,
        "preview_ratio": round(cold / full, 3),
        "warm_ratio": round(warm / full, 3),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "preview.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"(a) full build:    {full:6.1f} s wall {full_cpu:6.1f} s CPU  {full_pages:6d} pages")
    print(f"(b) preview cold:  {cold:6.1f} s wall {cold_cpu:6.1f} s CPU  {preview_pages:6d} pages  ratio {cold / full:.3f} (CPU {cold_cpu / full_cpu:.3f}; target ≤ 0.3)")
    print(f"(c) preview warm:  {warm:6.1f} s wall {warm_cpu:6.1f} s CPU  {preview_pages:6d} pages  ratio {warm / full:.3f} (CPU {warm_cpu / full_cpu:.3f})")
    print(f"preview_ratio={cold / full:.3f} warm_ratio={warm / full:.3f} preview_pages={preview_pages} full_pages={full_pages}")

if __name__ == "__main__":
    main()
