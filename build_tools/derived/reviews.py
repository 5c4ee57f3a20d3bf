"""The review report: every diagnosis page and knowledge summary by the date it is due for review.

Takes a joined `Site` and today's date, returns `ReviewItem`s sorted by due date, so overdue pages
come first, and writes them as a plain-text table (with a count per centre) or as CSV. The CLI's
`sjelden report reviews` is the only caller that prints.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from build_tools.kinds.site import Site

SOON_DAYS = 90  # «snart»: due within about a quarter, time enough to plan the work


@dataclass(frozen=True, slots=True)
class ReviewItem:
    due: date
    kind: str  # «diagnoseside» or «kunnskapsoppsummering»
    title: str
    url: str  # site path, e.g. diagnoser/marfans-syndrom/
    source: str  # the file an editor opens
    centre_id: str
    centre: str  # the centre's short name, or its id when unknown
    last: date  # sist_revidert / siste_litteratursøk

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    def status(self, today: date) -> str:
        days = self.days_left(today)
        if days < 0:
            return "forfalt"
        return "snart" if days <= SOON_DAYS else "ok"


def review_items(site: Site, centre: str | None = None) -> list[ReviewItem]:
    """Every diagnosis page and summary, earliest due date first (overdue first), then by file."""
    items = []
    for d in site.diagnoses:
        c = d.centre
        items.append(ReviewItem(
            d.meta.neste_revisjon, "diagnoseside", d.meta.tittel, d.url, d.doc.display,
            d.meta.senter, c.kortnavn if c else d.meta.senter, d.meta.sist_revidert,
        ))
    for s in site.summaries:
        c = s.centre
        items.append(ReviewItem(
            s.meta.neste_oppdatering, "kunnskapsoppsummering", s.title, s.url, s.doc.display,
            s.centre_id, c.kortnavn if c else s.centre_id, s.meta.siste_litteratursøk,
        ))
    if centre is not None:
        items = [i for i in items if i.centre_id == centre]
    return sorted(items, key=lambda i: (i.due, i.source))


def _when(item: ReviewItem, today: date) -> str:
    days = item.days_left(today)
    if days < 0:
        return f"FORFALT for {-days} dager siden"
    if days == 0:
        return "forfaller i dag"
    return f"om {days} dager"


def as_table(items: list[ReviewItem], today: date) -> str:
    """A Markdown table (readable as plain text), overdue first, and a count per centre."""
    overdue = sum(i.status(today) == "forfalt" for i in items)
    soon = sum(i.status(today) == "snart" for i in items)
    lines = [
        f"# Revisjonsrapport {today.isoformat()}",
        "",
        f"{len(items)} sider: {overdue} forfalt, {soon} forfaller innen {SOON_DAYS} dager.",
        "",
        "| Frist | Status | Senter | Type | Tittel | Fil |",
        "|---|---|---|---|---|---|",
    ]
    for i in items:
        lines.append(f"| {i.due.isoformat()} | {_when(i, today)} | {_cell(i.centre)} | {i.kind} | {_cell(i.title)} | {_cell(i.source)} |")
    per: dict[str, list[ReviewItem]] = {}
    for i in items:
        per.setdefault(i.centre, []).append(i)
    lines += ["", "## Per senter", "", "| Senter | Sider | Forfalt | Snart | Første frist |", "|---|---|---|---|---|"]
    for name in sorted(per, key=str.lower):
        group = per[name]
        lines.append(
            f"| {_cell(name)} | {len(group)} | {sum(i.status(today) == 'forfalt' for i in group)} | "
            f"{sum(i.status(today) == 'snart' for i in group)} | {min(i.due for i in group).isoformat()} |"
        )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


CSV_COLUMNS = ["frist", "status", "dager_igjen", "senter", "senter_id", "type", "tittel", "adresse", "fil", "sist_gjennomgått"]


def as_csv(items: list[ReviewItem], today: date) -> str:
    """The same rows as CSV (UTF-8, comma-separated, one header row), for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for i in items:
        writer.writerow([
            i.due.isoformat(), i.status(today), i.days_left(today), i.centre, i.centre_id, i.kind,
            _formula_safe(i.title), i.url, i.source, i.last.isoformat(),
        ])
    return out.getvalue()


def _formula_safe(text: str) -> str:
    # A title starting with = + - @ would run as a formula when the CSV is opened in a spreadsheet.
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text
