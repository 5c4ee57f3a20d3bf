"""Build speed and memory at full catalogue scale, against plain MkDocs on the same pages.

Times, in one run and on this machine:
  (a) cold:  our full build (`mkdocs build` through the sjelden plugin), no caches;
  (b) warm:  the same build again, caches from (a) present, nothing changed;
  (c) base:  plain `mkdocs build` (Material, default search, no sjelden plugin) on the same pages
             written out once as static Markdown (generation is not timed);
  (d) edit:  with `mkdocs serve --dirty` running, the time from saving a change to one diagnosis
             page until the rebuilt page is served.
Also (a) and (c) at 25 %, 50 % and 100 % of the ORPHA entities, for the scaling.

Prints wall time and peak memory (max RSS of the build process) for each, the ratios (a)/(c) and
(b)/(c), writes `benchmarks/results/build.json`, and ends with one machine-readable line:
  cold_ratio=<(a)/(c)> warm_ratio=<(b)/(c)> edit_seconds=<(d)> peak_mb=<(a)>
`--quick` runs each once and skips the scaling; otherwise each is repeated (median reported).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1790000000")}


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one child process and its children."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{stderr[-3000:]}")
    return wall, usage.ru_maxrss / 1024


def project(name: str, fraction: float) -> Path:
    """A copy of the project (content, data, docs) whose mkdocs.yml builds `fraction` of the ORPHA pages."""
    root = WORK / name
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for folder in ("docs", "data", "diagnoses", "courses"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, root / folder)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if fraction < 1:
        config = re.sub(r"^  - sjelden\n", f"  - sjelden:\n      orpha_fraction: {fraction}\n", config, flags=re.M)
        if f"orpha_fraction: {fraction}" not in config:
            config = re.sub(r"^(  - sjelden:\n)", rf"\1      orpha_fraction: {fraction}\n", config, flags=re.M)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def baseline(ours: Path, name: str) -> Path:
    """Plain MkDocs + Material + default search on the pages our build generated, as static Markdown."""
    root = WORK / name
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs"
    shutil.copytree(ours / "docs", docs, ignore=shutil.ignore_patterns("overrides"))
    pages = ours / ".cache" / "sjelden" / "pages"
    for path in pages.rglob("*.md"):
        target = docs / path.relative_to(pages)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Plain Material has no redirect template: those pages render as ordinary pages.
        target.write_text(path.read_text(encoding="utf-8").replace("template: redirect.html\n", ""), encoding="utf-8")
    # Only what the search evaluation needs to resolve a result to its ORPHA code: the page's JSON-LD.
    overrides = root / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}{{ super() }}{% if page and page.meta and page.meta.jsonld %}'
        '<script type="application/ld+json">{{ page.meta.jsonld | tojson }}</script>{% endif %}{% endblock %}\n',
        encoding="utf-8",
    )
    config = (ours / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^  custom_dir:.*\n", "  custom_dir: overrides\n", config, flags=re.M)
    config = re.sub(r"^  - sjelden(:\n(      .*\n)*|\n)", "", config, flags=re.M)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def build(root: Path, clean_cache: bool) -> tuple[float, float]:
    if clean_cache:
        shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    return run_measured([PYTHON, "-m", "mkdocs", "build", "-q"], root)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def edit_loop(root: Path, repeats: int) -> list[float]:
    """Seconds from saving a diagnosis page to the rebuilt page being served, under `mkdocs serve --dirty`."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/diagnoser/marfans-syndrom/"
    proc = subprocess.Popen(
        [PYTHON, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    page = root / "diagnoses" / "marfans-syndrom" / "index.md"
    original = page.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 900
        while fetch(url) is None:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("mkdocs serve did not come up")
            time.sleep(0.5)
        time.sleep(2)  # let the file watcher settle after the first build
        for i in range(repeats):
            marker = f"Redigert {i} {time.time_ns()}"
            page.write_text(original.replace("## Forekomst\n", f"{marker}\n\n## Forekomst\n", 1), encoding="utf-8")
            start = time.perf_counter()
            while True:
                html = fetch(url)
                if html is not None and marker in html:
                    break
                if time.perf_counter() - start > 300:
                    raise SystemExit("the edit never showed up")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
            time.sleep(1.5)
    finally:
        page.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)
    return times


def output_per_page(site: Path) -> float:
    pages = list(site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return total / max(1, len(pages)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="each measurement once, no scaling run")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    repeats = 1 if args.quick else args.repeats
    results: dict[str, object] = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}}

    ours = project("ours-100", 1.0)
    cold = [build(ours, clean_cache=True) for _ in range(repeats)]
    warm = [build(ours, clean_cache=False) for _ in range(repeats)]
    ours_site_kb = output_per_page(ours / "site")
    base = baseline(ours, "base-100")
    plain = [build(base, clean_cache=True) for _ in range(repeats)]
    base_site_kb = output_per_page(base / "site")
    edits = edit_loop(ours, max(3, repeats))

    def med(rows: list[tuple[float, float]], i: int) -> float:
        return statistics.median(r[i] for r in rows)

    a, b, c, d = med(cold, 0), med(warm, 0), med(plain, 0), statistics.median(edits)
    peak = max(r[1] for r in cold)
    results.update(
        cold={"seconds": [r[0] for r in cold], "peak_mb": [r[1] for r in cold]},
        warm={"seconds": [r[0] for r in warm], "peak_mb": [r[1] for r in warm]},
        baseline={"seconds": [r[0] for r in plain], "peak_mb": [r[1] for r in plain]},
        edit_seconds=edits,
        output_kb_per_page={"ours": ours_site_kb, "baseline": base_site_kb},
        cold_ratio=a / c, warm_ratio=b / c,
    )
    print(f"(a) cold build      {a:7.1f} s  peak {peak:7.0f} MB   runs {[round(r[0], 1) for r in cold]}")
    print(f"(b) warm build      {b:7.1f} s  peak {med(warm, 1):7.0f} MB   runs {[round(r[0], 1) for r in warm]}")
    print(f"(c) plain MkDocs    {c:7.1f} s  peak {med(plain, 1):7.0f} MB   runs {[round(r[0], 1) for r in plain]}")
    print(f"(d) edit → served   {d:7.2f} s             runs {[round(x, 2) for x in edits]}")
    print(f"ratios: cold (a)/(c) = {a / c:.2f}   warm (b)/(c) = {b / c:.2f}")
    print(f"output per page: ours {ours_site_kb:.1f} KB, plain Material {base_site_kb:.1f} KB")

    if not args.quick:
        scaling = []
        for fraction in (0.25, 0.5):
            p = project(f"ours-{int(fraction * 100)}", fraction)
            ours_s, _ = build(p, clean_cache=True)
            pages = len(list((p / "site").rglob("*.html")))
            base_s, _ = build(baseline(p, f"base-{int(fraction * 100)}"), clean_cache=True)
            scaling.append({"fraction": fraction, "pages": pages, "ours_seconds": ours_s, "baseline_seconds": base_s})
        pages_full = len(list((ours / "site").rglob("*.html")))
        scaling.append({"fraction": 1.0, "pages": pages_full, "ours_seconds": a, "baseline_seconds": c})
        results["scaling"] = scaling
        print("scaling (pages, ours s, plain s, ours ms/page, plain ms/page):")
        for row in scaling:
            print(f"  {row['fraction']:>4.0%} {row['pages']:6d} {row['ours_seconds']:7.1f} {row['baseline_seconds']:7.1f} "
                  f"{1000 * row['ours_seconds'] / row['pages']:6.2f} {1000 * row['baseline_seconds'] / row['pages']:6.2f}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / ("build-quick.json" if args.quick else "build.json")).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"cold_ratio={a / c:.3f} warm_ratio={b / c:.3f} edit_seconds={d:.2f} peak_mb={peak:.0f}")


if __name__ == "__main__":
    main()
