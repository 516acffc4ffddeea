"""Fixtures for the staff pages: the real app on the test database, accounts, a client helper."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config.settings import Settings
from core.persistence import db
from core.services.cases import NewCase, file_case
from core.services.users import create_user
from rongrian.runtime import Runtime
from rongrian.web import create_app

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 in Bangkok
PASSWORD = "correct-horse-battery"
ACCOUNTS = {  # username: (role, unit)
    "admin1": ("admin", None),
    "ic1": ("officer", "IC"),
    "bkk1": ("officer", "BKK01"),
    "bkk2": ("officer", "BKK02"),
    "view1": ("viewer", "BKK01"),
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Clock:
    """A settable clock the app reads through RONGRIAN_CLOCK."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        """Move time forward."""
        self.at += timedelta(**delta)


@pytest.fixture
def runtime(database_url: str, tmp_path: Path) -> Iterator[Runtime]:
    """The app's runtime on the test database, in local mode."""
    settings = Settings.from_env({"DATABASE_URL": database_url,
                                  "SECRET_KEY": "test-secret-key-0123456789abcdef",
                                  "RONGRIAN_INSTANCE": str(tmp_path / "instance")})
    engine = db.make_engine(database_url)
    runtime = Runtime(settings, engine, db.make_session_factory(engine))
    yield runtime
    runtime.close()


@pytest.fixture
def clock() -> Clock:
    """Monday 2 March 2026, 09:00 Bangkok, unless a test moves it."""
    return Clock(NOW)


@pytest.fixture
def app(runtime: Runtime, clock: Clock) -> Flask:
    """The whole web app (admin, bot, health) with the test clock."""
    app = create_app(runtime)
    app.config.update(TESTING=True, RONGRIAN_CLOCK=clock)
    return app


@pytest.fixture
def accounts(runtime: Runtime) -> dict[str, int]:
    """One account of each kind; returns their ids by username."""
    ids = {}
    with runtime.uow() as uow:
        for name, (role, unit) in ACCOUNTS.items():
            ids[name] = create_user(uow, username=name, role=role, unit_code=unit,
                                    password=PASSWORD, now=NOW).id
        uow.commit()
    return ids


class Staff:
    """A test client with sign-in and CSRF helpers."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.token = ""

    def login(self, username: str, password: str = PASSWORD) -> Any:
        """Sign in through the form."""
        page = self.client.get("/admin/login")
        token = CSRF.search(page.get_data(as_text=True)).group(1)
        response = self.client.post("/admin/login", data={
            "csrf_token": token, "username": username, "password": password})
        self.token = ""  # signing in starts a new session, with a new token
        return response

    def get(self, url: str, **kwargs: Any) -> Any:
        """GET, remembering the page's CSRF token."""
        response = self.client.get(url, **kwargs)
        if response.mimetype != "text/html":
            return response
        found = CSRF.search(response.get_data(as_text=True))
        if found:
            self.token = found.group(1)
        return response

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POST a form with the session's CSRF token."""
        if not self.token:
            self.get("/admin/")
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)


@pytest.fixture
def staff(app: Flask, accounts: dict[str, int]) -> Staff:
    """A client that has not signed in yet (accounts exist)."""
    return Staff(app.test_client())


def as_user(app: Flask, username: str) -> Staff:
    """A new client signed in as someone."""
    staff = Staff(app.test_client())
    assert staff.login(username).status_code == 302
    return staff


def file_test_case(runtime: Runtime, **overrides: Any) -> int:
    """File an invented complaint (BKK01 unless told) and return its id."""
    fields: dict[str, Any] = dict(
        channel="phone", description="โรงพยาบาลเรียกเก็บเงินค่ารักษาทั้งที่ใช้สิทธิประกันสังคม",
        category="medical", received_at=NOW - timedelta(days=3), title="นางสาว",
        first_name="สมใจ", last_name="ทดลองดี", address="99/9 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท",
        province_code="10", phone="0812345678", unit_code="BKK01",
        line_user_id="U" + "a" * 32)
    fields.update(overrides)
    with runtime.uow() as uow:
        case = file_case(uow, NewCase(**fields), now=NOW - timedelta(days=3), actor="test")
        uow.commit()
        return case.id
