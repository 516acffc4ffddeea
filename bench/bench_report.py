"""`report monthly` over 1,000,000 synthetic cases: SQL aggregates vs a Python loop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from bench.synthetic import engines, prepare

N = int(os.environ.get("BENCH_CASES", "1000000"))
MONTH = "2026-03"
TARGET_SECONDS, TARGET_MB = 3.0, 200.0

MEASURE = """
import json, sys, time
def hwm():  # peak resident memory of this process, in MB
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
    return int(line.split()[1]) / 1024
open("/proc/self/clear_refs", "w").write("5")  # forget the parent's peak inherited at fork
from core.domain.kpi import Month
from core.persistence import db
from core.persistence.uow import UnitOfWork
from core.services.reports import monthly_report
engine = db.make_engine(sys.argv[1])
base = hwm()
with UnitOfWork(db.make_session_factory(engine)) as uow:
    start = time.perf_counter()
    report = monthly_report(uow, Month.parse(sys.argv[2]))
    seconds = time.perf_counter() - start
peak = hwm()
print(json.dumps({"seconds": seconds, "peak_mb": peak, "delta_mb": peak - base,
                  "counted": report["counted"], "percent": report["percent"]}))
"""

BASELINE = """
import json, sys, time
from datetime import date
from sqlalchemy import select
from core.persistence import db
from core.persistence.models import Case
engine = db.make_engine(sys.argv[1])
first, last = date(2026, 3, 1), date(2026, 3, 31)
start = time.perf_counter()
counted = resolved = 0
with engine.connect() as c:
    query = select(Case.received_date, Case.due_date, Case.kpi_closed_date)
    rows = c.execute(query).yield_per(50000)
    for received, due, closed in rows:
        kpi = closed if closed is not None and closed < due else due
        if received <= last and kpi >= first and kpi <= last:
            counted += 1
            resolved += closed is not None and closed <= due
print(json.dumps({"seconds": time.perf_counter() - start, "counted": counted}))
"""


def _run(script: str, url: str) -> dict:
    out = subprocess.run([sys.executable, "-c", script, url, MONTH], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> bool:
    """Print time and peak memory per database; True when a target is missed."""
    missed = False
    for name, url in engines("report").items():
        start = time.perf_counter()
        prepare(url, N)
        print(f"  {name}: {N:,} cases ready in {time.perf_counter() - start:.1f} s")
        result = _run(MEASURE, url)
        baseline = _run(BASELINE, url)
        assert baseline["counted"] == result["counted"], (baseline, result)
        print(f"  {name}: report monthly {MONTH}: {result['seconds']:.3f} s, peak RSS "
              f"{result['peak_mb']:.0f} MB (+{result['delta_mb']:.0f} MB during the report); "
              f"counted {result['counted']:,}, {result['percent']} %")
        print(f"  {name}: baseline Python loop over every case: {baseline['seconds']:.3f} s "
              f"({baseline['seconds'] / result['seconds']:.1f}x slower)")
        missed |= result["seconds"] > TARGET_SECONDS or result["peak_mb"] > TARGET_MB
    print(f"  targets: under {TARGET_SECONDS} s and {TARGET_MB:.0f} MB")
    return missed
