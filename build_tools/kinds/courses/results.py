"""Course evaluation results: response exports (CSV) in, published aggregates out.

`aggregate_responses(course, csv_path, root)` reads a response export (one row per respondent,
columns named by the form's question ids) from outside the repository and returns the aggregate
and the problems (a wrong header stops everything; a bad row is named by its line and skipped,
never counted). Only aggregates are kept: the number of respondents and, per question, the count
of each answer. What a reader can work out from them is bounded (`protect`): every count under
`MIN_GROUP` is hidden, and so many more that each hidden count, and the number who skipped the
question, has at least `MIN_GROUP` possible values given everything published. The number who
answered a question is never published, whatever it is, so hiding it says nothing about those who
skipped; nor is a mean (with a count hidden it is one more equation for it). Free text is never
kept. `write_aggregate` stores it as `courses/results/<slug>.yml`; `read_results` validates those
files so a hand-edited count cannot be published; `render_results_page` draws SVG charts with a
data table beside each.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Protocol

import jinja2
import yaml
from pydantic import AfterValidator, Field, model_validator

from build_tools.core.errors import ContentError, Problem
from build_tools.core.pages import h as escape_html
from build_tools.core.read import decode, inside, read_yaml_folder
from build_tools.core.state import Templates
from build_tools.core.validate import SLUG_RE, Model, line_of, messages, validate
from build_tools.kinds.courses.forms import Column, EvaluatedCourse, Form

MIN_GROUP = 5
RESULTS_DIR = "courses/results"
MAX_CSV_BYTES = 10_000_000
# What a spreadsheet would run as a formula (=HYPERLINK(...), @SUM, +cmd|, -2+3).
_FORMULA = re.compile(r"^\s*(?:[=@\t\r]|[+\-]\s*[\w(]+\s*[(|!+\-])")


messages({
    "small_group": f"grupper med færre enn {MIN_GROUP} svar kan ikke publiseres; lag filen på nytt med «sjelden results import»",
    "computable": f"de skjulte tallene, eller hvor mange som hoppet over spørsmålet, kan snevres inn til færre enn {MIN_GROUP} mulige verdier av de andre; lag filen på nytt med «sjelden results import»",
})


def _publishable(count: int) -> int:
    if count < MIN_GROUP:
        raise ValueError("small_group")
    return count


class Cell(Model):
    verdi: str
    antall: Annotated[int, Field(ge=0)] | None  # None: suppressed (fewer than MIN_GROUP, or a second cell)


class QuestionResult(Model):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,43}$")]
    fordeling: list[Cell] | None = None  # None: the question's answers are not published

    @model_validator(mode="after")
    def _no_small_groups(self) -> QuestionResult:
        for cell in self.fordeling or []:
            if cell.antall is not None and 0 < cell.antall < MIN_GROUP:
                raise ValueError("small_group")
        return self


class AggregateMeta(Model):
    kurs: Annotated[str, Field(pattern=SLUG_RE.pattern)]
    skjema: Annotated[str, Field(pattern=SLUG_RE.pattern)]
    skjemaversjon: Annotated[int, Field(ge=1)]
    syntetisk: bool = False
    respondenter: Annotated[int, AfterValidator(_publishable)] | None
    hoppet_over: Annotated[int, Field(ge=0)] = 0
    spørsmål: list[QuestionResult] = []

    @model_validator(mode="after")
    def _suppressed(self) -> AggregateMeta:
        if self.respondenter is None and self.spørsmål:
            raise ValueError("small_group")
        for q in self.spørsmål:
            if q.fordeling is None or self.respondenter is None:
                continue
            if possible_values([c.antall for c in q.fordeling], self.respondenter) < MIN_GROUP:
                raise ValueError("computable")
        return self


@dataclass
class Aggregate:
    display: str
    meta: AggregateMeta

    @property
    def form_id(self) -> str:
        return self.meta.skjema


class ResultsCourse(EvaluatedCourse, Protocol):
    """A course with its published results (`kinds.courses.model.Course`)."""

    @property
    def result(self) -> Aggregate | None: ...


def read_results(root: Path) -> tuple[dict[str, Aggregate], list[Problem]]:
    out: dict[str, Aggregate] = {}
    documents, problems = read_yaml_folder(root, root / RESULTS_DIR, "ugyldig filnavn; resultater ligger i courses/results/<kurs-slug>.yml, laget med «sjelden results import»")
    for doc in documents:
        path, display = doc.path, doc.display
        meta, found = validate(AggregateMeta, doc)
        problems += found
        if meta is None:
            continue
        if meta.kurs != path.stem:
            problems.append(Problem(display, line_of(doc.data, ("kurs",), 1), "kurs", f"filen heter {path.stem}.yml, men gjelder «{meta.kurs}»; gi filen kursets navn"))
            continue
        out[path.stem] = Aggregate(display, meta)
    return out, problems



def _short(value: str) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= 40 else value[:39] + "…"


def aggregate_responses(course: EvaluatedCourse, csv_path: Path, root: Path, synthetic: bool = False) -> tuple[AggregateMeta | None, list[Problem]]:
    """Aggregate a response export for `course`. Problems with severity «warning» are skipped rows."""
    display = csv_path.as_posix()
    if inside(csv_path, root):
        return None, [Problem(display, None, None, "svarfilen ligger inne i depotet; flytt den ut (svar fra deltakere skal aldri ligge i git), og oppgi stien dit")]
    form = course.form
    if form is None:
        return None, [Problem(display, None, None, f"kurset «{course.slug}» har ikke noe evalueringsskjema i courses/forms/; legg til «evaluering: skjema: <id>» i kursfilen")]
    try:
        if not csv_path.is_file():
            return None, [Problem(display, None, None, "finner ikke filen; sjekk stien")]
        size = csv_path.stat().st_size
        if size > MAX_CSV_BYTES:
            return None, [Problem(display, None, None, f"filen er for stor ({size} byte, grensen er {MAX_CSV_BYTES})")]
        raw = csv_path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, None, None, f"kan ikke lese filen ({exc.strerror})")]
    try:
        text = decode(raw, display)
    except ContentError as exc:
        return None, exc.problems
    columns = {c.id: c for c in form.columns(course)}
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    problems: list[Problem] = []
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error):
        return None, [Problem(display, 1, None, "finner ingen overskriftsrad; første rad skal ha spørsmålenes id-er")]
    unknown = [h for h in header if h not in columns]
    missing = [c for c in columns if c not in header]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if unknown or missing or duplicated:
        parts = []
        if unknown:
            parts.append("ukjente kolonner: " + ", ".join(repr(_short(h)) for h in unknown))
        if missing:
            parts.append("mangler kolonnene: " + ", ".join(missing))
        if duplicated:
            parts.append("kolonner som står to ganger: " + ", ".join(duplicated))
        hint = f"overskriften må ha nøyaktig spørsmålenes id-er i skjemaet «{form.id}» versjon {form.version}: {', '.join(columns)}"
        return None, [Problem(display, 1, None, "; ".join(parts) + "; " + hint)]
    rows: list[dict[str, str]] = []
    skipped = 0
    last_line = reader.line_num
    while True:
        line = last_line + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(display, line, None, f"ugyldig CSV ({exc}); raden er hoppet over", "warning"))
            skipped += 1
            last_line = reader.line_num
            continue
        last_line = reader.line_num
        if not record:
            continue  # a blank line is no respondent
        if len(record) != len(header):
            problems.append(Problem(display, line, None, f"raden har {len(record)} felt, men overskriften har {len(header)}; raden er hoppet over", "warning"))
            skipped += 1
            continue
        row = {h: v.strip() for h, v in zip(header, record, strict=True)}
        if not any(row.values()):
            problems.append(Problem(display, line, None, "raden er tom; raden er hoppet over", "warning"))
            skipped += 1
            continue
        bad = None
        for h, value in row.items():
            column = columns[h]
            if value and _FORMULA.match(value):
                bad = Problem(display, line, h, f"verdien {_short(value)!r} ser ut som en regnearkformel; raden er hoppet over", "warning")
                break
            if value and column.values and value not in column.values:
                bad = Problem(display, line, h, f"ugyldig svar {_short(value)!r}; gyldige er {', '.join(column.values)} eller tomt; raden er hoppet over", "warning")
                break
        if bad is not None:
            problems.append(bad)
            skipped += 1
            continue
        rows.append(row)
    meta = build_aggregate(course.slug, form, list(columns.values()), rows, skipped, synthetic)
    return meta, problems


HIDDEN = "skjult for å verne små grupper"  # a hidden cell may be small or hidden only to protect one that is


def possible_values(cells: list[int | None], respondents: int) -> int:
    """How many values each hidden count of one published question can take, the number who skipped
    the question included (that number is never published), as a reader works it out.

    The reader knows the respondents, the shown cells and that a hidden cell is never 0 (zeros are
    shown). The hidden cells and the skipped count add up to T = respondents − the shown cells; with
    h hidden cells (each at least 1) and the skipped count (at least 0), each of them can be any of
    T − h + 1 values, and nothing published narrows it further (no answered count, no mean). With no
    hidden cell the skipped count is T itself: one value."""
    hidden = sum(c is None for c in cells)
    if not hidden:
        return 1
    total = respondents - sum(c for c in cells if c is not None)
    return max(0, total - hidden + 1)


def protect(counts: list[int], skipped: int) -> list[int | None] | None:
    """The cells one question may publish beside the number of respondents, or None when no choice
    of hidden cells protects it (then none of its answers is published).

    Every count under MIN_GROUP is hidden (0 is shown: an empty group is nobody). Then the smallest
    shown count that is not 0 is hidden, one at a time, until each hidden count and the number who
    skipped have at least MIN_GROUP possible values (`possible_values`). Since the skipped count is
    never published, at least one cell is always hidden, whether anybody skipped or not: what is
    hidden says nothing about how many skipped."""
    respondents = sum(counts) + skipped
    cells: list[int | None] = [c if c == 0 or c >= MIN_GROUP else None for c in counts]
    while possible_values(cells, respondents) < MIN_GROUP:
        shown = [(c, i) for i, c in enumerate(cells) if c]
        if not shown:
            return None
        cells[min(shown)[1]] = None
    return cells


def build_aggregate(slug: str, form: Form, columns: list[Column], rows: list[dict[str, str]], skipped: int, synthetic: bool) -> AggregateMeta:
    n = len(rows)
    if n < MIN_GROUP:
        return AggregateMeta(kurs=slug, skjema=form.id, skjemaversjon=form.version, syntetisk=synthetic, hoppet_over=skipped, respondenter=None, spørsmål=[])
    questions = []
    for column in columns:
        if not column.values:
            continue  # free text is never published, not even counted
        answers = [row[column.id] for row in rows if row[column.id]]
        cells = protect([answers.count(value) for value in column.values], n - len(answers)) if len(answers) >= MIN_GROUP else None
        fordeling = None if cells is None else [Cell(verdi=v, antall=c) for v, c in zip(column.values, cells, strict=True)]
        questions.append(QuestionResult(id=column.id, fordeling=fordeling))
    return AggregateMeta(kurs=slug, skjema=form.id, skjemaversjon=form.version, syntetisk=synthetic, hoppet_over=skipped, respondenter=n, spørsmål=questions)


def write_aggregate(meta: AggregateMeta, root: Path) -> Path:
    path = root / RESULTS_DIR / f"{meta.kurs}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = meta.model_dump()
    head = "# Samlede evalueringsresultater, laget av «sjelden results import». Ikke rediger for hånd:\n"
    head += f"# grupper med færre enn {MIN_GROUP} svar er skjult (antall: null), og minst ett tall til i hvert spørsmål, så verken de\n"
    head += "# eller hvor mange som hoppet over spørsmålet kan regnes ut; «fordeling: null»: svarene vises ikke.\n"
    head += "# Hvor mange som svarte på hvert spørsmål, og gjennomsnitt, publiseres aldri. Fritekstsvar er aldri med.\n"
    if meta.syntetisk:
        head += "# SYNTETISKE DATA: laget av scripts/make_synthetic_responses.py, ikke svar fra ekte deltakere.\n"
    path.write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return path


def csv_safe(value: object) -> str:
    """A cell for a CSV file people open in spreadsheets: formulas are neutralised with a leading '."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --- Pages ---------------------------------------------------------------------------------------




