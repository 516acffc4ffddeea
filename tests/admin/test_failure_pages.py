"""A staff action meets a failing database: a Thai page, and logs without the person's data."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy.engine import make_url

from rongrian.runtime import Runtime
from rongrian.web import create_app
from tests.admin.conftest import as_user
from tests.failing_db import (
    ADDRESS,
    DESCRIPTION,
    FIRST,
    LAST,
    PHONE,
    PHONE_TYPED,
    capture_everything,
    leaks,
    logged,
    refusing_cases,
)


@pytest.fixture
def deployed(app: Flask) -> Flask:
    """The app answering errors as in deployment (the test app would propagate them)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def test_a_failed_filing_logs_no_personal_data_and_shows_a_thai_page(deployed, accounts,
                                                                      runtime, caplog):
    capture_everything(caplog)
    officer = as_user(deployed, "ic1")
    with refusing_cases(runtime.engine):
        response = officer.post("/admin/cases/new", {
            "channel": "phone", "received_date": "25/2/2569", "received_time": "14:30",
            "full_name": f"นาย{FIRST} {LAST}", "phone": PHONE_TYPED, "address": ADDRESS,
            "description": DESCRIPTION, "category": "employer", "complexity": "simple"})
    page = response.get_data(as_text=True)
    assert response.status_code == 500, page[-2000:]
    assert '<html lang="th">' in page and "ระบบขัดข้อง" in page
    assert "Internal Server Error" not in page and PHONE not in page
    text = logged(caplog)
    assert "ERROR admin.web: admin POST /admin/cases/new failed:" in text, text
    assert "Error" in text.split("failed:", 1)[1].split("\n", 1)[0]  # the class is named
    assert not leaks(text), f"personal data in logs: {leaks(text)}\n{text}"


def test_an_unhandled_error_elsewhere_is_logged_without_its_message(deployed, caplog):
    capture_everything(caplog)

    @deployed.get("/boom")
    def boom():  # noqa: ANN202
        raise ValueError(f"Key (phone)=({PHONE}) already exists")

    assert deployed.test_client().get("/boom").status_code == 500
    text = logged(caplog)
    assert "Exception on /boom [GET]: ValueError" in text, text
    assert PHONE not in text


@pytest.fixture
def no_database(database_url: str, tmp_path) -> Iterator[Flask]:
    """The app on a database that cannot be reached (a directory as SQLite's file, or a
    PostgreSQL port nobody listens on)."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path}"
    else:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        url = make_url(database_url).set(host="127.0.0.1", port=port).render_as_string(
            hide_password=False)
    runtime = Runtime.from_env({"DATABASE_URL": url, "RONGRIAN_INSTANCE": str(tmp_path / "i"),
                                "SECRET_KEY": "test-secret-key-0123456789abcdef"})
    yield create_app(runtime)
    runtime.close()


def test_the_login_page_without_a_database_is_a_thai_503_and_one_log_line(no_database,
                                                                          caplog):
    capture_everything(caplog)
    response = no_database.test_client().get("/admin/login")
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page[-2000:]
    assert '<html lang="th">' in page and "ระบบฐานข้อมูลขัดข้องชั่วคราว" in page
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        "admin GET /admin/login: database unavailable (OperationalError)"]
    assert not any(r.exc_info for r in caplog.records)
