"""A whole conversation, every log line captured at DEBUG: no name, phone or address in it."""

from __future__ import annotations

import http.client
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.bot.conftest import LineUser, app, client, runtime, somchai  # noqa: F401
from tests.fakeline import fake_line  # noqa: F401

FIRST, LAST = "ทดสอบนาม", "สกุลสมมุติ"
PHONE_TYPED, PHONE = "081-987-6543", "0819876543"
ADDRESS = "77/7 ซอยทดลอง ถนนพหลโยธิน เขตพญาไท กรุงเทพฯ 10400"
SECRETS = (FIRST, LAST, PHONE, PHONE_TYPED, "9876543", "ซอยทดลอง", "77/7")


@pytest.fixture
def every_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture every application log record, down to DEBUG."""
    caplog.set_level(logging.DEBUG)
    # SQLAlchemy's own INFO log prints SQL parameters by design; it stays off in deployment.
    sqlalchemy = logging.getLogger("sqlalchemy")
    previous = sqlalchemy.level
    sqlalchemy.setLevel(logging.WARNING)
    yield caplog
    sqlalchemy.setLevel(previous)


def test_a_full_complaint_logs_nothing_personal(somchai: LineUser, every_log):  # noqa: F811
    somchai.answers(somchai.event("follow", follow={"isUnblocked": False}))
    somchai.tap("ร้องเรียน")
    somchai.tap("ยินยอม")
    somchai.say("นายจ้างหักเงินสมทบทุกเดือนแต่ไม่นำส่งประกันสังคม ตรวจสอบสิทธิแล้วไม่มีเงินเข้า")
    somchai.tap("เล่าครบแล้ว")
    somchai.say("นายจ้าง")
    somchai.say(f"นาย {FIRST} {LAST}")
    somchai.say(ADDRESS)
    somchai.say(PHONE_TYPED)
    answers = somchai.tap("ยืนยันส่งเรื่อง")
    assert any("เลขที่เรื่อง" in text for text in answers), answers
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in every_log.records)
    assert every_log.records, "nothing was logged: the capture is not working"
    leaked = [secret for secret in SECRETS if secret in logged]
    assert not leaked, f"personal data in logs: {leaked}"


def test_the_check_would_see_a_leak(every_log):
    logging.getLogger("bot.edge").debug("phone %s", PHONE)
    logged = "\n".join(r.getMessage() for r in every_log.records)
    assert PHONE in logged


def test_the_access_log_has_paths_without_query_strings(database_url, tmp_path):
    """`rongrian web` (gunicorn) logs method, path and status, never a search's phone or name,
    and a `%0A` in a path cannot start a forged line."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINE_")}
    env.update(DATABASE_URL=database_url, PORT=str(port), HOME=str(tmp_path),
               RONGRIAN_INSTANCE=str(tmp_path / "instance"))
    web = subprocess.Popen([sys.executable, "-m", "rongrian", "web", "--workers", "1"],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 30
        while _get(port, "/healthz") != 200:
            assert time.monotonic() < deadline and web.poll() is None, "gunicorn did not start"
            time.sleep(0.2)
        assert _get(port, f"/admin/cases?q={PHONE}") == 302
        _get(port, f"/admin/cases?q={quote(FIRST)}")
        _get(port, "/admin/x%0A127.0.0.9%20%22GET%20/forged%22%20200")
    finally:
        web.send_signal(signal.SIGTERM)
        out = web.communicate(timeout=20)[0]
    lines = out.splitlines()
    assert '127.0.0.1 "GET /admin/cases HTTP/1.1" 302' in out, out
    assert PHONE not in out and quote(FIRST) not in out and "?" not in out
    assert not any(line.startswith("127.0.0.9") for line in lines)
    assert not (tmp_path / ".gunicorn").exists(), "gunicorn's control socket is left on"


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return 0
    finally:
        connection.close()
