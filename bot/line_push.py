"""The real `Pusher`: LINE's push API through line-bot-sdk v3, outcomes mapped for the outbox.

The SDK's own retries are off (the outbox retries, always with the same X-Line-Retry-Key)
and every request has explicit connect and read timeouts.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import urllib3
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, PushMessageRequest
from linebot.v3.messaging.exceptions import ApiException

from config.settings import Settings
from core.services.outbox import Outcome, Pusher, PushResult

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3.05
READ_TIMEOUT = 10.0
LOCAL_ACCESS_TOKEN = "local-mode"  # the in-process fake LINE accepts any token
LOCAL_FAKE_PREFIX = "/fake-line"  # where bot/ mounts the local-mode fake LINE API


class LinePusher:
    """Pushes with MessagingApi.push_message_with_http_info and classifies what came back."""

    def __init__(self, access_token: str, base_url: str | None = None, *,
                 timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
                 pool_size: int = 8) -> None:
        configuration = Configuration(access_token=access_token, host=base_url or None)
        configuration.retries = False
        configuration.connection_pool_maxsize = pool_size
        self._client = ApiClient(configuration)
        self._api = MessagingApi(self._client)
        self._timeout = timeout

    def push(self, to: str, messages: list[dict[str, Any]], retry_key: str) -> PushResult:
        """One push request; never raises for what LINE or the network does."""
        try:
            request = PushMessageRequest.from_dict({"to": to, "messages": messages})
        except (ValueError, TypeError, KeyError) as exc:  # pydantic errors are ValueErrors
            return PushResult(Outcome.REJECTED, None, f"invalid message ({type(exc).__name__})")
        try:
            response = self._api.push_message_with_http_info(
                request, x_line_retry_key=retry_key, _request_timeout=self._timeout)
        except ApiException as exc:
            return classify(exc.status or 0, exc.body, exc.headers)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            return PushResult(Outcome.RETRY, None, type(exc).__name__)
        except ValueError:  # a 2xx whose body the SDK could not read: LINE took the message
            return PushResult(Outcome.SENT, 200, "unreadable success body")
        request_id = (response.headers or {}).get("x-line-request-id", "")
        return PushResult(Outcome.SENT, response.status_code, request_id)

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()


def classify(status: int, body: Any, headers: Any = None) -> PushResult:
    """Map an HTTP error answer of the push API to an outbox outcome."""
    message = _message(body)
    retry_after = _retry_after(headers)
    if status == 409:
        return PushResult(Outcome.DUPLICATE, status, message)
    if status == 429:
        quota = "monthly limit" in message.lower() or "quota" in message.lower()
        return PushResult(Outcome.QUOTA if quota else Outcome.RATE_LIMITED, status, message,
                          retry_after)
    if status == 401:
        return PushResult(Outcome.UNAUTHORIZED, status, message)
    if status == 0 or status >= 500 or status == 408:
        return PushResult(Outcome.RETRY, status or None, message, retry_after)
    return PushResult(Outcome.REJECTED, status, message)


def _message(body: Any) -> str:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if not body:
        return ""
    try:
        data = json.loads(body)
    except ValueError:
        return str(body)[:200]
    if isinstance(data, dict):
        details = data.get("details") or []
        extra = "; ".join(str(d.get("message", "")) for d in details if isinstance(d, dict))
        return (str(data.get("message", "")) + (f" ({extra})" if extra else ""))[:300]
    return str(data)[:200]


def _retry_after(headers: Any) -> float | None:
    value = (headers or {}).get("Retry-After") if hasattr(headers, "get") else None
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


def make_pusher(settings: Settings) -> Pusher:
    """The pusher a process uses: real LINE, `LINE_API_BASE_URL`, or local mode's fake LINE."""
    if settings.local_mode:
        base = settings.line_api_base_url or f"http://127.0.0.1:{settings.port}{LOCAL_FAKE_PREFIX}"
        return LinePusher(LOCAL_ACCESS_TOKEN, base)
    assert settings.line_channel_access_token is not None
    return LinePusher(settings.line_channel_access_token, settings.line_api_base_url)
