"""Issue 7's load test: whole conversations under gunicorn on SQLite and PostgreSQL.

Many simulated people each run the complete complaint conversation with signed events
against the same fake LINE API process. For each database: events/s with concurrent
senders, then p50/p99 latency and errors at a steady 300 events/s, beside the minimal echo
bot measured in the same run (and, on PostgreSQL, the echo bot that also records each
event in the database: what one round trip per event costs). Targets (PostgreSQL): at
least 300 events/s with p99 under 100 ms and no errors, and at least half the echo bot's
throughput.

Every app runs at once under its own gunicorn and they take turns: BENCH_ROUNDS rounds
(3) of BENCH_SECONDS (5) of throughput each, in reverse order every other round. A shared
machine whose speed drifts by half within a minute (seen on the build machines) then
slows every app alike; each figure is the median of its rounds, and the share of the echo
bot the median of the rounds' ratios. Every round's figure is printed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench import bench_webhook as wh
from bench.synthetic import engines

WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "4"))
SENDERS = 16
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
DURATION = float(os.environ.get("BENCH_SECONDS", "5"))  # per round and app
STEADY = 8.0
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
    total = int(RATE * STEADY)
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


@dataclass
class App:
    """One app under gunicorn and what was measured of it."""

    name: str
    target: str  # gunicorn's app spec
    env: dict[str, str]
    port: int = 0
    process: subprocess.Popen | None = None
    rates: list[float] = field(default_factory=list)
    errors: int = 0
    cpu: dict[str, float] = field(default_factory=dict)  # CPU ms per event, summed over rounds
    events: float = 0.0
    latencies: list[float] = field(default_factory=list)
    log: Path | None = None  # where its gunicorn writes
    log_problems: str = ""  # its log's warnings and errors, printed with its figures

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)


def _throughput_round(app: App) -> None:
    """One round of the throughput phase for one app, with the CPU it used."""
    before, started = _cpu_seconds(), time.perf_counter()
    rate, errors = _throughput(app.port)
    events = rate * (time.perf_counter() - started)
    for group, ms in _cpu_per_event(before, _cpu_seconds(), events).items():
        app.cpu[group] = app.cpu.get(group, 0.0) + ms * events
    app.events += events
    app.rates.append(rate)
    app.errors += errors


def _measure_all(apps: list[App]) -> None:
    """Start every app, then take ROUNDS throughput rounds in turn (the order reversed every
    other round), so that a machine whose speed drifts during the run slows every app
    alike; then the steady-rate latency of each."""
    try:
        for app in apps:
            app.port = wh.free_port()
            app.process = wh.gunicorn(app.target, app.port, app.env, WORKERS, log=app.log)
            wh.warm_up(app.port, WORKERS)
        for round_ in range(ROUNDS):
            for app in (apps if round_ % 2 == 0 else apps[::-1]):
                _throughput_round(app)
        for app in apps:
            app.latencies, steady_errors = _steady(app.port)
            app.errors += steady_errors
            app.cpu = {group: total / max(app.events, 1) for group, total in app.cpu.items()}
    finally:
        for app in apps:
            if app.process is not None:
                app.process.terminate()
        for app in apps:
            if app.process is not None:
                app.process.wait(timeout=30)
            if app.log is not None:
                app.log_problems = wh.log_problems(app.log)


def _of_echo(app: App, echo: App) -> float:
    """The app's throughput as a share of the echo bot's: the median of the rounds' ratios
    (each round's pair measured minutes apart at most, not the whole run apart)."""
    return statistics.median(mine / theirs for mine, theirs in zip(app.rates, echo.rates,
                                                                    strict=True))


def _cpu_line(cpu: dict[str, float]) -> str:
    """The CPU split of the throughput phase (the generator and fake LINE are 'other')."""
    if not cpu:
        return ""
    parts = [f"{group} {cpu[group]:.2f}" for group in ("web", "database", "other")
             if cpu.get(group, 0) >= 0.005]
    return "               CPU ms/event: " + ", ".join(parts)


def _line(app: App, echo: App | None) -> str:
    share = f"  ({_of_echo(app, echo):.2f} of echo)" if echo is not None else ""
    rounds = " ".join(f"{rate:.0f}" for rate in app.rates)
    return (f"  {app.name:12} {app.rate:6.0f} events/s  errors {app.errors}  "
            f"p50 {wh.percentile(app.latencies, 0.5):6.1f} ms  "
            f"p99 {wh.percentile(app.latencies, 0.99):6.1f} ms at {RATE}/s{share}"
            f"\n               rounds: {rounds} events/s\n{_cpu_line(app.cpu)}"
            + (f"\n{app.log_problems}" if app.log_problems else ""))


def main() -> bool:
    """Print the figures per database; True when a PostgreSQL target is missed."""
    with tempfile.TemporaryDirectory() as tmp:
        line_port = wh.free_port()
        fake = subprocess.Popen([sys.executable, "-m", "bench.webhook_fake_line",
                                 str(line_port)])
        base = dict(os.environ, LINE_CHANNEL_SECRET=wh.SECRET, LINE_CHANNEL_ACCESS_TOKEN="b",
                    ECHO_CHANNEL_SECRET=wh.SECRET, ECHO_ACCESS_TOKEN="b", SECRET_KEY="b" * 32,
                    LINE_API_BASE_URL=f"http://127.0.0.1:{line_port}", RONGRIAN_INSTANCE=tmp)
        echo = App("echo bot", "bench.webhook_echo:create()", base)
        apps = [echo]
        try:
            for name, url in engines("load").items():
                env = dict(base, DATABASE_URL=_fresh(url))
                if name == "postgres":  # what one database round trip per event costs
                    from bench.webhook_echo_db import prepare
                    prepare(env["DATABASE_URL"])
                    apps.append(App("echo + 1 PG", "bench.webhook_echo_db:create()", env))
                apps.append(App(name, "rongrian.wsgi:create()", env))
            for app in apps:
                app.log = Path(tmp) / (app.name.replace(" ", "_").replace("+", "and") + ".log")
            _measure_all(apps)
        finally:
            fake.terminate()
            fake.wait(timeout=10)
    print(f"  gunicorn {WORKERS} workers each; {SENDERS} senders, {ROUNDS} rounds of "
          f"{DURATION:.0f} s per app taken in turn (median shown), then {RATE} events/s for "
          f"{STEADY:.0f} s")
    for app in apps:
        print(_line(app, None if app is echo else echo))
    missed = False
    for app in apps:
        if app.name == "postgres":
            p99 = wh.percentile(app.latencies, 0.99)
            missed = (app.rate < RATE or p99 >= 100 or app.errors > 0
                      or _of_echo(app, echo) < 0.5)
    print(f"  targets (PostgreSQL): ≥ {RATE} events/s, p99 < 100 ms, no errors, "
          "≥ 0.5 of the echo bot")
    return missed
