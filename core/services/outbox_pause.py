"""Pausing all sending: LINE's rate limit, the monthly message quota, a rejected token.

The pause lives in `kv` so every dispatcher (web workers and the clock) respects it, and the
admin pages can show it: `active_pause` while it lasts, `last_pause` afterwards.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from core.persistence.scheduling import SchedulingStore, store
from core.persistence.uow import UnitOfWork

logger = logging.getLogger(__name__)

PAUSE_KEY = "outbox:pause"


def start_pause(st: SchedulingStore, reason: str, until: datetime, detail: str,
                now: datetime) -> None:
    """Stop every dispatcher until `until` (rate | quota | auth); logged, shown to admins."""
    level = logging.INFO if reason == "rate" else logging.ERROR
    logger.log(level, "LINE sending paused (%s) until %s", reason, until.isoformat())
    previous = st.kv_get(PAUSE_KEY) or {}
    ongoing = previous.get("reason") == reason and not previous.get("over")
    since = previous.get("since") if ongoing else None
    st.kv_put(PAUSE_KEY, {"reason": reason, "since": since or now.astimezone(UTC).isoformat(),
                          "until": until.astimezone(UTC).isoformat(), "detail": detail[:300]}, now)


def active_pause(uow: UnitOfWork, now: datetime) -> dict[str, Any] | None:
    """The pause in force (`reason` rate | quota | auth, `since`, `until`, `detail`), or None.

    After `until` the next dispatch sends one message alone; `over` is set once one got through.
    """
    data = store(uow.session).kv_get(PAUSE_KEY)
    if data and datetime.fromisoformat(data["until"]) > now:
        return data
    return None


def last_pause(uow: UnitOfWork) -> dict[str, Any] | None:
    """The most recent pause, even if over (admins see when the quota last ran out)."""
    return store(uow.session).kv_get(PAUSE_KEY)


def resume_sending(uow: UnitOfWork, now: datetime) -> None:
    """End a pause now (an admin raised the quota or fixed the token)."""
    st = store(uow.session)
    data = st.kv_get(PAUSE_KEY)
    if data:
        st.pull_forward(now, datetime.fromisoformat(data["until"]))
        end_pause(st, now)


def end_pause(st: SchedulingStore, now: datetime) -> None:
    """Mark the pause over (a message got through, or an admin resumed sending)."""
    data = st.kv_get(PAUSE_KEY) or {}
    data["until"] = min(datetime.fromisoformat(data.get("until", now.isoformat())), now
                        ).astimezone(UTC).isoformat()
    data["over"] = now.astimezone(UTC).isoformat()
    st.kv_put(PAUSE_KEY, data, now)
    logger.warning("LINE sending resumed")
