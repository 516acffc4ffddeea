"""The one place the bot calls LINE: line-bot-sdk v3 clients with explicit timeouts.

The SDK's own retries are off: a failed reply falls back to the outbox's push, and the
outbox retries pushes itself.
"""

from __future__ import annotations

import logging
from typing import Any

import urllib3
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    RichMenuRequest,
)
from linebot.v3.messaging.exceptions import ApiException

from bot.config import ADMIN_TIMEOUT, CONTENT_TIMEOUT, REPLY_TIMEOUT, LineConfig
from core.conversation.ports import ContentTooLarge, ContentUnavailable

logger = logging.getLogger(__name__)
LINE_API = "https://api.line.me"  # used when no host is configured (real LINE)


class DeliveryFailed(Exception):
    """LINE did not take a reply; `status` is the HTTP status, or None for a network error."""

    def __init__(self, status: int | None, detail: str) -> None:
        super().__init__(f"{status or 'network'}: {detail}")
        self.status = status
        self.detail = detail


class LineGateway:
    """Messaging API (reply, rich menus) and data API (content), one connection pool."""

    def __init__(self, config: LineConfig, pool_size: int = 8) -> None:
        configuration = Configuration(access_token=config.access_token, host=config.host)
        configuration.retries = False
        configuration.connection_pool_maxsize = pool_size
        self._client = ApiClient(configuration)
        self.messaging = MessagingApi(self._client)
        self.blob = MessagingApiBlob(self._client)

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> None:
        """Reply with the (free) reply token; raises DeliveryFailed.

        The body goes through the SDK's ApiClient as the JSON bot/messages.py built (and the
        tests check against LINE's spec): `MessagingApi.reply_message` would first turn it
        into pydantic models and back, which costs up to 5 ms for the summary card.
        """
        try:
            self._client.call_api(
                "/v2/bot/message/reply", "POST", {}, [],
                {"Accept": "application/json", "Content-Type": "application/json"},
                body={"replyToken": reply_token, "messages": messages},
                response_types_map={}, auth_settings=["Bearer"], _return_http_data_only=True,
                _request_timeout=REPLY_TIMEOUT, _host=LINE_API)
        except ApiException as exc:
            raise DeliveryFailed(exc.status, _short(exc.body)) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise DeliveryFailed(None, type(exc).__name__) from None

    def fetch(self, message_id: str, max_bytes: int) -> bytes:
        """The content of a photo or file message (ContentSource for the intake service)."""
        try:
            data = self.blob.get_message_content(message_id, _request_timeout=CONTENT_TIMEOUT)
        except ApiException as exc:
            logger.warning("LINE content download failed: HTTP %s", exc.status)
            raise ContentUnavailable(str(exc.status)) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            logger.warning("LINE content download failed: %s", type(exc).__name__)
            raise ContentUnavailable(type(exc).__name__) from None
        if len(data) > max_bytes:
            raise ContentTooLarge(str(len(data)))
        return bytes(data)

    # --- rich menu (the `rongrian line richmenu setup` command) ------------------------
    def rich_menus(self) -> list[tuple[str, str]]:
        """(id, name) of every rich menu of the channel."""
        answer = self.messaging.get_rich_menu_list(_request_timeout=ADMIN_TIMEOUT)
        return [(menu.rich_menu_id, menu.name) for menu in answer.richmenus]

    def create_rich_menu(self, menu: dict[str, Any], image: bytes, content_type: str) -> str:
        """Create a rich menu, upload its image, and return its id."""
        request = RichMenuRequest.from_dict(menu)
        created = self.messaging.create_rich_menu(request, _request_timeout=ADMIN_TIMEOUT)
        self.blob.set_rich_menu_image(created.rich_menu_id, image,
                                      _headers={"Content-Type": content_type},
                                      _request_timeout=ADMIN_TIMEOUT)
        return created.rich_menu_id

    def set_default_rich_menu(self, rich_menu_id: str) -> None:
        """Show a rich menu to every user without one of their own."""
        self.messaging.set_default_rich_menu(rich_menu_id, _request_timeout=ADMIN_TIMEOUT)

    def delete_rich_menu(self, rich_menu_id: str) -> None:
        """Remove a rich menu."""
        self.messaging.delete_rich_menu(rich_menu_id, _request_timeout=ADMIN_TIMEOUT)


def _short(body: Any) -> str:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return str(body or "")[:200]
