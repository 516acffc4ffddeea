"""Outbox dispatch against the fake LINE server: 200, 409, 429 (both kinds), 4xx, 5xx, timeouts."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from bot.line_push import LinePusher
from core.domain.clock import BANGKOK
from core.domain.errors import DomainError
from core.services.dead_letters import list_dead_letters, retry_dead_letter
from core.services.notify import enqueue
from core.services.outbox import MAX_ATTEMPTS, active_pause, dispatch_pending, resume_sending
from tests.scheduler.helpers import bkk, outbox

NOW = bkk(2026, 3, 2, 10)
STAFF = "U" + "5" * 32


def queue(make_uow, n: int = 1, *, to: str = STAFF, audience: str = "staff", when=NOW) -> None:
    with make_uow() as uow:
        for i in range(n):
            enqueue(uow, key=f"test:{to}:{i}", to=to, audience=audience, kind="test",
                    messages=[{"type": "text", "text": f"ข้อความที่ {i}"}], now=when)
        uow.commit()


def statuses(make_uow) -> list[str]:
    return [row.status for row in outbox(make_uow)]


def test_sent_with_token_and_the_rows_retry_key(make_uow, pusher, fake_line):
    queue(make_uow)
    result = dispatch_pending(make_uow, pusher, NOW)
    assert (result.sent, result.retrying, result.dead) == (1, 0, 0)
    [row] = outbox(make_uow)
    assert row.status == "sent" and row.sent_at == NOW and row.attempts == 1
    [request] = fake_line.requests
    assert request["key"] == row.retry_key and request["auth"] == "Bearer test-token"
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(hours=1)).sent == 0


def test_500_is_retried_with_backoff_and_the_same_retry_key(make_uow, pusher, fake_line):
    queue(make_uow)
    fake_line.script = ["500", "500"]
    assert dispatch_pending(make_uow, pusher, NOW).retrying == 1
    [row] = outbox(make_uow)
    assert row.status == "pending" and row.attempts == 1
    assert timedelta(seconds=26) <= row.next_attempt_at - NOW <= timedelta(seconds=34)
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(seconds=20)).retrying == 0
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(seconds=40)).retrying == 1
    [row] = outbox(make_uow)
    assert timedelta(seconds=50) <= row.next_attempt_at - (NOW + timedelta(seconds=40))
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(minutes=5)).sent == 1
    assert len({r["key"] for r in fake_line.requests}) == 1 and len(fake_line.requests) == 3


@pytest.mark.parametrize("failure", ["lost", "timeout"])
def test_accepted_but_unanswered_is_delivered_once_via_409(make_uow, pusher, fake_line, failure):
    queue(make_uow)
    fake_line.script, fake_line.delay = [failure], 1.0
    assert dispatch_pending(make_uow, pusher, NOW).retrying == 1
    fake_line.settle()
    result = dispatch_pending(make_uow, pusher, NOW + timedelta(minutes=1))
    assert result.sent == 1 and result.outcomes == {"duplicate": 1}
    assert list(fake_line.delivered().values()) == [1]
    [row] = outbox(make_uow)
    assert row.status == "sent" and row.last_error.startswith("409")


def test_rate_limit_pauses_every_dispatcher_briefly(make_uow, pusher, fake_line):
    queue(make_uow, 3)
    fake_line.script = ["200", "429"]
    result = dispatch_pending(make_uow, pusher, NOW, workers=1)
    assert (result.sent, result.paused) == (1, "rate")
    assert statuses(make_uow) == ["sent", "pending", "pending"]
    assert [r.attempts for r in outbox(make_uow)] == [1, 0, 0]
    assert len(fake_line.requests) == 2  # the third was not tried
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(seconds=10)).paused == "rate"
    assert len(fake_line.requests) == 2
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(seconds=31)).sent == 2
    assert list(fake_line.delivered().values()) == [1, 1, 1]


def test_monthly_quota_pauses_sending_until_an_admin_resumes(make_uow, pusher, fake_line):
    queue(make_uow, 2)
    fake_line.script = ["quota", "quota"]
    assert dispatch_pending(make_uow, pusher, NOW, workers=1).paused == "quota"
    with make_uow() as uow:
        pause = active_pause(uow, NOW + timedelta(minutes=30))
        assert pause["reason"] == "quota" and "monthly limit" in pause["detail"]
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(minutes=30)).paused == "quota"
    assert len(fake_line.requests) == 1
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(minutes=61)).paused == "quota"
    assert len(fake_line.requests) == 2  # one probe an hour
    with make_uow() as uow:  # an admin bought more messages
        resume_sending(uow, NOW + timedelta(minutes=70))
        uow.commit()
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(minutes=70)).sent == 2
    assert [r.attempts for r in outbox(make_uow)] == [1, 1]


def test_unauthorized_pauses_instead_of_killing_every_message(make_uow, pusher, fake_line):
    queue(make_uow, 2)
    fake_line.script = ["401"]
    assert dispatch_pending(make_uow, pusher, NOW, workers=1).paused == "auth"
    assert statuses(make_uow) == ["pending", "pending"]


def test_other_4xx_is_a_dead_letter_staff_can_retry(make_uow, pusher, fake_line):
    queue(make_uow, 2)
    fake_line.script = ["400"]
    result = dispatch_pending(make_uow, pusher, NOW, workers=1)
    assert (result.dead, result.sent) == (1, 1)
    with make_uow() as uow:
        [dead] = list_dead_letters(uow)
        assert dead.preview == "ข้อความที่ 0" and dead.last_error.startswith("400 rejected")
        retry_dead_letter(uow, dead.id, NOW + timedelta(hours=1))
        uow.commit()
        with pytest.raises(DomainError):
            retry_dead_letter(uow, dead.id + 1, NOW)
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(hours=1)).sent == 1
    assert statuses(make_uow) == ["sent", "sent"]


def test_retries_give_up_after_a_day(make_uow, pusher, fake_line):
    queue(make_uow)
    fake_line.down = True
    when = NOW
    for _ in range(MAX_ATTEMPTS + 2):
        dispatch_pending(make_uow, pusher, when)
        when += timedelta(hours=1, minutes=10)
    [row] = outbox(make_uow)
    assert row.status == "dead" and 15 < row.attempts < MAX_ATTEMPTS
    assert len(fake_line.requests) == row.attempts and row.first_tried_at == NOW


def _tries(make_uow, pusher, fake_line, start, every: timedelta, until) -> list:
    """Dispatch every `every` from `start` to `until`; the instants LINE was tried at."""
    tried, when = [], start
    while when <= until:
        before = len(fake_line.requests)
        dispatch_pending(make_uow, pusher, when)
        tried += [when] * (len(fake_line.requests) - before)
        when += every
    return tried


def test_a_retry_key_is_never_used_after_lines_24_hours(make_uow, pusher, fake_line):
    """A complainant push while LINE answers 500, dispatched every 61 minutes: quiet hours
    hold the retries overnight, and the 08:00 try is the last one the key's day allows."""
    start = bkk(2027, 10, 6, 10)
    queue(make_uow, to="U" + "8" * 32, audience="complainant", when=start)
    fake_line.down = True
    tried = _tries(make_uow, pusher, fake_line, start, timedelta(minutes=61),
                   start + timedelta(days=5))
    [row] = outbox(make_uow)
    assert row.status == "dead" and row.first_tried_at == start
    assert tried[0] == start and tried[-1] - start < timedelta(hours=23)
    assert not [t for t in tried if 20 <= t.astimezone(BANGKOK).hour or
                t.astimezone(BANGKOK).hour < 8]
    assert {r["key"] for r in fake_line.requests} == {row.retry_key}
    assert "24 ชั่วโมง" in row.last_error and row.last_error.startswith("500")
    with make_uow() as uow:  # staff resend it the next day: a fresh key
        [dead] = list_dead_letters(uow)
        retry_dead_letter(uow, dead.id, start + timedelta(days=5, hours=1))
        uow.commit()
    fake_line.down = False
    assert dispatch_pending(make_uow, pusher, start + timedelta(days=5, hours=1)).sent == 1
    [again] = outbox(make_uow)
    assert again.retry_key != row.retry_key and fake_line.requests[-1]["key"] == again.retry_key


