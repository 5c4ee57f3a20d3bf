"""The `sjelden` command: check content, write pages for any engine, and reports.

Library code raises `ContentError`; only this module formats problems and chooses exit codes.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from build_tools import scaffold, schemas
from build_tools.core.clock import decide_today
from build_tools.core.errors import ContentError, Problem, summary
from build_tools.core.settings import CONFIG_FILE, Settings, read_config, read_settings, settings_from_config
from build_tools.core.state import BuildState
from build_tools.derived import readability
from build_tools.derived.coverage import build_coverage, coverage_csv, coverage_text, names_csv, names_report, names_text
from build_tools.derived.reviews import as_csv, as_table, review_items
from build_tools.export import export_tree
from build_tools.kinds.courses import results
from build_tools.kinds.courses.model import COURSES_DIR
from build_tools.kinds.diagnoses.facts import report_csv as facts_report_csv
from build_tools.kinds.diagnoses.facts import report_text as facts_report_text
from build_tools.kinds.diagnoses.load import read_centres
from build_tools.kinds.diagnoses.model import CENTRES_FILE
from build_tools.kinds.names import icd10
from build_tools.kinds.site import Site
from build_tools.orphanet import load_snapshot
from build_tools.orphanet.refresh import refresh
from build_tools.pipeline import load_site


def _root(value: str | None) -> Path:
    if value:
        return Path(value).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here


def _settings(args: argparse.Namespace) -> Settings:
    """mkdocs.yml's `sjelden` options, the same the engine plugin reads (raises ContentError on bad values)."""
    return read_settings(_root(args.root))


def _report(problems: list[Problem]) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(str(problem), file=sys.stderr)
        if github:
            level = "error" if problem.severity == "error" else "warning"
            where = f"file={problem.path}" + (f",line={problem.line}" if problem.line else "")
            text = (f"{problem.field}: " if problem.field else "") + problem.message
            print(f"::{level} {where}::{text.replace('%', '%25').replace(chr(10), '%0A')}")
    print(summary(problems), file=sys.stderr)


def _relative(path: str, root: Path) -> str:
    p = Path(path)
    try:
        return (p if p.is_absolute() else Path.cwd() / p).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def _load(settings: Settings, today: date, state: BuildState | None = None) -> Site | None:
    """The joined site, or None after reporting every problem."""
    try:
        return load_site(settings, today, state=state)
    except ContentError as exc:
        _report(exc.problems)
        return None


def cmd_check(args: argparse.Namespace) -> int:
    warnings: list[Problem] = []
    root = _root(args.root)
    # With files (pre-commit passes the staged ones): everything is checked, since links cross
    # files, but only problems in those files are reported.
    only = {_relative(f, root) for f in getattr(args, "files", None) or []}
    try:
        site = load_site(_settings(args), args.today, warnings)
    except ContentError as exc:
        problems = [p for p in exc.problems if not only or p.path in only]
        if problems:
            _report(problems)
        return 1 if any(p.severity == "error" for p in problems) else 0
    warnings = [p for p in warnings if not only or p.path in only]
    if warnings:
        _report(warnings)
    print(f"Alt i orden: {len(site.diagnoses)} diagnosesider, Orphanet-data {site.orpha.release} ({len(site.orpha.active())} aktive enheter).")
    return 0


