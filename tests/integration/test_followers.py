"""What the bot keeps of a LINE follower: following or blocked since when, and consent."""

from __future__ import annotations

from datetime import timedelta

from core.persistence.bot_store import BotStore
from core.persistence.models import Follower

USER = "U" + "f" * 32


def _row(make_uow) -> Follower | None:
    with make_uow() as uow:
        follower = uow.session.get(Follower, USER)
        if follower is not None:
            uow.session.expunge(follower)
        return follower


def _do(make_uow, action) -> None:
    with make_uow() as uow:
        action(BotStore(uow.session))
        uow.commit()


def test_follow_block_and_follow_again(make_uow, now) -> None:
    later, latest = now + timedelta(days=1), now + timedelta(days=2)
    _do(make_uow, lambda s: s.set_following(USER, True, now))
    f = _row(make_uow)
    assert (f.following, f.followed_at, f.blocked_at) == (True, now, None)
    _do(make_uow, lambda s: s.set_following(USER, False, later))
    f = _row(make_uow)
    assert (f.following, f.followed_at, f.blocked_at) == (False, now, later)  # kept
    _do(make_uow, lambda s: s.set_following(USER, True, latest))
    f = _row(make_uow)
    assert (f.following, f.followed_at, f.blocked_at) == (True, latest, None)


def test_a_block_from_someone_never_seen(make_uow, now) -> None:
    _do(make_uow, lambda s: s.set_following(USER, False, now))
    f = _row(make_uow)
    assert (f.following, f.followed_at, f.blocked_at) == (False, None, now)


def test_consent_of_a_stranger_and_of_a_follower(make_uow, now) -> None:
    _do(make_uow, lambda s: s.record_consent(USER, "2026-11-01", now))
    f = _row(make_uow)
    assert (f.following, f.followed_at, f.consent_version, f.consented_at) == (
        True, now, "2026-11-01", now)
    later = now + timedelta(hours=3)
    _do(make_uow, lambda s: s.set_following(USER, False, later))
    _do(make_uow, lambda s: s.record_consent(USER, "2027-01-01", later))
    f = _row(make_uow)  # consent changes only the consent
    assert (f.following, f.followed_at, f.blocked_at) == (False, now, later)
    assert (f.consent_version, f.consented_at) == ("2027-01-01", later)