def test_a_resend_within_the_keys_day_keeps_it_so_line_drops_a_duplicate(make_uow, pusher,
                                                                         fake_line):
    queue(make_uow)
    fake_line.script = ["400"]
    assert dispatch_pending(make_uow, pusher, NOW).dead == 1
    [row] = outbox(make_uow)
    with make_uow() as uow:
        retry_dead_letter(uow, row.id, NOW + timedelta(hours=2))
        uow.commit()
    assert dispatch_pending(make_uow, pusher, NOW + timedelta(hours=2)).sent == 1
    assert [r["key"] for r in fake_line.requests] == [row.retry_key] * 2


def test_a_rate_limit_or_a_stopped_clock_never_stretches_a_key_past_its_day(make_uow, pusher,
                                                                            fake_line):
    queue(make_uow, 2)
    fake_line.script = ["500", "500"]
    assert dispatch_pending(make_uow, pusher, NOW, workers=1).retrying == 2
    fake_line.script = ["429"]  # 429 is not a try: the first row waits out the pause
    late = NOW + timedelta(hours=22, minutes=59)
    assert dispatch_pending(make_uow, pusher, late, workers=1).paused == "rate"
    assert [r.attempts for r in outbox(make_uow)] == [1, 1]
    tried = len(fake_line.requests)
    result = dispatch_pending(make_uow, pusher, NOW + timedelta(hours=23, minutes=1))
    assert (result.dead, result.sent) == (2, 0) and len(fake_line.requests) == tried
    assert statuses(make_uow) == ["dead", "dead"]


