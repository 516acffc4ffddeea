"""`rongrian cases export|import`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from core.services.exchange import export_cases, import_cases
from core.services.spreadsheets import csv_bytes, xlsx_bytes
from rongrian.errors import CommandError
from rongrian.runtime import Runtime, utcnow

FLAT_COLUMNS = (
    "tracking_no", "channel", "status", "complexity", "category", "is_formal", "description",
    "hospital.id", "hospital.name", "unit.code", "unit.name", "complainant.title",
    "complainant.first_name", "complainant.last_name", "complainant.address",
    "complainant.province_code", "complainant.district_code", "complainant.phone",
    "line_user_id", "received_at", "contact_due_at", "contacted_at", "due_date", "outcome",
    "outcome_explanation", "closed_at", "resolved_within_deadline",
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("cases", help="export and import cases")
    cases = parser.add_subparsers(dest="cases_command", required=True)
    export = cases.add_parser("export", help="every case as JSON, CSV or Excel")
    export.add_argument("--format", choices=("json", "csv", "xlsx"), default="json")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(func=run_export)
    imp = cases.add_parser("import", help="import cases from a JSON array (export shape)")
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=run_import)


def flatten(case: dict[str, Any]) -> list[Any]:
    """One export row as the CSV/Excel columns."""
    row = []
    for column in FLAT_COLUMNS:
        value: Any = case
        for part in column.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row.append(value)
    return row


def run_export(args: argparse.Namespace) -> int:
    """Write every case in the chosen format."""
    runtime = Runtime.from_env()
    runtime.require_migrated()
    with runtime.uow() as uow:
        cases = list(export_cases(uow))
    if args.format == "json":
        data = (json.dumps(cases, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif args.format == "csv":
        data = csv_bytes(FLAT_COLUMNS, (flatten(c) for c in cases))
    else:
        if args.output is None and sys.stdout.isatty():
            raise CommandError("xlsx is binary: give --output FILE")
        data = xlsx_bytes([("cases", FLAT_COLUMNS, (flatten(c) for c in cases))])
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Validate every row, then import all of them or none."""
    try:
        rows = json.loads(args.file.read_text("utf-8-sig"))
    except FileNotFoundError:
        raise CommandError(f"no such file: {args.file}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CommandError(f"{args.file} is not valid JSON: {exc}") from None
    if not isinstance(rows, list):
        raise CommandError("the file must hold a JSON array of cases")
    runtime = Runtime.from_env()
    runtime.require_migrated()
    with runtime.uow() as uow:
        report = import_cases(uow, rows, now=utcnow(), actor="import")
        if report.errors:
            for line in report.errors:
                sys.stderr.write(line + "\n")
            raise CommandError(f"nothing imported: {len(report.errors)} row(s) have errors")
        uow.commit()
    print(f"imported {report.imported} case(s)")
    return 0
