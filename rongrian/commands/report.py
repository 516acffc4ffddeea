"""`rongrian report monthly`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.services.report_workbook import monthly_workbook
from core.services.reports import monthly_report
from rongrian.commands._args import iso_date, month
from rongrian.errors import CommandError
from rongrian.runtime import Runtime


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="KPI reports")
    rep = parser.add_subparsers(dest="report_command", required=True)
    monthly = rep.add_parser("monthly", help="the monthly KPI report")
    monthly.add_argument("--month", required=True, type=month, help="YYYY-MM")
    monthly.add_argument("--as-of", type=iso_date, help="report date (default: month end)")
    monthly.add_argument("--format", choices=("json", "xlsx"), default="json")
    monthly.add_argument("--output", type=Path)
    monthly.set_defaults(func=run_monthly)


def run_monthly(args: argparse.Namespace) -> int:
    """Print or write the month's report."""
    if args.as_of and not (args.month.first <= args.as_of):
        raise CommandError("--as-of must not be before the month starts")
    runtime = Runtime.from_env()
    runtime.require_migrated()
    if args.as_of and args.as_of > args.month.last:
        print("rongrian: note: a report date after the month end counts what closed or fell "
              "due in between here, and next month's report counts it again as carried in",
              file=sys.stderr)
    with runtime.uow() as uow:
        report = monthly_report(uow, args.month, args.as_of)
        data = (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        if args.format == "xlsx":
            if args.output is None and sys.stdout.isatty():
                raise CommandError("xlsx is binary: give --output FILE")
            data = monthly_workbook(uow, report)
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
