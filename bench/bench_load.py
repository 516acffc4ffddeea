"""Issue 7's load test: whole conversations under gunicorn on SQLite and PostgreSQL.

Many simulated people each run the complete complaint conversation with signed events
against the same fake LINE API process. For each database: events/s with concurrent
senders, then p50/p99 latency and errors at a steady 300 events/s, beside the minimal echo
bot measured in the same run (and, on PostgreSQL, the echo bot that also records each
event in the database: what one round trip per event costs). Targets (PostgreSQL): at
least 300 events/s with p99 under 100 ms and no errors, and at least half the echo bot's
throughput.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import bench_webhook as wh
from bench.synthetic import engines

WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "4"))
SENDERS = 16
DURATION = float(os.environ.get("BENCH_SECONDS", "8"))
RATE = 300


def _throughput(port: int) -> tuple[float, int]:
    """Events/s and errors with SENDERS concurrent senders running whole conversations."""
    stop = time.perf_counter() + DURATION
    counts, errors = [0] * SENDERS, [0] * SENDERS

    def sender(index: int) -> None:
        for user in wh.users(f"load{index}"):
            for kind, value in wh.SCRIPT:
                if time.perf_counter() > stop:
                    return
                try:
                    wh.post(port, wh.event(user, kind, value))
                    counts[index] += 1
                except (OSError, RuntimeError):
                    errors[index] += 1

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(SENDERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - started), sum(errors)


def _steady(port: int) -> tuple[list[float], int]:
    """Latencies (from each event's due time) and errors at RATE events/s."""
    total = int(RATE * DURATION)
    people = [next(wh.users("steady")) for _ in range(RATE)]
    out: list[float] = []
    errors = [0]
    start = time.perf_counter() + 0.3

    def send(i: int) -> None:
        due = start + i / RATE
        time.sleep(max(0.0, due - time.perf_counter()))
        kind, value = wh.SCRIPT[(i // RATE) % len(wh.SCRIPT)]
        try:
            wh.post(port, wh.event(people[i % RATE], kind, value))
        except (OSError, RuntimeError):
            errors[0] += 1
        out.append(time.perf_counter() - due)

    with ThreadPoolExecutor(max_workers=96) as pool:
        list(pool.map(send, range(total)))
    return sorted(out), errors[0]


def _fresh(url: str) -> str:
    """An empty migrated database with reference data at that URL."""
    from sqlalchemy import text

    from core.persistence import db
    from core.persistence.uow import UnitOfWork
    from core.services.reference import load_reference

    engine = db.make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        Path(url.split("///", 1)[1]).unlink(missing_ok=True)  # the migration recreates it
    db.upgrade(engine)
    with UnitOfWork(db.make_session_factory(engine)) as uow:
        load_reference(uow)
        uow.commit()
    engine.dispose()
    return url


def _cpu_seconds() -> dict[int, tuple[str, float]]:
    """CPU seconds used so far by each process, with its group: web (gunicorn), database
    (postgres), other. Empty where /proc is missing."""
    out: dict[int, tuple[str, float]] = {}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        group = ("web" if "gunicorn" in command else
                 "database" if "postgres" in command else "other")
        out[int(entry.name)] = (group, (int(stat[11]) + int(stat[12])) / tick)
    return out


def _cpu_per_event(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]],
                   events: float) -> dict[str, float]:
    """Milliseconds of CPU per event by group between two snapshots."""
    used: dict[str, float] = {}
    for pid, (group, seconds) in after.items():
        used[group] = used.get(group, 0.0) + seconds - before.get(pid, (group, 0.0))[1]
    return {group: 1000 * seconds / max(events, 1) for group, seconds in used.items()}


def _measure(app: str, env: dict[str, str]
             ) -> tuple[float, int, float, float, int, dict[str, float]]:
    port = wh.free_port()
    process = wh.gunicorn(app, port, env, WORKERS)
    try:
        wh.warm_up(port, WORKERS)
        before, started = _cpu_seconds(), time.perf_counter()
        rate, errors = _throughput(port)
        cpu = _cpu_per_event(before, _cpu_seconds(), rate * (time.perf_counter() - started))
        latencies, steady_errors = _steady(port)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return (rate, errors, wh.percentile(latencies, 0.5), wh.percentile(latencies, 0.99),
            steady_errors, cpu)


def _cpu_line(cpu: dict[str, float]) -> str:
    """The CPU split of the throughput phase (the generator and fake LINE are 'other')."""
    if not cpu:
        return ""
    parts = [f"{group} {cpu[group]:.2f}" for group in ("web", "database", "other")
             if cpu.get(group, 0) >= 0.005]
    return "               CPU ms/event: " + ", ".join(parts)


def main() -> bool:
    """Print the figures per database; True when a PostgreSQL target is missed."""
    missed = False
    with tempfile.TemporaryDirectory() as tmp:
        line_port = wh.free_port()
        fake = subprocess.Popen([sys.executable, "-m", "bench.webhook_fake_line",
                                 str(line_port)])
        base = dict(os.environ, LINE_CHANNEL_SECRET=wh.SECRET, LINE_CHANNEL_ACCESS_TOKEN="b",
                    ECHO_CHANNEL_SECRET=wh.SECRET, ECHO_ACCESS_TOKEN="b", SECRET_KEY="b" * 32,
                    LINE_API_BASE_URL=f"http://127.0.0.1:{line_port}", RONGRIAN_INSTANCE=tmp)
        try:
            echo = _measure("bench.webhook_echo:create()", base)
            print(f"  gunicorn {WORKERS} workers; {SENDERS} senders for {DURATION:.0f} s, then "
                  f"{RATE} events/s for {DURATION:.0f} s")
            print(f"  {'echo bot':12} {echo[0]:6.0f} events/s  errors {echo[1] + echo[4]}  "
                  f"p50 {echo[2]:6.1f} ms  p99 {echo[3]:6.1f} ms at {RATE}/s")
            print(_cpu_line(echo[5]))
            for name, url in engines("load").items():
                env = dict(base, DATABASE_URL=_fresh(url))
                if name == "postgres":  # what one database round trip per event costs
                    from bench.webhook_echo_db import prepare
                    prepare(env["DATABASE_URL"])
                    floor = _measure("bench.webhook_echo_db:create()", env)
                    print(f"  {'echo + 1 PG':12} {floor[0]:6.0f} events/s  errors "
                          f"{floor[1] + floor[4]}  p50 {floor[2]:6.1f} ms  p99 {floor[3]:6.1f} ms"
                          f" at {RATE}/s  ({floor[0] / echo[0]:.2f} of echo)")
                    print(_cpu_line(floor[5]))
                rate, errors, p50, p99, steady_errors, cpu = _measure(
                    "rongrian.wsgi:create()", env)
                print(f"  {name:12} {rate:6.0f} events/s  errors {errors + steady_errors}  "
                      f"p50 {p50:6.1f} ms  p99 {p99:6.1f} ms at {RATE}/s  "
                      f"({rate / echo[0]:.2f} of echo)")
                print(_cpu_line(cpu))
                if name == "postgres":
                    missed |= (rate < RATE or p99 >= 100 or errors + steady_errors > 0
                               or rate < echo[0] / 2)
        finally:
            fake.terminate()
            fake.wait(timeout=10)
    print(f"  targets (PostgreSQL): ≥ {RATE} events/s, p99 < 100 ms, no errors, "
          "≥ 0.5 of the echo bot")
    return missed
