"""Local mode's fake LINE API, served by the app itself (no LINE credentials needed).

It answers the endpoints the bot and the outbox dispatcher use (reply, push, content,
profile, rich menus) and keeps what it was sent in the database, so `/simulator` can show
replies and pushes from every worker process and the clock. Reply tokens made by the
simulator name their chat: `sim.<userId or groupId>.<nonce>`.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from flask import Blueprint, Response, jsonify, request

from bot.line_push import LOCAL_FAKE_PREFIX
from core.persistence.fake_line_store import fake_line_store
from rongrian.runtime import Runtime, utcnow

logger = logging.getLogger(__name__)
RICH_MENUS = "fake_line:richmenus"


def _error(status: int, message: str) -> tuple[Response, int]:
    return jsonify(message=message), status


def _messages(body: Any) -> list[dict[str, Any]] | None:
    messages = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        return None
    if not all(isinstance(m, dict) and m.get("type") for m in messages):
        return None
    return messages


def reply_target(token: str) -> str | None:
    """The chat a simulator reply token belongs to."""
    parts = token.split(".", 2)
    return parts[1] if len(parts) == 3 and parts[0] == "sim" and parts[1] else None


def make_blueprint(runtime: Runtime) -> Blueprint:
    """The fake LINE API under /fake-line."""
    bp = Blueprint("fake_line", __name__, url_prefix=LOCAL_FAKE_PREFIX)

    @bp.post("/v2/bot/message/reply")
    def reply():  # noqa: ANN202
        """Accept a reply once per reply token."""
        body = request.get_json(silent=True)
        messages = _messages(body)
        if messages is None:
            return _error(400, "The request body has 1 error(s)")
        token = str(body.get("replyToken") or "")
        target = reply_target(token)
        if target is None:
            return _error(400, "Invalid reply token")
        with runtime.uow() as uow:
            stored = fake_line_store(uow.session).add_message(
                kind="reply", to_id=target, messages=messages, now=utcnow(), reply_token=token)
            uow.commit()
        if stored is None:
            return _error(400, "Invalid reply token")
        return jsonify(sentMessages=[{"id": str(stored), "quoteToken": uuid.uuid4().hex}])

    @bp.post("/v2/bot/message/push")
    def push():  # noqa: ANN202
        """Accept a push once per X-Line-Retry-Key."""
        body = request.get_json(silent=True)
        messages = _messages(body)
        to = body.get("to") if isinstance(body, dict) else None
        if messages is None or not isinstance(to, str) or not to:
            return _error(400, "The request body has 1 error(s)")
        retry_key = request.headers.get("X-Line-Retry-Key") or None
        with runtime.uow() as uow:
            stored = fake_line_store(uow.session).add_message(
                kind="push", to_id=to, messages=messages, now=utcnow(), retry_key=retry_key)
            uow.commit()
        if stored is None:
            response = jsonify(message="The retry key is already accepted")
            response.headers["x-line-accepted-request-id"] = retry_key or ""
            return response, 409
        return jsonify(sentMessages=[{"id": str(stored), "quoteToken": uuid.uuid4().hex}])

    @bp.get("/v2/bot/message/<message_id>/content")
    def content(message_id: str):  # noqa: ANN202
        """The bytes of a simulated photo or file."""
        with runtime.uow() as uow:
            row = fake_line_store(uow.session).content(message_id)
            if row is None:
                return _error(404, "Not found")
            return Response(row.data, mimetype=row.content_type)

    @bp.get("/v2/bot/profile/<user_id>")
    def profile(user_id: str):  # noqa: ANN202
        """A made-up profile."""
        return jsonify(displayName="ผู้ทดสอบ", userId=user_id, language="th")

    @bp.post("/v2/bot/richmenu")
    def create_rich_menu():  # noqa: ANN202
        """Keep a rich menu definition."""
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not body.get("areas"):
            return _error(400, "The request body has 1 error(s)")
        menu_id = f"richmenu-{uuid.uuid4().hex}"
        _update_menus(runtime, lambda menus: menus.update({menu_id: body}))
        return jsonify(richMenuId=menu_id)

    @bp.post("/v2/bot/richmenu/<menu_id>/content")
    def rich_menu_image(menu_id: str):  # noqa: ANN202
        """Accept a rich menu image (PNG or JPEG, at most 1 MB)."""
        if request.mimetype not in ("image/png", "image/jpeg") or not request.data:
            return _error(400, "Invalid content type")
        if len(request.data) > 1024 * 1024:
            return _error(400, "Image too large")
        return jsonify({})

    @bp.post("/v2/bot/user/all/richmenu/<menu_id>")
    def default_rich_menu(menu_id: str):  # noqa: ANN202
        """Make a rich menu the default."""
        _update_menus(runtime, lambda menus: menus.update({"default": menu_id}))
        return jsonify({})

    @bp.get("/v2/bot/richmenu/list")
    def rich_menu_list():  # noqa: ANN202
        """Every rich menu kept."""
        with runtime.uow() as uow:
            menus = fake_line_store(uow.session).kv(RICH_MENUS)
        return jsonify(richmenus=[dict(menu, richMenuId=key) for key, menu in menus.items()
                                  if key != "default"])

    @bp.delete("/v2/bot/richmenu/<menu_id>")
    def delete_rich_menu(menu_id: str):  # noqa: ANN202
        """Forget a rich menu."""
        _update_menus(runtime, lambda menus: menus.pop(menu_id, None))
        return jsonify({})

    return bp


def _update_menus(runtime: Runtime, change: Any) -> None:
    with runtime.uow() as uow:
        store = fake_line_store(uow.session)
        menus = store.kv(RICH_MENUS)
        change(menus)
        store.set_kv(RICH_MENUS, menus, utcnow())
        uow.commit()
