"""A complainant's reopen request, made on LINE, shows on the case page with its reason."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from core.persistence.models import Case
from core.services.cases import close_case
from rongrian.runtime import Runtime, utcnow
from tests.admin.conftest import as_user, file_test_case
from tests.bot.conftest import SECRET, TOKEN, LineUser
from tests.fakeline import FakeLine, fake_line  # noqa: F401 - the fixture

REASON = "โรงพยาบาลยังไม่คืนเงิน 1,500 บาทตามที่แจ้งไว้"


@pytest.fixture
def runtime(database_url: str, tmp_path: Path, fake_line: FakeLine  # noqa: F811
            ) -> Iterator[Runtime]:
    """The app's runtime with LINE credentials, its API pointed at the fake LINE server."""
    runtime = Runtime.from_env({
        "DATABASE_URL": database_url, "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": fake_line.url,
        "SECRET_KEY": "test-secret-key-0123456789abcdef",
        "RONGRIAN_INSTANCE": str(tmp_path / "instance")})
    yield runtime
    runtime.close()


def test_the_reason_given_on_line_is_on_the_case_page(
        app: Flask, runtime: Runtime, accounts: dict[str, int],
        fake_line: FakeLine) -> None:  # noqa: F811
    complainant = LineUser(app.test_client(), fake_line, "somying")
    case_id = file_test_case(runtime, line_user_id=complainant.id)
    with runtime.uow() as uow:
        case = uow.session.get(Case, case_id)
        close_case(uow, case, 1, "ประสานโรงพยาบาลคืนเงินแล้ว", now=utcnow(), actor="bkk1")
        uow.commit()
        tracking_no = case.tracking_no
    assert "เหตุผล" in complainant.press(f"reopen:{tracking_no}")[0]
    assert "ได้รับคำขอเปิดเรื่อง" in complainant.say(REASON)[0]
    html = as_user(app, "bkk1").get(f"/admin/cases/{case_id}").get_data(as_text=True)
    [entry] = [li for li in re.findall(r"<li>.*?</li>", html, re.S)
               if "ผู้ร้องขอให้เปิดเรื่องใหม่" in li]
    assert f"เหตุผล: {REASON}" in entry
