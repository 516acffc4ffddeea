"""A clock job's statement fails on a person's row: the log names the job and the error's
class and frames, never the row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
