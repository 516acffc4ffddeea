"""`/simulator` (local mode only): a LINE-like chat page that posts signed webhook events.

The page builds LINE webhook events in the browser, has this blueprint sign them with the
local channel secret, posts them to the real `/line/webhook`, and polls what the fake LINE
API received (replies and pushes) to show them with their buttons.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re

from flask import Blueprint, Response, jsonify, request, send_from_directory

from bot import richmenu
from bot.edge import LineEdge
from core.persistence.fake_line_store import fake_line_store
from rongrian.runtime import Runtime, utcnow

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
CHAT_ID = re.compile(r"^[UCR][0-9a-f]{32}$")
MESSAGE_ID = re.compile(r"^[0-9]{1,20}$")
MAX_CONTENT = 12 * 1024 * 1024


def make_blueprint(runtime: Runtime, edge: LineEdge) -> Blueprint:
    """The simulator page, its static files and its small JSON API."""
    bp = Blueprint("simulator", __name__, url_prefix="/simulator",
                   static_folder="static/simulator", static_url_path="/static")

    @bp.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @bp.get("/")
    def page() -> Response:
        """The chat page."""
        return send_from_directory(bp.static_folder or "", "index.html")

    @bp.post("/api/sign")
    def sign() -> Response:
        """The X-Line-Signature of a webhook body, made with the local channel secret."""
        body = request.get_data()
        digest = hmac.new(edge.config.channel_secret.encode(), body, hashlib.sha256).digest()
        return jsonify(signature=base64.b64encode(digest).decode())

    @bp.post("/api/content/<message_id>")
    def content(message_id: str) -> Response | tuple[Response, int]:
        """Hold a simulated photo or file until the bot downloads it from the fake LINE."""
        if not MESSAGE_ID.match(message_id):
            return jsonify(error="bad message id"), 400
        request.max_content_length = MAX_CONTENT
        try:
            data = base64.b64decode(request.get_data(), validate=True)
        except (binascii.Error, ValueError):
            return jsonify(error="body must be base64"), 400
        content_type = request.args.get("type", "application/octet-stream")[:100]
        with runtime.uow() as uow:
            fake_line_store(uow.session).put_content(message_id, content_type, data, utcnow())
            uow.commit()
        return jsonify(size=len(data))

    @bp.get("/api/richmenu")
    def rich_menu() -> Response:
        """The rich menu's areas (the same as `rongrian line richmenu setup` creates)."""
        return jsonify(areas=[{"label": label, "data": data} for label, data in richmenu.areas()])

    @bp.get("/api/messages")
    def messages() -> Response | tuple[Response, int]:
        """What the bot sent to a chat (replies and pushes) after a message id."""
        chat = request.args.get("to", "")
        after = request.args.get("after", "0")
        if not CHAT_ID.match(chat) or not after.isdigit():
            return jsonify(error="bad chat id"), 400
        with runtime.uow() as uow:
            rows = fake_line_store(uow.session).messages_for(chat, int(after))
            out = [{"id": r.id, "kind": r.kind, "at": r.at.isoformat(), "messages": r.messages}
                   for r in rows]
        return jsonify(items=out)

    return bp
