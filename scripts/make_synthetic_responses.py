"""Make SYNTHETIC evaluation responses for example courses, so result pages can be shown and tested.

The answers are random (fixed seed), not from real participants. They are written outside the
repository, as real exports must be, and imported with the project's own command:

    python scripts/make_synthetic_responses.py /tmp/sjelden-svar
    sjelden results import /tmp/sjelden-svar/familiekurs-marfan-2025.csv --course familiekurs-marfan-2025 --syntetisk

(the script prints the import command for each file). Columns are the form's question ids, as
`sjelden results import` expects; free-text columns get short neutral phrases that are never published.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools.core.clock import decide_today
from build_tools.core.settings import read_settings
from build_tools.pipeline import load_site  # noqa: E402

# course slug → number of respondents
COURSES = {"familiekurs-marfan-2025": 26, "fagdag-pku-kommune": 41, "kurs-voksne-turner": 4}
FREE_TEXT = ["Godt program", "Fint å møte andre", "Mer tid til spørsmål", ""]


def answer(column, rng: random.Random) -> str:  # type: ignore[no-untyped-def]
    if not column.values:
        return rng.choice(FREE_TEXT)
    if rng.random() < 0.06:
        return ""  # some skip a question
    values = list(column.values)
    if column.numeric:
        # Course evaluations lean positive: weight the upper half of the scale.
        numeric = [v for v in values if v.isdigit()]
        weights = [1 + i * i for i in range(len(numeric))]
        if "deltok_ikke" in values and rng.random() < 0.08:
            return "deltok_ikke"
        return rng.choices(numeric, weights)[0]
    return rng.choices(values, [len(values) - i for i in range(len(values))])[0]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    out = Path(argv[0]).resolve()
    root = Path(__file__).resolve().parent.parent
    if out == root or root in out.parents:
        print("Skriv svarfilene utenfor depotet (f.eks. /tmp/sjelden-svar).", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    site = load_site(read_settings(root), decide_today())
    courses = {c.slug: c for c in site.courses}
    for slug, n in COURSES.items():
        course = courses[slug]
        columns = course.form.columns(course)
        rng = random.Random(f"sjelden-{slug}")
        path = out / f"{slug}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.id for c in columns])
            for _ in range(n):
                writer.writerow([answer(c, rng) for c in columns])
        print(f"sjelden results import {path} --course {slug} --syntetisk")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
