"""Settling reply guards: a delivered reply's guard push is cancelled in batches.

Each reply's messages are also queued in the outbox as a push that waits 60 s (the guard),
in the event's own transaction. A failed reply releases its guard at once; delivered ones
are deleted about once a second in one statement, instead of one transaction per reply.
If the process dies before that, the guard is pushed: the person may get a message twice,
never none.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable

from core.persistence.bot_store import BotStore
from core.persistence.uow import UnitOfWork
from rongrian.runtime import utcnow

logger = logging.getLogger(__name__)
INTERVAL = 1.0  # seconds between batches; far below the guards' 60 s grace


class GuardSettler:
    def __init__(self, uow_factory: Callable[[], UnitOfWork],
                 interval: float = INTERVAL) -> None:
        self._uow_factory = uow_factory
        self._interval = interval
        self._delivered: list[str] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def delivered(self, key: str) -> None:
        """Cancel a guard soon (its reply got through)."""
        with self._lock:
            self._delivered.append(key)
            stopped = self._stopped
            if self._thread is None and not stopped:  # started on first use: after the fork
                self._thread = threading.Thread(target=self._run, name="reply-guards",
                                                daemon=True)
                self._thread.start()
                atexit.register(self.flush)
        if stopped:
            self.flush()

    def failed(self, keys: list[tuple[str, str]]) -> None:
        """Release guards now: the dispatcher pushes their messages."""
        now = utcnow()
        try:
            with self._uow_factory() as uow:
                store = BotStore(uow.session)
                for key, reason in keys:
                    store.push_now(key, now, reason)
                uow.commit()
        except Exception as exc:  # noqa: BLE001 - they are pushed after their grace anyway
            logger.error("could not release reply guards: %s", type(exc).__name__)

    def flush(self) -> None:
        """Delete every delivered guard, in one statement."""
        with self._lock:
            keys, self._delivered = self._delivered, []
        if not keys:
            return
        try:
            with self._uow_factory() as uow:
                store = BotStore(uow.session)
                store.relax_durability()  # lost in a crash: those few are pushed, twice
                store.replies_delivered(keys)
                uow.commit()
        except Exception as exc:  # noqa: BLE001 - retried on the next round
            logger.warning("could not settle %d reply guards: %s", len(keys),
                           type(exc).__name__)
            with self._lock:
                self._delivered = keys + self._delivered

    def stop(self) -> None:
        """End the background thread and settle what it holds (before the engine closes)."""
        with self._lock:
            self._stopped = True
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join(timeout=10)
        self.flush()

    def _run(self) -> None:
        while not self._stopped:
            self._wake.wait(self._interval)
            self.flush()
