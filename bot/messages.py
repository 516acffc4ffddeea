"""Every LINE message the bot sends is built here, within the platform's limits.

Limits (Messaging API reference): five messages per reply or push, text 5,000 characters,
13 quick-reply items, action labels 20 characters, postback data 300, displayText 300,
altText 1,500, and a Flex bubble's JSON at most 30 KB.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from core.conversation.replies import Choice, Reply, Say, Summary

logger = logging.getLogger(__name__)

MAX_MESSAGES = 5
TEXT_MAX = 5000
QUICK_REPLY_MAX = 13
LABEL_MAX = 20
DATA_MAX = 300
DISPLAY_TEXT_MAX = 300
ALT_TEXT_MAX = 1500
BUBBLE_MAX_BYTES = 30_000
# Darker than LINE's green #06C755 and grey #888: white on the button and the labels on
# white reach WCAG AA contrast (5.5:1 and 5.7:1; LINE's colours give 2.3:1 and 3.5:1).
GREEN = "#067A36"
LABEL_GREY = "#666666"

Message = dict[str, Any]


def clip(text: str, limit: int) -> str:
    """Text cut to `limit` characters (with an ellipsis when cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def action(choice: Choice) -> dict[str, Any]:
    """The LINE action of a button."""
    label = clip(choice.label, LABEL_MAX)
    if choice.kind == "location":
        return {"type": "location", "label": label}
    if choice.kind == "camera_roll":
        return {"type": "cameraRoll", "label": label}
    if len(choice.command) > DATA_MAX:
        raise ValueError(f"postback data longer than {DATA_MAX}: {choice.command[:40]}…")
    return {"type": "postback", "label": label, "data": choice.command,
            "displayText": clip(choice.label, DISPLAY_TEXT_MAX)}


def quick_reply(choices: Sequence[Choice]) -> dict[str, Any] | None:
    """Quick-reply buttons (at most 13; extra ones are dropped with a warning)."""
    if not choices:
        return None
    if len(choices) > QUICK_REPLY_MAX:
        logger.warning("quick reply with %d items cut to %d", len(choices), QUICK_REPLY_MAX)
    return {"items": [{"type": "action", "action": action(ch)}
                      for ch in choices[:QUICK_REPLY_MAX]]}


def text_messages(text: str, choices: Sequence[Choice] = ()) -> list[Message]:
    """One text message (several if longer than 5,000 characters); buttons on the last."""
    text = text.strip() or "-"
    chunks = []
    while len(text) > TEXT_MAX:
        cut = text.rfind("\n", 0, TEXT_MAX)
        cut = cut if cut > TEXT_MAX // 2 else TEXT_MAX
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    chunks.append(text)
    messages: list[Message] = [{"type": "text", "text": chunk} for chunk in chunks]
    buttons = quick_reply(choices)
    if buttons:
        messages[-1]["quickReply"] = buttons
    return messages


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "text", "text": text or "-", "wrap": True, **style}


def summary_bubble(summary: Summary) -> dict[str, Any]:
    """The Flex bubble of the complaint summary: rows with edit buttons, then the actions."""
    rows: list[dict[str, Any]] = []
    for row in summary.rows:
        field = {"type": "box", "layout": "vertical", "flex": 5, "contents": [
            _text(row.label, size="xs", color=LABEL_GREY), _text(row.value, size="sm")]}
        line: dict[str, Any] = {"type": "box", "layout": "horizontal", "spacing": "sm",
                                "contents": [field]}
        if row.edit:
            edit = dict(action(row.edit), label="แก้ไข")
            line["contents"].append({"type": "button", "action": edit, "style": "link",
                                     "height": "sm", "flex": 2, "gravity": "center"})
        rows += [line, {"type": "separator"}]
    footer = [{"type": "button", "action": action(choice), "height": "sm",
               "style": "primary" if i == 0 else "secondary",
               **({"color": GREEN} if i == 0 else {})}
              for i, choice in enumerate(summary.actions)]
    return {
        "type": "bubble", "size": "giga",
        "header": {"type": "box", "layout": "vertical", "contents": [
            _text(summary.title, weight="bold", size="md", color="#1B5E20")]},
        "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": rows[:-1]},
        "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": footer},
    }


def summary_message(summary: Summary) -> Message:
    """The summary as a Flex message (alt text: the fields as plain text)."""
    bubble = summary_bubble(summary)
    size = len(json.dumps(bubble, ensure_ascii=False).encode())
    if size > BUBBLE_MAX_BYTES:
        raise ValueError(f"summary bubble is {size} bytes, over LINE's {BUBBLE_MAX_BYTES}")
    alt = summary.title + "\n" + "\n".join(f"{r.label}: {r.value}" for r in summary.rows)
    message: Message = {"type": "flex", "altText": clip(alt, ALT_TEXT_MAX), "contents": bubble}
    buttons = quick_reply(summary.choices)
    if buttons:
        message["quickReply"] = buttons
    return message


def to_messages(replies: Sequence[Reply]) -> list[Message]:
    """Every reply as LINE message objects, in order."""
    messages: list[Message] = []
    for reply in replies:
        if isinstance(reply, Say):
            messages += text_messages(reply.text, reply.choices)
        elif isinstance(reply, Summary):
            messages.append(summary_message(reply))
    return messages


def _merge_texts(messages: list[Message]) -> list[Message]:
    """Join neighbouring plain texts (no buttons) so fewer messages are needed."""
    merged: list[Message] = []
    for message in messages:
        last = merged[-1] if merged else None
        if (last and last["type"] == message["type"] == "text" and "quickReply" not in last
                and len(last["text"]) + len(message["text"]) + 2 <= TEXT_MAX):
            merged[-1] = {**message, "text": last["text"] + "\n\n" + message["text"]}
        else:
            merged.append(message)
    return merged


def render_batches(replies: Sequence[Reply]) -> list[list[Message]]:
    """Replies as requests of at most five messages (the first is the reply, others pushes)."""
    messages = to_messages(replies)
    if len(messages) > MAX_MESSAGES:
        messages = _merge_texts(messages)
    return [messages[i:i + MAX_MESSAGES] for i in range(0, len(messages), MAX_MESSAGES)]
