"""Fixtures of the scheduler tests: the fake LINE push endpoint, the real pusher, LINE targets."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import update

from bot.line_push import LinePusher
from core.persistence.models import Unit
from core.persistence.uow import UnitOfWork
from tests.scheduler.fake_line import FakeLine, spec_errors

READ_TIMEOUT = 0.4


def group_of(code: str) -> str:
    """The invented LINE group ID registered for a unit."""
    return "C" + hashlib.sha1(code.encode()).hexdigest()[:32]


def head_of(code: str) -> str:
    """The invented LINE user ID of a unit's head."""
    return "U" + hashlib.sha1(("head" + code).encode()).hexdigest()[:32]


@pytest.fixture
def fake_line(httpserver: HTTPServer) -> Iterator[FakeLine]:
    """The fake LINE push endpoint; fails the test if any body broke LINE's spec."""
    spec_errors({})  # load LINE's spec now, not inside the first request's read timeout
    line = FakeLine(httpserver).install()
    yield line
    assert not line.invalid, line.invalid


@pytest.fixture
def pusher(fake_line: FakeLine) -> Iterator[LinePusher]:
    """The real line-bot-sdk pusher pointed at the fake server, with a short read timeout."""
    pusher = LinePusher("test-token", fake_line.base_url, timeout=(1.0, READ_TIMEOUT))
    yield pusher
    pusher.close()


@pytest.fixture
def linked_units(make_uow: Callable[[], UnitOfWork]) -> None:
    """Every unit has a registered LINE group and a head with LINE."""
    with make_uow() as uow:
        for unit in uow.reference.units():
            uow.session.execute(update(Unit).where(Unit.code == unit.code).values(
                line_group_id=group_of(unit.code), head_line_id=head_of(unit.code)))
        uow.commit()
