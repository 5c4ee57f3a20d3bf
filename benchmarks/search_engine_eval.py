"""Search quality without a site build: the real site's search files, built from the content and
data in memory (`pipeline.search_files`), queried by the built worker in Node.

    python benchmarks/search_engine_eval.py QUERIES.tsv [QUERIES.tsv ...] [--show-misses]

A query counts as found when a result among the first `success_if_rank_at_most` (default 3) is a
page of `accept_orpha` (or `expected_orpha`), space-separated codes allowed. Prints per file and
per kind: found, empty lists, and the misses with the top results.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_tools.core.clock import decide_today  # noqa: E402
from build_tools.core.settings import read_settings  # noqa: E402
from build_tools.derived.search.documents import search_documents  # noqa: E402
from build_tools.kinds.links import built_codes  # noqa: E402
from build_tools.pipeline import load_site, search_files  # noqa: E402

RUNNER = r"""
const fs = require("fs"), path = require("path");
const site = process.argv[2];
globalThis.self = { location: { href: "file://" + path.join(site, "assets/sjelden/workers/search.js") } };
globalThis.fetch = async url => ({ ok: true, json: async () => JSON.parse(fs.readFileSync(new URL(url).pathname, "utf8")) });
const m = require(path.join(site, "assets/sjelden/workers/search.js"));
(async () => {
  const out = {}, times = [];
  for (const q of JSON.parse(fs.readFileSync(process.argv[3], "utf8"))) {
    const t = performance.now();
    out[q] = (await m.search(q)).items.slice(0, 10).map(i => i[0].location);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  out["#median_ms"] = times[times.length >> 1];
  console.log(JSON.stringify(out));
})();
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("queries", nargs="+", type=Path)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    settings = read_settings(ROOT)
    site = load_site(settings, decide_today())
    files = search_files(site, settings)
    docs = search_documents(site, built_codes(site, settings), settings.root / settings.docs_dir, settings.excluded)
    orpha_of = {d.url: set(d.orpha) for d in docs}
    title_of = {d.url: d.title for d in docs}
    gz = sum(len(gzip.compress(b, 6, mtime=0)) for b in files.values())
    core = sum(len(gzip.compress(b, 6, mtime=0)) for r, b in files.items() if "core" in r)
    core_raw = sum(len(b) for r, b in files.items() if "core" in r)
    worker_gz = sum(len(gzip.compress(b, 6, mtime=0)) for r, b in files.items() if r.endswith("search.js"))
    print(f"search files: {len(files)}, {gz:,} B gz (core {core:,} B gz, {core_raw:,} B raw; worker {worker_gz:,} B gz)")
    node = shutil.which("node") or "node"
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for rel, data in files.items():
            (base / rel).parent.mkdir(parents=True, exist_ok=True)
            (base / rel).write_bytes(data)
        (base / "run.js").write_text(RUNNER, encoding="utf-8")
        for qpath in args.queries:
            with open(qpath, newline="", encoding="utf-8") as handle:
                rows = [r for r in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t") if r.get("query")]
            (base / "q.json").write_text(json.dumps([r["query"] for r in rows]), encoding="utf-8")
            out = subprocess.run([node, str(base / "run.js"), str(base), str(base / "q.json")], capture_output=True, text=True, check=True)
            got = json.loads(out.stdout)
            stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
            misses = []
            for r in rows:
                want = {int(c.replace("ORPHA:", "")) for c in (r.get("accept_orpha") or r["expected_orpha"]).replace(",", " ").split()}
                at = int(r.get("success_if_rank_at_most") or 3)
                urls = got[r["query"]]
                ok = any(orpha_of.get(u.lstrip("/").split("#")[0], set()) & want for u in urls[:at])
                s = stats[r.get("kind", "")]
                s[0] += 1
                s[1] += ok
                s[2] += not urls
                if not ok:
                    misses.append((r["query"], sorted(want), [f"{u} {title_of.get(u.lstrip('/').split('#')[0], '')}" for u in urls[:3]]))
            total = [sum(s[i] for s in stats.values()) for i in range(3)]
            kinds = ", ".join(f"{k} {s[1]}/{s[0]}" for k, s in sorted(stats.items()))
            print(f"{qpath.name}: found {total[1]}/{total[0]} = {total[1] / max(1, total[0]):.3f}, empty {total[2]} ({kinds}); engine median {got['#median_ms']:.1f} ms (the first query includes loading)")
            if args.show_misses:
                for q, want, top in misses:
                    print(f"  miss: {q!r} want {want} top {top}")


if __name__ == "__main__":
    main()
