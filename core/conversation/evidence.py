"""Evidence files on disk: checked by their first bytes, stored once by SHA-256."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from core.conversation.inputs import StoredFile

MAX_BYTES = 10 * 1024 * 1024
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an allowed file, judged by its content; else None."""
    for magic, content_type, extension in _SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    return None


class EvidenceStore:
    """Files under a root folder (instance/attachments/), named by their SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, data: bytes) -> StoredFile | None:
        """Store an allowed file and describe it; None when its type is not allowed."""
        kind = sniff(data)
        if kind is None:
            return None
        content_type, extension = kind
        digest = hashlib.sha256(data).hexdigest()
        key = f"{digest[:2]}/{digest}{extension}"
        path = self.root / key
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(path.suffix + f".{os.getpid()}.part")
            partial.write_bytes(data)
            partial.replace(path)
        return StoredFile(digest, len(data), content_type, key)

    def delete(self, key: str) -> None:
        """Remove a stored file (when no attachment row uses it any more)."""
        path = (self.root / key).resolve()
        if self.root.resolve() in path.parents:
            path.unlink(missing_ok=True)

    def path(self, key: str) -> Path:
        """Where a stored file is."""
        return self.root / key
