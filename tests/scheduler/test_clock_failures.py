"""A clock job's statement fails on a person's row: the log names the job and the error's
class and frames, never the row."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from core.persistence import db
from core.persistence.uow import UnitOfWork
from core.services.cases import NewCase, file_case
from scheduler import jobs
from scheduler.clock import Clock
from tests.failing_db import (
    ADDRESS,
    DESCRIPTION,
    FIRST,
    LAST,
    PHONE,
    capture_everything,
    leaks,
    logged,
    refusing_cases,
)

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_a_failed_clock_job_logs_no_personal_data(engine, make_uow, caplog, monkeypatch):
    capture_everything(caplog)

    def scan(uow_factory, now):  # noqa: ANN001, ANN202 - a job whose statement fails
        with uow_factory() as uow:
            file_case(uow, NewCase(
                channel="phone", description=DESCRIPTION, category="employer",
                received_at=now - timedelta(hours=1), title="นาย", first_name=FIRST,
                last_name=LAST, address=ADDRESS, province_code="20", phone=PHONE,
                unit_code="IC"), now=now, actor="test")
            uow.commit()
        return "filed"

    monkeypatch.setattr(jobs, "scan", scan)
    clock = Clock(make_uow, pusher=None, now=lambda: NOW)  # type: ignore[arg-type]
    with refusing_cases(engine):
        clock.scan_tick()
    assert "scan" not in clock.runs and "digest" in clock.runs
    text = logged(caplog)
    assert "ERROR scheduler.clock: clock job scan failed:" in text, text
    assert not leaks(text), f"personal data in logs: {leaks(text)}\n{text}"


def test_a_database_outage_is_one_error_a_line_a_minute_and_one_on_recovery(make_uow, tmp_path,
                                                                           caplog):
    capture_everything(caplog)
    unreachable = db.make_engine(f"sqlite:///{tmp_path}")  # a directory: cannot be opened
    sessions = db.make_session_factory(unreachable)
    at = [NOW]
    clock = Clock(lambda: UnitOfWork(sessions), pusher=None,  # type: ignore[arg-type]
                  now=lambda: at[0])
    seen = 0

    def lines() -> list[tuple[str, str]]:
        nonlocal seen
        new, seen = caplog.records[seen:], len(caplog.records)
        assert not any(r.exc_info for r in new)
        return [(r.levelname, r.getMessage()) for r in new if r.name == "scheduler.clock"]

    for _ in range(6):  # 25 s of the heartbeat and the dispatch trying every 5 s
        assert not clock.lead()
        at[0] += timedelta(seconds=5)
    assert lines() == [("ERROR", f"clock {clock.holder} cannot reach the database: "
                                 "OperationalError (database unavailable); standing down "
                                 "until it answers")]
    for _ in range(12):  # a minute more: one reminder
        clock.lead()
        at[0] += timedelta(seconds=5)
    assert lines() == [("WARNING", f"clock {clock.holder}: the database is still unreachable "
                                   "(60 s, OperationalError)")]
    clock.uow_factory = make_uow  # the database is back
    assert clock.lead()
    assert lines() == [("INFO", f"clock {clock.holder}: the database answers again (after 90 s)"),
                       ("INFO", f"clock {clock.holder} took the lease")]
    unreachable.dispose()


def test_idle_job_runs_are_debug_and_runs_that_did_something_info(make_uow, caplog):
    caplog.set_level(logging.DEBUG, logger="scheduler.clock")
    clock = Clock(make_uow, pusher=None, now=lambda: NOW)  # type: ignore[arg-type]
    clock._run("dispatch", lambda: "0 sent, 0 to retry, 0 dead, 0 cancelled (stale), "
                                   "0 skipped (blocked)")
    clock._run("scan", lambda: "2 due alert(s) in 2026-03-02T09:00:00+07:00 .. "
                               "2026-03-02T09:01:00+07:00; 2 staff message(s) and 0 "
                               "complainant update(s) queued")
    assert [(r.levelname, r.getMessage().split(":")[0]) for r in caplog.records] == [
        ("DEBUG", "clock dispatch"), ("INFO", "clock scan")]