def chart_svg(qid: str, title: str, rows: list[tuple[str, int | None]], total: int | None) -> str:
    """A horizontal bar chart; suppressed cells get a text, not a bar. Readable without colour."""
    bar_h, gap, label_w, width = 22, 8, 190, 560
    height = len(rows) * (bar_h + gap) + gap
    shown = [c for _, c in rows if c is not None]
    top = max(shown) if shown else 1
    desc = "; ".join(f"{label}: {HIDDEN if c is None else (c if total is None else f'{c} av {total}')}" for label, c in rows)
    out = [
        f'<svg class="sjelden-chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="{qid}-tittel {qid}-beskrivelse" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{qid}-tittel">{escape_html(title)}</title>',
        f'<desc id="{qid}-beskrivelse">{escape_html(desc)}</desc>',
    ]
    for i, (label, count) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        out.append(f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.0f}" text-anchor="end" font-size="13" fill="currentColor">{escape_html(label)}</text>')
        if count is None:
            out.append(f'<text x="{label_w + 4}" y="{y + bar_h * 0.7:.0f}" font-size="13" font-style="italic" fill="currentColor">skjult</text>')
            continue
        w = 0 if top == 0 else round((width - label_w - 60) * count / top)
        out.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#3f51b5" stroke="currentColor" stroke-width="0.5"></rect>')
        out.append(f'<text x="{label_w + w + 6}" y="{y + bar_h * 0.7:.0f}" font-size="13" fill="currentColor">{count}</text>')
    out.append("</svg>")
    return "".join(out)


