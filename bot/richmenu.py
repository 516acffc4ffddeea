"""The default rich menu: three areas (complain, track my cases, help) and its image."""

from __future__ import annotations

from importlib import resources
from typing import Any

from core.conversation import commands

NAME = "rongrian-main"
WIDTH, HEIGHT = 2500, 843
IMAGE = "richmenu.png"  # bot/static/richmenu.png, drawn by `python -m bot.richmenu_art`
CHOICES = (commands.COMPLAIN, commands.TRACK, commands.HELP)


def areas() -> list[tuple[str, str]]:
    """(label, postback data) of each area, left to right."""
    return [(choice.label, choice.command) for choice in CHOICES]


def definition() -> dict[str, Any]:
    """The rich menu object for the Messaging API."""
    width = WIDTH // len(CHOICES)
    return {
        "size": {"width": WIDTH, "height": HEIGHT},
        "selected": True,
        "name": NAME,
        "chatBarText": "เมนู",
        "areas": [
            {"bounds": {"x": i * width, "y": 0,
                        "width": width if i < len(CHOICES) - 1 else WIDTH - i * width,
                        "height": HEIGHT},
             "action": {"type": "postback", "label": label, "data": data,
                        "displayText": label}}
            for i, (label, data) in enumerate(areas())
        ],
    }


def image() -> bytes:
    """The menu's PNG image (made by the project, under LINE's 1 MB limit)."""
    return (resources.files("bot") / "static" / IMAGE).read_bytes()
