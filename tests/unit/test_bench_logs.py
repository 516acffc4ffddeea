"""`make bench` keeps the apps' logs out of its figures but reports their problems."""

from __future__ import annotations

from pathlib import Path

from bench.bench_webhook import log_problems


def test_warnings_and_errors_are_reported_info_is_not(tmp_path: Path) -> None:
    log = tmp_path / "postgres.log"
    log.write_text(
        "2026-12-01 10:00:00,001 INFO core.conversation.effects: case 2569-000001 filed\n"
        "2026-12-01 10:00:00,002 WARNING bot.edge: reply failed (429); pushing instead\n"
        "2026-12-01 10:00:00,003 INFO core.conversation.service: event E lost a race\n"
        "2026-12-01 10:00:00,004 ERROR bot.edge: database unavailable\n"
        "Traceback (most recent call last):\n")
    report = log_problems(log, show=2)
    assert report.startswith("    postgres: 3 warning or error lines")
    assert "reply failed (429)" in report and "database unavailable" in report
    assert "Traceback" not in report  # only the first two are shown
    assert "filed" not in report


def test_a_clean_or_missing_log_says_nothing(tmp_path: Path) -> None:
    clean = tmp_path / "echo.log"
    clean.write_text("2026-12-01 10:00:00,001 INFO x: fine\n")
    assert log_problems(clean) == ""
    assert log_problems(tmp_path / "missing.log") == ""
