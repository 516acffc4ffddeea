"""A second baseline for the load test: the SDK's echo bot that also remembers each event.

The same app as bench/webhook_echo.py, plus what any bot that survives LINE's redelivery
must do at the least: record the `webhookEventId` in the database before replying (one
autocommit INSERT … ON CONFLICT DO NOTHING on a pooled SQLAlchemy connection), and not
reply to an event it has seen. It shows what one database round trip per event costs on
the same two cores, beside the echo bot and rongrian (gunicorn: `bench.webhook_echo_db:create()`).
"""

from __future__ import annotations

import os

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
from sqlalchemy import create_engine, text

SEEN = text("INSERT INTO echo_seen (event_id) VALUES (:id) ON CONFLICT DO NOTHING "
            "RETURNING event_id")


def prepare(url: str) -> None:
    """Create its one table (before gunicorn starts the workers)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS echo_seen"))
        connection.execute(text("CREATE TABLE echo_seen (event_id text PRIMARY KEY)"))
    engine.dispose()


def create() -> Flask:
    """The remembering echo bot (keys and DATABASE_URL from the environment)."""
    app = Flask(__name__)
    configuration = Configuration(access_token=os.environ["ECHO_ACCESS_TOKEN"],
                                  host=os.environ["LINE_API_BASE_URL"])
    handler = WebhookHandler(os.environ["ECHO_CHANNEL_SECRET"])
    engine = create_engine(os.environ["DATABASE_URL"], isolation_level="AUTOCOMMIT")

    def reply(event, text_: str) -> None:
        with engine.connect() as connection:
            if connection.execute(SEEN, {"id": event.webhook_event_id}).first() is None:
                return  # a redelivery of an event already answered
        with ApiClient(configuration) as api_client:
            MessagingApi(api_client).reply_message_with_http_info(
                ReplyMessageRequest(reply_token=event.reply_token,
                                    messages=[TextMessage(text=text_)]))

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
