"""One person's events in the order they were sent, even when a worker dies mid-event.

Before an event of a person is processed, a marker (in `inflight`, by LINE user) names it.
An event that finds the marker of an earlier, unfinished event of the same person waits
for it briefly; if it does not finish (its worker died: LINE will redeliver it), the later
event is deferred (the webhook answers 503 and LINE redelivers it too), so the earlier one
is applied first. A marker is free once its event is in `processed_events` (done or
failed), when it belongs to a later event, or after STALL (its redelivery never came).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from core.persistence.bot_store import InflightMarkers
from core.persistence.rawpg import Autocommit

WAIT_SECONDS = 0.8  # within the webhook's one-second budget
POLL_SECONDS = 0.02
STALL = timedelta(seconds=60)


class EventDeferred(Exception):
    """An earlier event of the same person is unfinished: ask LINE to deliver this later."""


class OrderGate:
    def __init__(self, markers: InflightMarkers,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._markers = markers
        self._sleep = sleep
        self._clock = clock

    @property
    def markers(self) -> InflightMarkers:
        return self._markers

    def marker(self, user_id: str, event_id: str, sent_at: datetime, now: datetime
               ) -> dict[str, Any]:
        """The parameters of taking the person's marker for this event (`InflightMarkers`)."""
        return InflightMarkers.params(user_id, event_id, int(sent_at.timestamp() * 1000), now,
                                      now - STALL)

    def enter(self, user_id: str, event_id: str, sent_at: datetime, now: datetime,
              connection: Autocommit | None = None) -> None:
        """Wait until the person's earlier events are done (the marker written on the
        connection given, if any); raises EventDeferred."""
        deadline = self._clock() + WAIT_SECONDS
        sent_ms = int(sent_at.timestamp() * 1000)
        while True:
            if (self._markers.take(user_id, event_id, sent_ms, now, now - STALL, connection)
                    or self._markers.read(user_id).get("sent_ms", 0) >= sent_ms):
                return  # marked, or a later event is in flight: this one is late anyway
            if self._clock() >= deadline:
                raise EventDeferred(event_id)
            self._sleep(POLL_SECONDS)
