"""`rongrian tick --now …` on a seeded database: exactly the policy's messages, then none."""

from __future__ import annotations

import pytest

from rongrian.cli import main
from tests.scheduler.conftest import group_of
from tests.scheduler.helpers import act, bkk, file, outbox

USER = "U" + "e" * 32
pytestmark = pytest.mark.usefixtures("linked_units")


@pytest.fixture
def cli(database_url, monkeypatch, tmp_path, capsys, fake_line):
    """Run `rongrian …` against the test database with LINE at the fake server."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("RONGRIAN_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("LINE_API_BASE_URL", fake_line.base_url)
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.parametrize("now", ["yesterday", "2026-03-02 09:00", "2569-03-02T09:00:00+07:00",
                                 "2026-03-02T09:00:00"])
def test_bad_now_exits_2_with_one_line(cli, now):
    code, out, err = cli("tick", "--now", now)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def seed(make_uow) -> dict[str, int]:
    """Three cases as of Monday 2 March 2026, 09:00 Bangkok."""
    late = file(make_uow, bkk(2026, 2, 27, 10), received_at=bkk(2026, 2, 27, 10))  # contact late
    near = file(make_uow, bkk(2026, 3, 1, 20), received_at=bkk(2026, 3, 1, 20),
                line_user_id=USER)  # contact due Tuesday 08:00: the -6h warning is tomorrow
    final = file(make_uow, bkk(2026, 1, 29, 10), received_at=bkk(2026, 1, 29, 10))
    act(make_uow, final, "mark_contacted", bkk(2026, 1, 29, 15))  # 25 working days end 6 March
    act(make_uow, near, "mark_contacted", bkk(2026, 3, 2, 8, 50), note="โทรแจ้งแล้ว")
    return {"late": late, "near": near, "final": final}


def test_tick_sends_what_the_policy_says_once(cli, make_uow, fake_line):
    seed(make_uow)
    code, out, err = cli("tick", "--now", "2026-03-02T09:00:00+07:00")
    assert code == 0, err
    lines = out.splitlines()
    names = [line.split(":")[0] for line in lines]
    assert names == ["scan", "digest", "monthly", "retention", "dispatch"]
    alerts = sorted(r.dedupe_key.split(":", 2)[2] for r in outbox(make_uow, "staff_alert"))
    assert alerts == ["contact:0:breach:20260228T1500:grp", "contact:0:breach:20260228T1500:head",
                      "contact:0:breach:20260228T1500:ic-grp",
                      "final:0:-3wd:2026-03-06:grp"]
    # Makha Bucha (Tuesday 3 March) is a holiday: 4, 5 and 6 March are the days left.
    [digest] = outbox(make_uow, "staff_digest")
    assert "รอติดต่อผู้ร้อง: 1 เรื่อง" in digest.messages[0]["text"]
    assert len(outbox(make_uow, "staff_monthly")) == 1
    assert outbox(make_uow, "staff_monthly")[0].to == group_of("IC")
    assert "0 to retry, 0 dead" in lines[names.index("dispatch")]
    sent = len(fake_line.accepted)
    assert all(r.status == "sent" for r in outbox(make_uow)) and sent == len(outbox(make_uow))
    complainant = [b for b in fake_line.accepted.values() if b["to"] == USER]
    assert ["เจ้าหน้าที่ได้รับเรื่องและติดต่อท่านแล้ว" in b["messages"][0]["text"]
            for b in complainant] == [True]

    code, out, _ = cli("tick", "--now", "2026-03-02T09:00:00+07:00")
    assert code == 0 and "0 staff message(s)" in out and "0 digest message(s)" in out
    assert "0 sent" in out and len(fake_line.accepted) == sent


def test_tick_with_line_down_then_back_delivers_each_message_once(cli, make_uow, fake_line):
    seed(make_uow)
    fake_line.down = True
    for minute in range(0, 30, 5):
        assert cli("tick", "--now", f"2026-03-02T09:{minute:02d}:00+07:00")[0] == 0
    assert not fake_line.accepted
    queued = len(outbox(make_uow))
    fake_line.down = False
    fake_line.script = ["lost", "500", "lost"]
    for minute in range(30, 60, 5):
        cli("tick", "--now", f"2026-03-02T09:{minute:02d}:00+07:00")
    for hour in range(10, 14):
        cli("tick", "--now", f"2026-03-02T{hour}:00:00+07:00")
    assert [r.status for r in outbox(make_uow)] == ["sent"] * queued
    assert len(fake_line.accepted) == queued and set(fake_line.delivered().values()) == {1}


def test_a_tick_before_the_last_one_is_refused_and_sends_nothing(cli, make_uow, fake_line):
    seed(make_uow)
    assert cli("tick", "--now", "2027-10-10T09:00:00+07:00")[0] == 0
    queued, sent = len(outbox(make_uow)), len(fake_line.accepted)
    code, out, err = cli("tick", "--now", "2027-03-02T09:00:00+07:00")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "2027-10-10T09:00:00+07:00" in err and "Traceback" not in err
    assert len(outbox(make_uow)) == queued and len(fake_line.accepted) == sent
    # A few minutes behind (another process's clock) is within the tolerance: nothing new.
    code, out, err = cli("tick", "--now", "2027-10-10T08:56:00+07:00")
    assert code == 0, err
    assert len(outbox(make_uow)) == queued and len(fake_line.accepted) == sent
