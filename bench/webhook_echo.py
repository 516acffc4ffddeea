"""The baseline for the webhook benchmark: line-bot-sdk v3's usual echo bot.

Signature check and parsing with `WebhookHandler`, a reply with `MessagingApi` inside
`with ApiClient(configuration)`, as in the SDK's README (gunicorn: `bench.webhook_echo:create()`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from flask import Flask, abort, request
from linebot.v3 import WebhookHandler
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    MessagingApi,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhooks import FollowEvent, MessageEvent, PostbackEvent, TextMessageContent


def create() -> Flask:
    """The echo bot app (reads its keys from the environment when gunicorn builds it)."""
    return build()


def build(first_time: Callable[[str], bool] | None = None) -> Flask:
    """The echo bot; with `first_time(webhook_event_id)`, it replies only when that is True."""
    app = Flask(__name__)
    configuration = Configuration(access_token=os.environ["ECHO_ACCESS_TOKEN"],
                                  host=os.environ["LINE_API_BASE_URL"])
    handler = WebhookHandler(os.environ["ECHO_CHANNEL_SECRET"])

    def reply(event: Any, text: str) -> None:
        if first_time is not None and not first_time(event.webhook_event_id):
            return  # a redelivery of an event already answered
        with ApiClient(configuration) as api_client:
            MessagingApi(api_client).reply_message_with_http_info(
                ReplyMessageRequest(reply_token=event.reply_token,
                                    messages=[TextMessage(text=text)]))

    @handler.add(MessageEvent, message=TextMessageContent)
    def on_text(event: MessageEvent) -> None:
        reply(event, event.message.text)

    @handler.add(PostbackEvent)
    def on_postback(event: PostbackEvent) -> None:
        reply(event, event.postback.data)

    @handler.add(FollowEvent)
    def on_follow(event: FollowEvent) -> None:
        reply(event, "สวัสดี")

    @app.post("/line/webhook")
    def callback() -> str:
        signature = request.headers["X-Line-Signature"]
        body = request.get_data(as_text=True)
        try:
            handler.handle(body, signature)
        except InvalidSignatureError:
            abort(400)
        return "OK"

    return app
