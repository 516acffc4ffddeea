"""Asking a complainant why a closed case should be reopened, before the request is made.

The closing message's "ขอเปิดเรื่องใหม่" button is checked first (the person's case, within
the period, not asked yet: `feedback.check_reopen`); then REOPEN_REASON asks for a short
text. The request is recorded with it (`RequestReopen`), and the person is back where they
were: the menu, or the step of a draft being written.
"""

from __future__ import annotations

from datetime import date, datetime

from core.conversation import inputs
from core.conversation.commands import SMALL_TALK, fold
from core.conversation.progress import not_text, stale
from core.conversation.prompts import menu
from core.conversation.replies import RequestReopen
from core.conversation.states import State, state_of
from core.conversation.turn import Turn
from core.domain.cases import REOPEN_REASON_MAX_CHARS as REASON_MAX_CHARS
from core.domain.thaidate import thai_date

NO_REASON = "กรุณาพิมพ์เหตุผลเป็นข้อความสั้น ๆ ว่าเหตุใดจึงขอเปิดเรื่องใหม่"


def ask_reason(t: Turn, allowed: inputs.ReopenAllowed) -> None:
    """The request may be made: remember it and ask for the reason."""
    pending = t.mem.reopen if t.state == State.REOPEN_REASON else None
    back = pending["back"] if pending else t.state.value
    t.mem.reopen = {"tracking_no": allowed.tracking_no, "by": allowed.by.isoformat(),
                    "at": t.ctx.now.isoformat(), "back": back}
    t.go(State.REOPEN_REASON)


def on_reopen_reason(t: Turn) -> None:
    """REOPEN_REASON: a short text is the reason; anything else asks again."""
    pending = t.mem.reopen
    if not pending:  # nothing waits for a reason (a row written by hand)
        return leave(t)
    if t.command:
        return stale(t)
    if t.text is None:
        return not_text(t)  # a sticker, photo or location: asked again, nothing lost
    reason = t.text
    if fold(reason) in SMALL_TALK or not any(ch.isalnum() for ch in reason):
        return t.reprompt(NO_REASON)
    if len(reason) > REASON_MAX_CHARS:
        return t.reprompt(f"เหตุผลยาวเกิน {REASON_MAX_CHARS} ตัวอักษร กรุณาสรุปให้สั้นลง "
                          "(รายละเอียดเพิ่มเติมแจ้งเจ้าหน้าที่ได้เมื่อติดต่อกลับ)")
    t.do(RequestReopen(pending["tracking_no"], reason, datetime.fromisoformat(pending["at"])))
    _back(t)  # the outcome's answer is said there


def cancel(t: Turn) -> None:
    """ยกเลิก while the reason is asked: no request, back to where the person was."""
    pending = t.mem.reopen or {}
    leave(t, f"ยกเลิกคำขอเปิดเรื่องเลขที่ {pending.get('tracking_no', '')} ใหม่แล้ว "
             f"เรื่องนี้ยังคงยุติอยู่{_again(pending)}")


def drop(t: Turn, why: str = "") -> None:
    """Leave the reason step for something else: say the request was not made."""
    pending = t.mem.reopen or {}
    t.say(f"ยังไม่ได้ส่งคำขอเปิดเรื่องเลขที่ {pending.get('tracking_no', '')} ใหม่{why}"
          f"{_again(pending)}")
    _back(t)


def leave(t: Turn, lead: str | None = None) -> None:
    """Back to where the person was, asked again (the menu when that was the menu)."""
    _back(t)
    if t.state == State.IDLE:
        t.replies.append(menu(lead) if lead else menu())
    else:
        t.reprompt(lead)


def _back(t: Turn) -> None:
    back = (t.mem.reopen or {}).get("back")
    t.mem.reopen = None
    t.state = state_of(back) if back != State.REOPEN_REASON else State.IDLE


def _again(pending: dict[str, str]) -> str:
    by = pending.get("by")
    until = f" ภายในวันที่ {thai_date(date.fromisoformat(by))}" if by else ""
    return f" หากต้องการ กด \"ขอเปิดเรื่องใหม่\" ในข้อความแจ้งยุติเรื่องได้อีกครั้ง{until}"