WITHHELD = "Svarene på dette spørsmålet vises ikke, for å verne små grupper."


def _result_of(course: ResultsCourse) -> Aggregate:
    if course.result is None:
        raise ValueError(f"course {course.slug} has no published results")
    return course.result


def render_results_page(env: Templates | jinja2.Environment, course: ResultsCourse) -> str:
    meta = _result_of(course).meta
    columns = {c.id: c for c in course.form.columns(course)} if course.form is not None else {}
    blocks = []
    for q in meta.spørsmål:
        column = columns.get(q.id)
        if column is None:
            continue
        label = column.label if column.question.type != "programpunkter" else f"{column.question.tekst}: {column.label}"
        if q.fordeling is None:
            # One wording whether few answered or no choice of hidden cells protected them.
            blocks.append({"label": label, "id": q.id, "html": f"<p>{WITHHELD}</p>"})
            continue
        rows = [(column.values.get(c.verdi, c.verdi), c.antall) for c in q.fordeling]
        # No answered count and so no share: with a share, a shown count gives the answered count away.
        parts = [f'<figure class="sjelden-figure">{chart_svg(q.id, label, rows, None)}<figcaption>Antall svar av {escape_html(meta.respondenter)} deltakere; «skjult»: {HIDDEN}</figcaption></figure>']
        table = ['<table><caption>Tallene bak figuren</caption><thead><tr><th scope="col">Svar</th><th scope="col">Antall</th></tr></thead><tbody>']
        for text, count in rows:
            table.append(f'<tr><th scope="row">{escape_html(text)}</th><td>{"skjult" if count is None else count}</td></tr>')
        table.append("</tbody></table>")
        parts.append("".join(table))
        blocks.append({"label": label, "id": q.id, "html": "\n".join(parts)})
    return env.get_template("results.md.j2").render(c=course, r=meta, blocks=blocks, MIN_GROUP=MIN_GROUP)


RESULTS_CSV_HEADER = ["sporsmal_id", "sporsmal", "svar", "svartekst", "antall", "respondenter", "eksempel", "syntetiske_data"]


def results_csv(course: ResultsCourse) -> bytes:
    """The published aggregate as CSV (open data); every text cell is formula-safe. Like every
    export, it says whether the course is example content (`eksempel`) and whether the answers are
    made by a program (`syntetiske_data`), on every row, so a row copied elsewhere keeps it."""
    meta = _result_of(course).meta
    columns = {c.id: c for c in course.form.columns(course)} if course.form is not None else {}
    example = "ja" if course.meta.eksempeltekst else "nei"
    synthetic = "ja" if meta.syntetisk else "nei"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(RESULTS_CSV_HEADER)
    for q in meta.spørsmål:
        column = columns.get(q.id)
        label = column.label if column else q.id
        for cell in q.fordeling or []:
            text = column.values.get(cell.verdi, cell.verdi) if column else cell.verdi
            writer.writerow([csv_safe(q.id), csv_safe(label), csv_safe(cell.verdi), csv_safe(text), "" if cell.antall is None else cell.antall,
                             meta.respondenter, example, synthetic])
    return out.getvalue().encode("utf-8")
