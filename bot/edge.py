"""The LINE edge of one process: signature check, intake service, gateway, reply delivery."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from linebot.v3.webhook import SignatureValidator

from bot.config import LineConfig, line_config
from bot.events import event_id, to_inbound
from bot.gateway import DeliveryFailed, LineGateway
from bot.guards import GuardSettler
from bot.messages import render_batches, text_messages
from config.datafiles import load_privacy_notice
from core.conversation.context import Notice, Suggestion
from core.conversation.evidence import EvidenceStore
from core.conversation.ordering import EventDeferred
from core.conversation.ports import Ports
from core.conversation.service import Handled, IntakeService
from core.domain.hospitals import default_matcher
from core.logsafe import trace
from core.persistence.bot_store import is_unavailable
from rongrian.runtime import Runtime, utcnow

logger = logging.getLogger(__name__)
APOLOGY = "ขออภัย ระบบขัดข้องชั่วคราว กรุณาส่งข้อความอีกครั้งในอีกสักครู่ หรือติดต่อสายด่วน 1506"


class DatabaseUnavailable(Exception):
    """The database cannot be reached: LINE should deliver the events again later."""


class RedeliverLater(Exception):
    """Some events must come again later (those handled are in `handled`, to be replied)."""

    def __init__(self, handled: list[Handled]) -> None:
        super().__init__("redeliver later")
        self.handled = handled


class LazySuggester:
    """The category suggester, loaded on first use; without a model, no suggestions."""

    def __init__(self) -> None:
        self._suggester: Any = None
        self._loaded = False

    def _get(self) -> Any:
        if not self._loaded:
            self._loaded = True
            try:
                from core.classify.suggester import load_suggester

                self._suggester = load_suggester()
            except Exception as exc:  # noqa: BLE001 - the bot works without suggestions
                logger.warning("category suggester unavailable (%s): every category offered",
                               type(exc).__name__)
        return self._suggester

    def suggest(self, text: str) -> Sequence[Suggestion]:
        """Every category, best first (empty without a model)."""
        suggester = self._get()
        return suggester.suggest(text) if suggester else []

    def confident(self, ranked: Sequence[Suggestion]) -> bool:
        """True when the best guess is sure enough to offer three buttons only."""
        suggester = self._get()
        return bool(suggester and ranked and suggester.is_confident(ranked))


class LineEdge:
    """Built once per app; LINE clients and the service are made on first use (after fork)."""

    def __init__(self, runtime: Runtime, config: LineConfig | None = None) -> None:
        self.runtime = runtime
        self.config = config or line_config(runtime.settings)
        self.validator = SignatureValidator(self.config.channel_secret)
        self._lock = threading.Lock()
        self._gateway: LineGateway | None = None
        self._service: IntakeService | None = None
        self.guards = GuardSettler(runtime.uow)
        runtime.closers.append(self.guards.stop)

    @property
    def gateway(self) -> LineGateway:
        """The LINE API client of this process."""
        with self._lock:
            if self._gateway is None:
                self._gateway = LineGateway(self.config)
            return self._gateway

    @property
    def service(self) -> IntakeService:
        """The intake service of this process."""
        gateway = self.gateway
        with self._lock:
            if self._service is None:
                notice = load_privacy_notice()
                suggester = LazySuggester()
                ports = Ports(render=render_batches, content=gateway, suggest=suggester.suggest,
                              hospitals=default_matcher(),
                              notice=Notice(notice["version"], notice["title_th"],
                                            notice["text_th"]),
                              confident=suggester.confident)
                evidence = EvidenceStore(self.runtime.settings.instance_path / "attachments")
                self._service = IntakeService(self.runtime.uow, ports, evidence)
            return self._service

    def warm_up(self) -> None:
        """Load the reference data the conversation uses now, not in someone's first event
        (a worker that dies while loading would otherwise take that event with it)."""
        from core.domain.geo import find_location

        service = self.service
        service.ports.suggest("ทดสอบ")
        service.ports.hospitals.best("รพ.")
        find_location("กรุงเทพมหานคร 10400")

    def verify(self, body: str, signature: str) -> bool:
        """True when the signature is the channel secret's HMAC-SHA256 of the body."""
        return bool(signature) and self.validator.validate(body, signature)

    def process(self, events: list[Any], now: datetime) -> list[Handled]:
        """Handle each event on its own; raises DatabaseUnavailable or RedeliverLater to get
        the batch delivered again (events already handled are then duplicates)."""
        done: list[Handled] = []
        deferred = False
        for raw in events:
            if not isinstance(raw, dict):
                logger.warning("webhook event that is not an object skipped")
                continue
            try:
                inbound = to_inbound(raw, now)
            except Exception:  # noqa: BLE001 - one bad event must not stop the others
                logger.error("unreadable webhook event %s skipped:\n%s", event_id(raw),
                             _trace())
                continue
            if inbound is None:
                logger.info("webhook event %s without a source skipped", event_id(raw))
                continue
            try:
                done.append(self.service.handle(inbound, now))
            except EventDeferred:
                logger.info("event %s deferred: an earlier event of the person is unfinished",
                            inbound.event_id)
                deferred = True
            except Exception as exc:  # noqa: BLE001 - recorded; the other events go on
                if is_unavailable(exc):
                    logger.error("database unavailable (%s); LINE will redeliver",
                                 type(exc).__name__)
                    raise DatabaseUnavailable from None
                logger.error("webhook event %s (%s) failed: %s\n%s", inbound.event_id,
                             raw.get("type"), type(exc).__name__, _trace())
                self._record_failure(inbound.event_id, now)
                if inbound.reply_token and inbound.source == "user":
                    done.append(Handled(reply_token=inbound.reply_token,
                                        messages=text_messages(APOLOGY)))
        if deferred:
            raise RedeliverLater(done)
        return done

    def _record_failure(self, event: str, now: datetime) -> None:
        try:
            self.service.record_failure(event, now)
        except Exception as exc:  # noqa: BLE001 - best effort
            logger.error("could not record failed event %s: %s", event, type(exc).__name__)

    def deliver(self, handled: list[Handled]) -> None:
        """Reply with each reply token; a failed or late reply is pushed from the outbox."""
        failed: list[tuple[str, str]] = []
        for item in handled:
            if not (item.reply_token and item.messages):
                continue
            if item.reply_by and utcnow() > item.reply_by:
                if item.guard_key:
                    failed.append((item.guard_key, "reply token too old"))
                continue
            try:
                self.gateway.reply(item.reply_token, item.messages)
            except DeliveryFailed as exc:
                logger.warning("reply failed (%s); pushing instead", exc.status or "network")
                if item.guard_key:
                    failed.append((item.guard_key, f"reply failed: {exc}"))
                continue
            if item.guard_key:
                self.guards.delivered(item.guard_key)
        if failed:
            self.guards.failed(failed)


def _trace() -> str:
    """The current traceback without the exception's message (it may hold personal data)."""
    return trace(sys.exc_info()[2])
