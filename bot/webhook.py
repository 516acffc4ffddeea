"""`POST /line/webhook`: verify the signature on the raw body, handle events, reply after."""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from bot.edge import DatabaseUnavailable, LineEdge, RedeliverLater
from rongrian.runtime import utcnow

logger = logging.getLogger(__name__)
MAX_WEBHOOK_BYTES = 1024 * 1024  # LINE's bodies are a few KB; anything this big is not LINE


def make_blueprint(edge: LineEdge) -> Blueprint:
    """The webhook route."""
    bp = Blueprint("line_webhook", __name__)

    @bp.post("/line/webhook")
    def webhook() -> Response | tuple[str, int]:
        """Receive LINE events: 400 unsigned or malformed, 503 when the database is down."""
        request.max_content_length = MAX_WEBHOOK_BYTES
        raw = request.get_data(cache=False)
        signature = request.headers.get("X-Line-Signature", "")
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            logger.warning("webhook body is not UTF-8")
            return "bad request", 400
        if not edge.verify(body, signature):
            logger.warning("webhook with a %s signature refused",
                           "wrong" if signature else "missing")
            return "bad signature", 400
        try:
            payload = json.loads(body)
        except ValueError:
            logger.warning("signed webhook body is not JSON")
            return "bad request", 400
        events = payload.get("events") if isinstance(payload, dict) else None
        if not isinstance(events, list):
            logger.warning("signed webhook body has no events list")
            return "bad request", 400
        status = 200
        try:
            handled = edge.process(events, utcnow())
        except DatabaseUnavailable:
            return "database unavailable, retry later", 503
        except RedeliverLater as later:  # an earlier event of someone is unfinished
            handled, status = later.handled, 503
        response = current_app.response_class("OK" if status == 200 else "retry later",
                                              status=status, mimetype="text/plain")
        if any(item.reply_token for item in handled):
            response.call_on_close(lambda: edge.deliver(handled))
        return response

    @bp.errorhandler(RequestEntityTooLarge)
    def too_large(_: RequestEntityTooLarge) -> tuple[str, int]:
        """A body bigger than any LINE sends: refused, and said in the log (not its content)."""
        logger.warning("webhook body of %s bytes refused (limit %d)",
                       request.content_length or "unknown", MAX_WEBHOOK_BYTES)
        return "request body too large", 413

    return bp