def test_line_down_for_a_while_then_back_delivers_each_message_once(make_uow, pusher, fake_line):
    queue(make_uow, 12)
    fake_line.down = True
    when = NOW
    for _ in range(20):  # twenty minutes of 500s
        dispatch_pending(make_uow, pusher, when)
        when += timedelta(minutes=1)
    assert not fake_line.accepted
    fake_line.down = False
    fake_line.script, fake_line.delay = ["lost", "200", "timeout", "500"], 0.6
    for _ in range(30):
        fake_line.settle()
        dispatch_pending(make_uow, pusher, when)
        when += timedelta(minutes=2)
    assert statuses(make_uow) == ["sent"] * 12
    delivered = fake_line.delivered()
    assert len(delivered) == 12 and set(delivered.values()) == {1}


def test_two_dispatchers_at_once_send_each_message_once(make_uow, fake_line):
    queue(make_uow, 40)
    errors: list[BaseException] = []
    # A patient client: the fixture's 0.4 s read timeout (for the timeout tests) would turn
    # a slow answer on a loaded machine into a retry, which is not what this test is about.
    pusher = LinePusher("test-token", fake_line.base_url, timeout=(2.0, 10.0))

    def run() -> None:
        try:
            dispatch_pending(make_uow, pusher, NOW, batch=5)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(fake_line.requests) == 40
    assert statuses(make_uow) == ["sent"] * 40
    pusher.close()


class _SlowFirstPusher:
    """Answers the earlier-queued messages more slowly (a real network's jitter, made
    deterministic), and records the order in which pushes reached 'LINE'."""

    def __init__(self) -> None:
        self.arrived: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def push(self, to, messages, retry_key):  # noqa: ANN001, ANN201
        import time

        from core.services.outbox import PushResult

        number = int(messages[0]["text"].rsplit(" ", 1)[1])
        time.sleep(0.02 * (6 - number))
        with self.lock:
            self.arrived.append((to, messages[0]["text"]))
        return PushResult("sent", 200)


def test_one_persons_messages_arrive_in_the_order_they_were_queued(make_uow):
    """Quiet hours release a person's progress note and closing at the same instant: they
    are sent one after the other, while other recipients go in parallel."""
    person, other = "U" + "6" * 32, "U" + "7" * 32
    queue(make_uow, 6, to=person, audience="complainant")
    queue(make_uow, 3, to=other, audience="complainant")
    pusher = _SlowFirstPusher()
    assert dispatch_pending(make_uow, pusher, NOW, workers=4).sent == 9
    for to in (person, other):
        texts = [text for who, text in pusher.arrived if who == to]
        assert texts == sorted(texts), texts
