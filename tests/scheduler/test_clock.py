"""Exactly one clock acts: the lease, two clocks at once, APScheduler, the real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from core.domain.clock import BANGKOK
from core.persistence.models import Lease
from core.services.notify import enqueue
from scheduler import clock as clock_module
from scheduler.clock import Clock, schedule
from tests.scheduler.helpers import outbox

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


class Ticking:
    """A settable clock for Clock(now=…)."""

    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value


def queue(make_uow, n: int, when: datetime) -> None:
    with make_uow() as uow:
        for i in range(n):
            enqueue(uow, key=f"clock-test:{i}", to="U" + "d" * 32, audience="staff",
                    kind="test", messages=[{"type": "text", "text": f"ทดสอบ {i}"}], now=when)
        uow.commit()


def test_lease_is_held_by_one_renewed_and_taken_over_after_expiry(make_uow, pusher):
    now = Ticking(T0)
    a = Clock(make_uow, pusher, holder="a", now=now)
    b = Clock(make_uow, pusher, holder="b", now=now)
    assert (a.lead(), b.lead()) == (True, False)
    now.value += timedelta(seconds=50)
    assert (a.lead(), b.lead()) == (True, False)  # a renewed
    now.value += timedelta(seconds=100)  # a died quietly: its lease ran out
    assert (b.lead(), a.lead()) == (True, False)
    b.release()  # a clean stop hands over at once
    assert a.lead() is True


def _race(clocks: list[Clock]) -> dict[str, bool]:
    barrier = threading.Barrier(len(clocks))
    results: dict[str, bool] = {}

    def start(clock: Clock) -> None:
        barrier.wait()
        results[clock.holder] = clock.lead()

    threads = [threading.Thread(target=start, args=(c,)) for c in clocks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_clocks_started_at_once_only_one_leads(make_uow, pusher):
    for round_ in range(10):
        clocks = [Clock(make_uow, pusher, holder=f"{round_}-{i}", now=lambda: T0)
                  for i in range(2)]
        results = _race(clocks)
        assert sorted(results.values()) == [False, True], results
        next(c for c in clocks if c.leading).release()


def test_two_scheduled_clocks_send_each_message_once(make_uow, pusher, fake_line, monkeypatch):
    monkeypatch.setattr(clock_module, "SCAN_EVERY", 0.3)
    monkeypatch.setattr(clock_module, "DISPATCH_EVERY", 0.1)
    queue(make_uow, 25, datetime.now(UTC))
    clocks = [Clock(make_uow, pusher, holder=name) for name in ("first", "second")]
    schedulers = [schedule(c, BackgroundScheduler(timezone=BANGKOK)) for c in clocks]
    for scheduler in schedulers:
        scheduler.start()
    deadline = time.monotonic() + 10
    while len(fake_line.accepted) < 25 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    for scheduler in schedulers:
        scheduler.shutdown(wait=True)
    for clock in clocks:
        clock.release()
    assert len(fake_line.requests) == 25 and set(fake_line.delivered().values()) == {1}
    acting = [c.holder for c in clocks if c.runs]
    assert len(acting) == 1, {c.holder: c.runs for c in clocks}
    assert {"scan", "digest", "monthly", "dispatch"} <= set(next(c for c in clocks if c.runs).runs)


@pytest.mark.slow
def test_two_clock_processes_deliver_everything_once(database_url, make_uow, fake_line,
                                                     tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("one database engine is enough for the process test")
    queue(make_uow, 10, datetime.now(UTC))
    env = {**os.environ, "DATABASE_URL": database_url, "LINE_API_BASE_URL": fake_line.base_url,
           "RONGRIAN_INSTANCE": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("LINE_CHANNEL_SECRET", None)
    env.pop("LINE_CHANNEL_ACCESS_TOKEN", None)
    command = [sys.executable, "-m", "rongrian", "clock"]
    leader = None
    processes = [subprocess.Popen(command, env=env, cwd=tmp_path, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
    try:
        deadline = time.monotonic() + 90  # a loaded CI machine starts Python slowly
        while len(fake_line.accepted) < 10 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        with make_uow() as uow:
            holder = uow.session.scalar(select(Lease.holder).where(Lease.name == "clock"))
        leader = next(p for p in processes if f":{p.pid}:" in (holder or ""))
    finally:  # stop the follower first, so it cannot take over while the leader stops
        for process in sorted(processes, key=lambda p: p is leader):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        logs = [process.communicate(timeout=30)[1] for process in processes]
    assert [p.returncode for p in processes] == [0, 0], logs
    assert len(fake_line.requests) == 10, logs
    assert set(fake_line.delivered().values()) == {1}
    assert sum("took the lease" in log for log in logs) == 1, logs
    assert [r.status for r in outbox(make_uow)] == ["sent"] * 10


def test_the_lease_outlives_a_job_longer_than_itself(make_uow, pusher, monkeypatch):
    """A leader busy in one long dispatch keeps the lease: its heartbeat renews it."""
    monkeypatch.setattr(clock_module, "SCAN_EVERY", 60)
    monkeypatch.setattr(clock_module, "DISPATCH_EVERY", 0.2)  # starts soon after it leads
    busy, done = threading.Event(), threading.Event()

    def long_dispatch(*_: object) -> str:
        busy.set()
        done.wait(15)
        return "slow"

    monkeypatch.setattr(clock_module.jobs, "dispatch", long_dispatch)
    leader = Clock(make_uow, pusher, holder="leader", lease_ttl=timedelta(seconds=2))
    scheduler = schedule(leader, BackgroundScheduler(timezone=BANGKOK))
    scheduler.start()
    try:
        assert busy.wait(10)
        follower = Clock(make_uow, pusher, holder="follower", lease_ttl=timedelta(seconds=2))
        tries = []
        for _ in range(12):  # three lease lengths while the dispatch is still running
            time.sleep(0.5)
            tries.append(follower.lead())
        assert not any(tries)
    finally:
        done.set()
        scheduler.shutdown(wait=True)
        leader.release()


def test_a_system_clock_stepped_back_runs_no_scan_jobs(make_uow, pusher, caplog):
    now = Ticking(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # Monday 09:00 Bangkok
    clock = Clock(make_uow, pusher, holder="a", now=now)
    clock.scan_tick()
    assert clock.runs == ["scan", "digest", "monthly", "retention"]
    now.value -= timedelta(days=7)  # the system clock jumps a week back
    clock.runs.clear()
    with caplog.at_level("WARNING", logger="scheduler.clock"):
        clock.scan_tick()
    assert clock.runs == [] and outbox(make_uow) == []
    assert "skips the scan jobs" in caplog.text
    now.value += timedelta(days=7, minutes=1)  # caught up again
    clock.scan_tick()
    assert clock.runs == ["scan", "digest", "monthly", "retention"]
