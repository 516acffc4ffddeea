"""The clock process killed (SIGKILL) between queueing and sending loses and repeats nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.services.outbox import CLAIM_LEASE, dispatch_pending
from tests.scheduler.helpers import outbox
from tests.scheduler.test_clock import queue

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 12


@pytest.mark.slow
def test_a_clock_killed_mid_dispatch_leaves_every_message_delivered_once(
        database_url, make_uow, fake_line, pusher, tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("one database engine is enough for the process test")
    queue(make_uow, MESSAGES, datetime.now(UTC))
    # LINE takes the first two pushes; the third is accepted but never answered while the
    # clock lives, so the clock dies holding it (and the rest of its claimed batch).
    fake_line.script = ["200", "200", "stall"]
    env = {**os.environ, "DATABASE_URL": database_url, "LINE_API_BASE_URL": fake_line.base_url,
           "RONGRIAN_INSTANCE": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("LINE_CHANNEL_SECRET", None)
    env.pop("LINE_CHANNEL_ACCESS_TOKEN", None)
    clock = subprocess.Popen([sys.executable, "-m", "rongrian", "clock"], env=env, cwd=tmp_path,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90  # a loaded CI machine starts Python slowly
        while len(fake_line.requests) < 3 and time.monotonic() < deadline:
            assert clock.poll() is None, clock.communicate()[1]
            time.sleep(0.05)
        assert len(fake_line.requests) >= 3, "the clock never reached the stalled push"
    finally:
        clock.send_signal(signal.SIGKILL)
        clock.communicate(timeout=30)
        fake_line.released.set()
    fake_line.settle()
    statuses = [row.status for row in outbox(make_uow)]
    assert statuses.count("sent") < MESSAGES  # the kill really left work undone

    # A new clock, once the dead one's claims have expired, finishes the work.
    result = dispatch_pending(make_uow, pusher, datetime.now(UTC) + CLAIM_LEASE
                              + timedelta(seconds=1))
    assert result.sent == MESSAGES - statuses.count("sent"), result.summary()
    assert [row.status for row in outbox(make_uow)] == ["sent"] * MESSAGES
    delivered = fake_line.delivered()
    assert len(delivered) == MESSAGES and set(delivered.values()) == {1}
    assert any(r["key"] == fake_line.requests[2]["key"] for r in fake_line.requests[3:]), \
        "the stalled push was tried again with the same retry key (and answered 409)"
