"""Reading a stored attachment's bytes by its storage key."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from admin.context import runtime


def read(storage_key: str) -> bytes | None:
    """The file's bytes, or None when it is missing.

    The LINE edge may register a store as `app.extensions["attachment_store"]` with a
    `read(key) -> bytes | None` method; otherwise files live under instance/attachments/.
    """
    store = current_app.extensions.get("attachment_store")
    if store is not None:
        return store.read(storage_key)
    root = (Path(runtime().settings.instance_path) / "attachments").resolve()
    path = (root / storage_key).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path.read_bytes()
