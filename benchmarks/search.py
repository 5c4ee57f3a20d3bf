"""Search benchmark: quality, cold start, bytes and heap of the site's search, beside the baselines.

Drives built sites with the shared measuring tool (`search_eval.py`, headless Chromium) and prints
one table: this site's search (sjelden worker behind Material's UI), Material's own lunr search on
the same pages, and Pagefind's default UI on the same pages. It also times the engine alone
(worker.js in Node over the same queries), because the browser figure "last key -> settled"
includes the tool's quiet period (200 ms without DOM changes by default).

    python benchmarks/search.py --site site \\
        [--default-site site-material]      # the same pages built with Material's own search
        [--pagefind]                         # index a copy of --site with pagefind-bin and measure it
        [--queries ../shared/eval/search_queries.tsv] [--eval ../shared/tools/search_eval.py]

Needs Playwright for Python, Debian's Chromium, and for --pagefind `pip install pagefind-bin`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_EVAL = HERE.parent.parent / "shared" / "tools" / "search_eval.py"
DEFAULT_QUERIES = HERE.parent.parent / "shared" / "eval" / "search_queries.tsv"
# Norwegian names of catalogue diagnoses and groups (issue #12); success = rank <= 3.
DEFAULT_NORSK = HERE.parent.parent / "shared" / "eval" / "search_queries_norsk.tsv"

# Targets from issue #3.
TARGETS = {
    "overall": 0.97,
    "per_kind": 0.90,
    "cold_last_key_ms": 300,
    "cold_bytes": 600_000,
    "heap": 60_000_000,
    "warm_median_ms": 100,
    "first_visit_raw": 500_000,
}

NODE_RUNNER = r"""
const fs = require("fs"), path = require("path");
const site = process.argv[2];
globalThis.self = { location: { href: "file://" + path.join(site, "assets/sjelden/workers/search.js") } };
globalThis.fetch = async url => ({ ok: true, json: async () => JSON.parse(fs.readFileSync(new URL(url).pathname, "utf8")) });
const m = require(path.join(site, "assets/sjelden/workers/search.js"));
(async () => {
  const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
  const t0 = performance.now();
  await m.search(queries[0]);
  const cold = performance.now() - t0;
  const times = [];
  for (const q of queries) {
    // warm: the whole query once (the browser run sends one query per keystroke; see search_eval)
    const t = performance.now();
    await m.search(q);
    times.push(performance.now() - t);
  }
  console.log(JSON.stringify({ cold, times }));
})();
"""


def run_eval(eval_py: Path, site: Path, queries: Path, ui: str, out: Path, extra: list[str]) -> dict:
    cmd = [
        sys.executable,
        str(eval_py),
        "--site",
        str(site),
        "--ui",
        ui,
        "--queries",
        str(queries),
        "--input-mode",
        "paste",
        "--json",
        str(out),
        *extra,
    ]
    print("$", " ".join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def first_visit_bytes(site: Path) -> int:
    """Uncompressed bytes of the front page and what it loads before any search (HTML, CSS, JS, worker)."""
    html = (site / "index.html").read_text(encoding="utf-8")
    import re

    total = len(html.encode())
    for ref in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html):
        path = site / ref.split("?")[0].lstrip("./")
        if path.is_file():
            total += path.stat().st_size
    worker = site / "assets" / "sjelden" / "workers" / "search.js"
    if worker.is_file():
        total += worker.stat().st_size
    index = site / "search" / "search_index.json"
    if index.is_file():
        total += index.stat().st_size
    return total


def engine_times(site: Path, queries: Path) -> dict | None:
    node = shutil.which("node")
    if not node or not (site / "assets/sjelden/workers/search.js").is_file():
        return None
    with open(queries, newline="", encoding="utf-8") as handle:
        rows = [r["query"] for r in csv.DictReader(handle, delimiter="\t") if r.get("query")]
    with tempfile.TemporaryDirectory() as tmp:
        runner = Path(tmp) / "runner.js"
        runner.write_text(NODE_RUNNER)
        qfile = Path(tmp) / "q.json"
        qfile.write_text(json.dumps(rows))
        out = subprocess.run([node, str(runner), str(site.resolve()), str(qfile)], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    times = sorted(data["times"])
    return {
        "cold_ms": data["cold"],
        "median_ms": statistics.median(times),
        "p90_ms": times[int(0.9 * (len(times) - 1))],
        "max_ms": times[-1],
    }


def search_sizes(site: Path) -> dict:
    out = {"files": 0, "raw": 0, "gz": 0, "core_gz": 0, "worker_gz": 0}
    base = site / "assets" / "sjelden" / "workers"
    for path in sorted(base.rglob("*")) if base.is_dir() else []:
        if not path.is_file():
            continue
        data = path.read_bytes()
        gz = len(gzip.compress(data, 6, mtime=0))
        out["files"] += 1
        out["raw"] += len(data)
        out["gz"] += gz
        if path.name.startswith("core."):
            out["core_gz"] = gz
        if path.name == "search.js":
            out["worker_gz"] = gz
    return out


def row(name: str, result: dict) -> list[str]:
    s, c = result["summary"], result["cold"]
    kinds = s["per_kind"]
    heap = c.get("heap_after_first_query", {}).get("total_used")
    last_key = c.get("last_key_to_settled_ms")
    return [
        name,
        f"{s['overall']['success_rate']:.3f}",
        " ".join(f"{k}={v['success_rate']:.2f}" for k, v in kinds.items()),
        f"{s['overall']['mrr']:.3f}",
        f"{c.get('ttfr_ms')}",
        f"{last_key}",
        f"{s['last_key_to_settled_ms']['median']}",
        f"{c.get('server_bytes_all', 0) / 1000:.0f} KB",
        f"{heap / 1e6:.1f} MB" if heap else "n/a",
    ]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, required=True, help="built site with the sjelden search")
    ap.add_argument("--default-site", type=Path, help="the same pages built with Material's own search")
    ap.add_argument("--pagefind", action="store_true", help="also index a copy of --site with Pagefind and measure it")
    ap.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    ap.add_argument("--norsk", type=Path, default=DEFAULT_NORSK, help="Norwegian query set, measured beside --queries ('' to skip)")
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="path to search_eval.py")
    ap.add_argument("--pages", default="2", help="browser pages sharing the queries (search_eval --pages)")
    ap.add_argument("--json", type=Path, help="write all figures here")
    a = ap.parse_args(argv)

    figures: dict[str, object] = {}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        norsk = a.norsk if a.norsk and a.norsk.is_file() else None
        norsk_rows = []
        ours = run_eval(a.eval, a.site, a.queries, "material", tmpdir / "ours.json", ["--pages", a.pages])
        figures["sjelden"] = ours
        rows.append(row("sjelden worker", ours))
        if norsk:
            figures["sjelden_norsk"] = run_eval(a.eval, a.site, norsk, "material", tmpdir / "ours-nb.json", ["--pages", a.pages])
            norsk_rows.append(row("sjelden worker", figures["sjelden_norsk"]))
        if a.default_site:
            material = run_eval(
                a.eval,
                a.default_site,
                a.queries,
                "material",
                tmpdir / "material.json",
                ["--pages", a.pages, "--cold-timeout", "60", "--max-minutes", "15"],
            )
            figures["material"] = material
            rows.append(row("Material lunr", material))
            if norsk:
                figures["material_norsk"] = run_eval(
                    a.eval, a.default_site, norsk, "material", tmpdir / "material-nb.json", ["--pages", a.pages, "--cold-timeout", "60", "--max-minutes", "15"]
                )
                norsk_rows.append(row("Material lunr", figures["material_norsk"]))
        if a.pagefind:
            copy = tmpdir / "pf-site"
            shutil.copytree(a.site, copy)
            subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(copy)], check=True, stdout=subprocess.DEVNULL)
            pf = run_eval(a.eval, copy, a.queries, "pagefind", tmpdir / "pagefind.json", ["--pages", a.pages])
            figures["pagefind"] = pf
            rows.append(row("Pagefind", pf))
            if norsk:
                figures["pagefind_norsk"] = run_eval(a.eval, copy, norsk, "pagefind", tmpdir / "pagefind-nb.json", ["--pages", a.pages])
                norsk_rows.append(row("Pagefind", figures["pagefind_norsk"]))

    engine = engine_times(a.site, a.queries)
    engine_nb = engine_times(a.site, norsk) if norsk else None
    sizes = search_sizes(a.site)
    first = first_visit_bytes(a.site)
    figures.update({"engine": engine, "engine_norsk": engine_nb, "sizes": sizes, "first_visit_raw": first})

    head = [
        "engine",
        "success",
        "per kind",
        "MRR",
        "cold ttfr ms",
        "cold last key->settled ms",
        "warm median ms",
        "bytes to 1st result (gz)",
        "heap",
    ]
    for title, table in [(a.queries.name, rows), (norsk.name if norsk else "", norsk_rows)]:
        if not table:
            continue
        widths = [max(len(str(r[i])) for r in [head, *table]) for i in range(len(head))]
        print(f"\n{title}")
        for r in [head, *table]:
            print("  ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=True)))
    print()
    if engine:
        print(
            f"engine alone (Node, worker.js): first query incl. loading {engine['cold_ms']:.0f} ms; "
            f"per query median {engine['median_ms']:.1f} ms, p90 {engine['p90_ms']:.1f} ms, max {engine['max_ms']:.1f} ms "
            f"(target warm median <= {TARGETS['warm_median_ms']} ms)"
        )
    if engine_nb:
        print(
            f"engine alone, Norwegian set: first query incl. loading {engine_nb['cold_ms']:.0f} ms; "
            f"per query median {engine_nb['median_ms']:.1f} ms, p90 {engine_nb['p90_ms']:.1f} ms, max {engine_nb['max_ms']:.1f} ms"
        )
    print(
        f"search files: {sizes['files']}, {sizes['raw'] / 1e6:.2f} MB raw, {sizes['gz'] / 1e3:.0f} KB gz in all; "
        f"core {sizes['core_gz'] / 1e3:.0f} KB gz, worker {sizes['worker_gz'] / 1e3:.1f} KB gz"
    )
    print(f"first visit of the front page, uncompressed: {first / 1e3:.0f} KB (target <= {TARGETS['first_visit_raw'] / 1e3:.0f} KB)")
    print(
        "targets: success >= 0.97 overall and >= 0.90 per kind; cold last key -> results <= 300 ms; "
        "<= 600 KB gz to the first result; heap <= 60 MB"
    )
    print("note: 'warm median' from the browser includes search_eval's quiet period (--quiet-ms, 200 ms by default)")
    if a.json:
        a.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
