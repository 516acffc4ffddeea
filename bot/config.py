"""Where the LINE edge talks to and with which keys: real LINE, a test server, or local mode."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from bot.line_push import LOCAL_ACCESS_TOKEN, LOCAL_FAKE_PREFIX
from config.settings import Settings

# Explicit timeouts (connect, read) in seconds for each kind of LINE call.
REPLY_TIMEOUT = (1.0, 3.0)
CONTENT_TIMEOUT = (2.0, 8.0)
ADMIN_TIMEOUT = (3.05, 15.0)  # rich menu set-up from the command line


@dataclass(frozen=True)
class LineConfig:
    channel_secret: str
    access_token: str
    host: str | None  # None: the SDK's own hosts (api.line.me, api-data.line.me)
    local: bool


def local_channel_secret(secret_key: str) -> str:
    """The channel secret of local mode, derived from SECRET_KEY (stable across restarts)."""
    return hmac.new(secret_key.encode(), b"rongrian local LINE channel", hashlib.sha256
                    ).hexdigest()[:32]


def line_config(settings: Settings) -> LineConfig:
    """The LINE settings of this process."""
    if settings.local_mode:
        host = settings.line_api_base_url or (
            f"http://127.0.0.1:{settings.port}{LOCAL_FAKE_PREFIX}")
        return LineConfig(local_channel_secret(settings.secret_key), LOCAL_ACCESS_TOKEN, host,
                          local=True)
    assert settings.line_channel_secret and settings.line_channel_access_token
    return LineConfig(settings.line_channel_secret, settings.line_channel_access_token,
                      settings.line_api_base_url, local=False)