def cmd_build_pages(args: argparse.Namespace) -> int:
    root = _root(args.root)
    config = read_config(root / CONFIG_FILE)  # once: for the settings and for the exported copy
    settings = settings_from_config(root, config)
    state = BuildState()  # this run's: the load and the export share what they read
    site = _load(settings, args.today, state)
    if site is None:
        return 1
    target = Path(args.directory).resolve()
    try:
        count, written, removed = export_tree(site, settings, args.today, target, config, state)
    except ContentError as exc:
        _report(exc.problems)
        return 1
    print(f"{count} filer i {args.directory}/docs ({len(written)} skrevet, {len(removed)} fjernet) og {args.directory}/mkdocs.yml.")
    print(f"Bygg med: properdocs build -f {args.directory}/mkdocs.yml (eller mkdocs / zensical)")
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    # The one command that drives the engine: the preview hands its choice of pages to the plugin in
    # this process (imported here, so the other commands never load MkDocs).
    from build_tools.engine import preview

    root = _root(args.root)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        files = [_relative(f, root) for f in args.files] if args.files else preview.changed_files(root)
        built = preview.build_preview(root, files, Path(args.site_dir).resolve())
    except ContentError as exc:
        _report(exc.problems)  # exactly what `sjelden check` prints
        return 1
    for path in built.changed:  # with --url, links a terminal makes clickable
        print(args.url.rstrip("/") + path if args.url else path)
    if built.readability:  # the same figures as `sjelden report lesbarhet`, for the changed pages only
        print("Lesbarhet (LIX) i de endrede sidene:", file=sys.stderr)
        for row in sorted(built.readability, key=lambda r: (r.text.path, r.text.line)):
            mark = " (over målet)" if row.over else ""
            print(f"  {row.text.path}:{row.text.line}: «{row.text.section}» LIX {row.lix.rounded}, mål høyst {row.target}{mark}", file=sys.stderr)
    if built.ignored:
        print(f"Ingen egen side for: {', '.join(built.ignored)}.", file=sys.stderr)
    if not built.changed:
        print("Ingen innholdssider er endret; forhåndsvisningen har forsiden og listene.", file=sys.stderr)
    print(f"Forhåndsvisning med {len(built.pages)} sider i {args.site_dir} ({len(built.changed)} endret).", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    # Drives the engine, like `preview`: imported here so the other commands never load MkDocs.
    import logging

    from build_tools.engine import serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    for name in dict.fromkeys(("mkdocs", args.engine)):  # the plugin logs as mkdocs.plugins.sjelden under either engine
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    serve.serve(_root(args.root), engine=args.engine, addr=args.addr)
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    data_dir = _root(args.root) / "data" / "orphanet"
    try:
        result = refresh(data_dir, Path(args.source).resolve(), args.release)
    except ContentError as exc:
        _report(exc.problems)
        print("Orphanet-dataene er ikke endret.", file=sys.stderr)
        return 1
    print(f"Orphanet-data oppdatert: {result.old_release or '–'} → {result.new_release} ({result.old_active} → {result.new_active} aktive enheter).")
    return 0


def cmd_refresh_icd10(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        result = icd10.refresh(settings.path(settings.data_dir), Path(args.source).resolve(), args.versjon)
    except ContentError as exc:
        _report(exc.problems)
        print("ICD-10-listen er ikke endret.", file=sys.stderr)
        return 1
    print(f"ICD-10 (norsk utgave) oppdatert: {result.old_version or '–'} → {result.new_version} ({result.old_count} → {result.new_count} koder).")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        if args.kind == "diagnosis":
            if not args.orpha:
                raise ContentError([Problem("sjelden new diagnosis", None, "--orpha", "mangler; oppgi ORPHA-koden, f.eks. --orpha 558")])
            orpha = load_snapshot(settings.path(settings.data_dir) / "orphanet", settings.cache_path, settings.root)
            centres, _ = read_centres(settings)
            new = scaffold.diagnosis(
                settings.root, orpha, args.orpha, set(centres), args.today,
                slug=args.slug, title=args.tittel, centre=args.senter, content_dir=settings.content_dir,
                listed={cid: [d.orpha.value for d in c.diagnoser] for cid, c in centres.items()},
            )
        else:
            kind = schemas.kind(args.kind)
            if kind is None:
                raise ContentError([Problem(f"sjelden new {args.kind}", None, None, "denne innholdstypen finnes ikke i denne versjonen ennå")])
            if not args.slug:
                raise ContentError([Problem(f"sjelden new {args.kind}", None, "--slug", "mangler; oppgi et navn med små bokstaver og bindestrek, f.eks. --slug marfans-syndrom")])
            new = scaffold.from_model(kind, args.slug, settings.root, args.today)
        scaffold.write_new(new)
    except ContentError as exc:
        _report(exc.problems)
        return 1
    print(f"Laget {new.display}. Fyll inn feltene og avsnittene, og kjør «sjelden check».")
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    names = schemas.write(_root(args.root))
    print(f"Skrev {len(names)} JSON-skjemaer i {schemas.SCHEMA_DIR}/: {', '.join(names)}.")
    return 0


def cmd_report_coverage(args: argparse.Namespace) -> int:
    site = _load(_settings(args), args.today)
    if site is None:
        return 1
    cov = build_coverage(site, args.today)
    if args.csv:
        sys.stdout.buffer.write(coverage_csv(cov))
    else:
        sys.stdout.write(coverage_text(cov))
    return 0


def cmd_report_names(args: argparse.Namespace) -> int:
    site = _load(_settings(args), args.today)
    if site is None:
        return 1
    report = names_report(site)
    if args.csv:
        sys.stdout.buffer.write(names_csv(report))
    else:
        sys.stdout.write(names_text(report))
    return 0


def cmd_report_facts(args: argparse.Namespace) -> int:
    site = _load(_settings(args), args.today)
    if site is None:
        return 1
    release = site.orpha.release
    sys.stdout.write(facts_report_csv(site.diagnoses, release) if args.csv else facts_report_text(site.diagnoses, release))
    return 0


def cmd_report_reviews(args: argparse.Namespace) -> int:
    try:
        site = load_site(_settings(args), args.today)
        if args.senter is not None and args.senter not in site.centres:
            raise ContentError([Problem("sjelden report reviews", None, "--senter", f"ukjent senter «{args.senter}»; gyldige er {', '.join(sorted(site.centres))}")])
    except ContentError as exc:
        _report(exc.problems)
        return 1
    items = review_items(site, args.senter)
    sys.stdout.write(as_csv(items, args.today) if args.csv else as_table(items, args.today))
    return 0


def cmd_report_readability(args: argparse.Namespace) -> int:
    settings = _settings(args)
    site = _load(settings, args.today)
    if site is None:
        return 1
    found = readability.rows(site, settings)
    sys.stdout.write(readability.as_csv(found) if args.csv else readability.as_table(found, settings))
    return 0


def cmd_results_import(args: argparse.Namespace) -> int:
    settings = _settings(args)
    site = _load(settings, args.today)
    if site is None:
        return 1
    course = next((c for c in site.courses if c.slug == args.course), None)
    if course is None:
        print(f"Fant ikke kurset «{args.course}» i {COURSES_DIR}/; bruk filnavnet uten .yml.", file=sys.stderr)
        return 1
    meta, problems = results.aggregate_responses(course, Path(args.csv), settings.root, synthetic=args.syntetisk)
    if problems:
        _report(problems)
    if meta is None:
        return 1
    path = results.write_aggregate(meta, settings.root)
    n = f"{meta.respondenter} svar" if meta.respondenter is not None else f"færre enn {results.MIN_GROUP} svar (ingen tall publiseres)"
    print(f"Skrev {path.relative_to(settings.root).as_posix()}: {n}, {meta.hoppet_over} rader hoppet over.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sjelden", description="Verktøy for sjelden.no: sjekk innhold og bygg sider.")
    parser.add_argument("--root", help="prosjektmappen (der mkdocs.yml ligger); standard er gjeldende mappe")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="sjekk alt innhold og skriv ut alle feil som sti:linje: melding")
    check.add_argument("files", nargs="*", help="vis bare problemer i disse filene (alt sjekkes likevel)")
    build = sub.add_parser("build-pages", help="skriv et komplett tre (docs/ med alle sider og mkdocs.yml uten sjelden-tillegget) til en mappe, for en hvilken som helst motor")
    build.add_argument("directory")
    preview = sub.add_parser("preview", help="bygg et lite nettsted med sidene du har endret (og sidene de lenker til), og skriv adressene deres")
    preview.add_argument("files", nargs="*", help="innholdsfilene; standard er filene som er endret mot main (git)")
    preview.add_argument("--site-dir", required=True, help="mappen forhåndsvisningen skrives til, f.eks. forhandsvisning")
    preview.add_argument("--url", help="adressen forhåndsvisningen vises på, f.eks. http://127.0.0.1:8001/: sidene skrives som lenker dit")
    serve_cmd = sub.add_parser("serve", help="forhåndsvisning i nettleseren som oppdateres når du lagrer; viser feil i innholdet som en side")
    serve_cmd.add_argument("--addr", help="adresse og port, f.eks. 127.0.0.1:8000 (standard: dev_addr i mkdocs.yml)")
    serve_cmd.add_argument("--engine", choices=["mkdocs", "properdocs"], default="mkdocs", help="motoren som bygger sidene")
    refresh = sub.add_parser("refresh-orphadata", help="bytt Orphanet-dataene i data/orphanet med nedlastede filer (sjekkes før de tas i bruk)")
    refresh.add_argument("source", help="mappe med nedlastede filer: ORPHApackets (*.tar.gz), en_product1.xml, en_product3_*.xml, *.sssom.tsv")
    refresh.add_argument("--release", help="utgaven, f.eks. 2026-06 (standard: fra filene)")
    icd = sub.add_parser("refresh-icd10", help="bytt den norske ICD-10-listen i data/icd10 med en ny (sjekkes før den tas i bruk)")
    icd.add_argument("source", help="ny liste: Helsedirektoratets JSON ([{\"code\": ..., \"text\": ...}], f.eks. lib/ICD10.json i npm-pakken @navikt/diagnosekoder) eller samme format som data/icd10/icd10-no.tsv")
    icd.add_argument("--versjon", help="kodeverkets år, f.eks. 2027 (standard: fra filen)")
    new = sub.add_parser("new", help="lag en ny side fra malen (overskriver aldri)")
    scaffolded = [k for k in schemas.kinds() if k.command]  # the kinds that say how `new` makes them
    new.add_argument("kind", choices=["diagnosis", *(k.command for k in scaffolded)], help="; ".join(["diagnosis: diagnoseside", *(f"{k.command}: {k.help}" for k in scaffolded)]))
    new.add_argument("--orpha", help="ORPHA-koden (diagnosis), f.eks. 558")
    new.add_argument("--slug", help="mappe-/filnavn, f.eks. marfans-syndrom (diagnosis: laget fra tittelen hvis det mangler)")
    new.add_argument("--tittel", help="norsk navn på diagnosen (diagnosis)")
    new.add_argument("--senter", help=f"senter-id fra data/{CENTRES_FILE} (diagnosis: ellers fylt inn bare når ett senter har koden på sin liste der)")
    sub.add_parser("schemas", help="skriv JSON-skjemaene for innholdet til schemas/ (for VS Code)")
    report = sub.add_parser("report", help="rapporter for NKSD").add_subparsers(dest="report", required=True)
    coverage = report.add_parser("coverage", help="dekningskartet: tilbud per Orphanet-klassifikasjon (side, senter, kunnskapsoppsummering, kurs)")
    coverage.add_argument("--csv", action="store_true", help="skriv alle rader (klassifikasjoner og grupper) som CSV")
    names = report.add_parser("navn", help="norske navn: hvor mye av katalogen som har godkjent navn, forslag eller ingen, totalt og per klassifikasjon")
    names.add_argument("--csv", action="store_true", help="skriv tallene som CSV")
    fakta = report.add_parser("fakta", help="diagnosesider der Orphanet nå sier noe annet enn da faktaene (fakta:) ble gjennomgått, og sider uten fakta; kjør etter refresh-orphadata")
    fakta.add_argument("--csv", action="store_true", help="skriv rapporten som CSV i stedet for tekst")
    reviews = report.add_parser("reviews", help="alle diagnosesider og kunnskapsoppsummeringer etter revisjonsfrist, forfalte først")
    reviews.add_argument("--csv", action="store_true", help="skriv rapporten som CSV i stedet for tabell")
    reviews.add_argument("--senter", help=f"bare sidene til ett senter (id fra data/{CENTRES_FILE}), f.eks. trs")
    lesbarhet = report.add_parser("lesbarhet", help="lesbarhet (LIX) for hvert avsnitt på hver side, de tyngste først")
    lesbarhet.add_argument("--csv", action="store_true", help="skriv rapporten som CSV i stedet for tabell")
    results_cmd = sub.add_parser("results", help="evalueringsresultater for kurs").add_subparsers(dest="results", required=True)
    imp = results_cmd.add_parser("import", help=f"les en svarfil (CSV, utenfor depotet) og skriv samlede tall til {results.RESULTS_DIR}/<kurs>.yml")
    imp.add_argument("csv", help="svarfilen: én rad per deltaker, kolonner med spørsmålenes id")
    imp.add_argument("--course", required=True, help="kursets slug, f.eks. familiekurs-marfan-2025")
    imp.add_argument("--syntetisk", action="store_true", help="merk resultatene som syntetiske (eksempeldata)")
    args = parser.parse_args(argv)
    args.today = decide_today()  # the one place the CLI reads the clock
    reports = {"coverage": cmd_report_coverage, "navn": cmd_report_names, "reviews": cmd_report_reviews, "lesbarhet": cmd_report_readability, "fakta": cmd_report_facts}
    handlers = {"report": lambda a: reports[a.report](a), "check": cmd_check, "build-pages": cmd_build_pages, "preview": cmd_preview, "serve": cmd_serve, "refresh-orphadata": cmd_refresh, "refresh-icd10": cmd_refresh_icd10, "new": cmd_new, "schemas": cmd_schemas, "results": cmd_results_import}
    try:
        return handlers[args.command](args)
    except ContentError as exc:  # bad settings in mkdocs.yml
        _report(exc.problems)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
