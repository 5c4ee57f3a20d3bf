"""The `sjelden` command: check content, write pages for any engine, and reports.

Library code raises `ContentError`; only this module formats problems and chooses exit codes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from build_tools.clock import today
from build_tools.errors import ContentError, Problem


def _root(value: str | None) -> Path:
    if value:
        return Path(value).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from build_tools.pipeline import Settings

    return Settings(root=_root(args.root))


def _report(problems: list[Problem]) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(str(problem), file=sys.stderr)
        if github:
            level = "error" if problem.severity == "error" else "warning"
            where = f"file={problem.path}" + (f",line={problem.line}" if problem.line else "")
            text = (f"{problem.field}: " if problem.field else "") + problem.message
            print(f"::{level} {where}::{text.replace('%', '%25').replace(chr(10), '%0A')}")
    errors = sum(p.severity == "error" for p in problems)
    print(f"{errors} feil, {len(problems) - errors} advarsler.", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from build_tools.pipeline import load_site

    try:
        site = load_site(_settings(args))
    except ContentError as exc:
        _report(exc.problems)
        return 1
    print(f"Alt i orden: {len(site.diagnoses)} diagnosesider, Orphanet-data {site.orpha.release} ({len(site.orpha.active())} aktive enheter).")
    return 0


def cmd_build_pages(args: argparse.Namespace) -> int:
    from build_tools.pipeline import load_site, write_pages
    from build_tools.render import render_site

    settings = _settings(args)
    try:
        site = load_site(settings)
    except ContentError as exc:
        _report(exc.problems)
        return 1
    pages = render_site(site, settings, today())
    written, removed = write_pages(pages, Path(args.directory).resolve())
    print(f"{len(pages)} sider i {args.directory} ({written} skrevet, {removed} fjernet).")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    from build_tools.refresh import refresh

    data_dir = _root(args.root) / "data" / "orphanet"
    try:
        result = refresh(data_dir, Path(args.source).resolve(), args.release)
    except ContentError as exc:
        _report(exc.problems)
        print("Orphanet-dataene er ikke endret.", file=sys.stderr)
        return 1
    print(f"Orphanet-data oppdatert: {result.old_release or '–'} → {result.new_release} ({result.old_active} → {result.new_active} aktive enheter).")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sjelden", description="Verktøy for sjelden.no: sjekk innhold og bygg sider.")
    parser.add_argument("--root", help="prosjektmappen (der mkdocs.yml ligger); standard er gjeldende mappe")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="sjekk alt innhold og skriv ut alle feil som sti:linje: melding")
    build = sub.add_parser("build-pages", help="skriv de genererte sidene (Markdown) til en mappe, for en hvilken som helst motor")
    build.add_argument("directory")
    refresh = sub.add_parser("refresh-orphadata", help="bytt Orphanet-dataene i data/orphanet med nedlastede filer (sjekkes før de tas i bruk)")
    refresh.add_argument("source", help="mappe med nedlastede filer: ORPHApackets (*.tar.gz), en_product1.xml, en_product3_*.xml, *.sssom.tsv")
    refresh.add_argument("--release", help="utgaven, f.eks. 2026-06 (standard: fra filene)")
    args = parser.parse_args(argv)
    handlers = {"check": cmd_check, "build-pages": cmd_build_pages, "refresh-orphadata": cmd_refresh}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
