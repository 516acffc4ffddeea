"""The LINE edge's HTTP routes (webhook, local-mode fake LINE and simulator)."""

from __future__ import annotations

from flask import Flask

from rongrian.runtime import Runtime


def register(app: Flask, runtime: Runtime) -> None:
    """Attach the bot's blueprints to the app (filled in by the LINE intake work)."""
