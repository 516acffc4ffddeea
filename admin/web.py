"""The staff pages' HTTP routes."""

from __future__ import annotations

from flask import Flask

from rongrian.runtime import Runtime


def register(app: Flask, runtime: Runtime) -> None:
    """Attach the admin blueprint to the app (filled in by the admin work)."""
