"""Webhook events (parsed with line-bot-sdk v3 models) turned into the intake's inputs."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime
from typing import Any

from linebot.v3.webhooks import (
    Event,
    FileMessageContent,
    FollowEvent,
    GroupSource,
    ImageMessageContent,
    JoinEvent,
    LeaveEvent,
    LocationMessageContent,
    MessageEditedEvent,
    MessageEvent,
    PostbackEvent,
    RoomSource,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    UnsendEvent,
    UserSource,
)

from core.conversation import inputs
from core.conversation.evidence import MAX_BYTES
from core.conversation.service import Inbound

logger = logging.getLogger(__name__)
MEDIA_KINDS = {"image", "file", "video", "audio"}


def event_id(raw: dict[str, Any]) -> str:
    """LINE's webhookEventId, or a digest of the event when it has none."""
    given = raw.get("webhookEventId")
    if isinstance(given, str) and 0 < len(given) <= 64:
        return given
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
    return "sha256:" + digest[:56]


def to_inbound(raw: dict[str, Any], now: datetime) -> Inbound | None:
    """The intake's view of one raw event; None when it concerns nobody (no source)."""
    try:
        event = Event.from_dict(raw)
    except (ValueError, TypeError, KeyError, AttributeError):
        event = None
    source = _source(event, raw)
    if source is None:
        return None
    kind, source_id, user_id = source
    sent_at = _sent_at(raw.get("timestamp"), now)
    delivery = raw.get("deliveryContext") or {}
    return Inbound(
        event_id=event_id(raw), source=kind, source_id=source_id, user_id=user_id,
        reply_token=_reply_token(raw), event=_input(event, raw), sent_at=sent_at,
        standby=raw.get("mode") == "standby",
        redelivery=bool(isinstance(delivery, dict) and delivery.get("isRedelivery")),
        mentioned=_mentions_bot(raw),
    )


def _sent_at(sent_ms: Any, now: datetime) -> datetime:
    """When LINE says the event happened; `now` when the timestamp is missing or absurd."""
    if not isinstance(sent_ms, int | float) or isinstance(sent_ms, bool):
        return now
    try:
        return datetime.fromtimestamp(sent_ms / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return now


def _source(event: Event | None, raw: dict[str, Any]) -> tuple[str, str, str | None] | None:
    source = getattr(event, "source", None)
    if isinstance(source, UserSource) and source.user_id:
        return "user", source.user_id, source.user_id
    if isinstance(source, GroupSource):
        return "group", source.group_id, source.user_id
    if isinstance(source, RoomSource):
        return "room", source.room_id, source.user_id
    data = raw.get("source") if isinstance(raw.get("source"), dict) else {}
    for kind, key in (("group", "groupId"), ("room", "roomId"), ("user", "userId")):
        value = data.get(key)
        if isinstance(value, str) and value:
            return kind, value, data.get("userId") if isinstance(data.get("userId"), str) else None
    return None


def _reply_token(raw: dict[str, Any]) -> str | None:
    token = raw.get("replyToken")
    return token if isinstance(token, str) and token else None


def _input(event: Event | None, raw: dict[str, Any]) -> inputs.Input:
    if isinstance(event, MessageEvent):
        return _message(event.message)
    if isinstance(event, PostbackEvent):
        return inputs.Command(event.postback.data[:300])
    if isinstance(event, FollowEvent):
        return inputs.Follow()
    if isinstance(event, UnfollowEvent):
        return inputs.Unfollow()
    if isinstance(event, JoinEvent):
        return inputs.Join()
    if isinstance(event, LeaveEvent):
        return inputs.Leave()
    if isinstance(event, UnsendEvent):
        return inputs.Unsend(event.unsend.message_id)
    if isinstance(event, MessageEditedEvent) and isinstance(event.message, TextMessageContent):
        return inputs.Edited(event.message.id, event.message.text)
    kind = str(raw.get("type"))[:40]
    if kind == "message":
        message = raw.get("message") if isinstance(raw.get("message"), dict) else {}
        kind = "message:" + str(message.get("type"))[:30]
    return inputs.Unsupported(kind)


def _message(message: Any) -> inputs.Input:
    if isinstance(message, TextMessageContent):
        return inputs.Text(message.text, message.id)
    if isinstance(message, StickerMessageContent):
        return inputs.Sticker()
    if isinstance(message, LocationMessageContent):
        return inputs.Location(message.address or "", message.latitude, message.longitude,
                               message.title)
    if isinstance(message, FileMessageContent):
        if message.file_size and message.file_size > MAX_BYTES:
            return inputs.Media("file", message.id, message.file_name, refusal="too_big")
        return inputs.Media("file", message.id, message.file_name)
    if isinstance(message, ImageMessageContent):
        return inputs.Media("image", message.id)
    kind = getattr(message, "type", "")
    if kind in MEDIA_KINDS:
        return inputs.Media(kind, message.id, refusal="bad_type")
    return inputs.Unsupported(f"message:{kind}")


def _mentions_bot(raw: dict[str, Any]) -> bool:
    message = raw.get("message")
    mention = message.get("mention") if isinstance(message, dict) else None
    mentionees = mention.get("mentionees") if isinstance(mention, dict) else None
    return any(isinstance(m, dict) and m.get("isSelf") for m in mentionees or [])
