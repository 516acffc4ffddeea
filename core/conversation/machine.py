"""The conversation as one table of states: `advance` is pure (no I/O, time passed in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.conversation import flow_category as cat
from core.conversation import flow_confirm as conf
from core.conversation import flow_intake as intake
from core.conversation import flow_link as link
from core.conversation import flow_person as person
from core.conversation import flow_reopen as reopen
from core.conversation import inputs
from core.conversation.commands import (
    CONTINUE,
    GLOBAL_COMMANDS,
    clean,
    fold,
    known_button,
    staff_link_code,
    typed_command,
)
from core.conversation.context import DRAFT_TTL, REOPEN_REASON_TTL, RESUME_AFTER, Context
from core.conversation.evidence_rules import edited, take_evidence, unsend
from core.conversation.memory import Memory
from core.conversation.outcomes import FEEDBACK_COMMANDS, OUTCOMES, on_outcome
from core.conversation.progress import proceed, stale
from core.conversation.prompts import GREETING, HELP, menu, offered, prompt_for
from core.conversation.replies import (
    Choice,
    GiveFeedback,
    LinkStaff,
    ListCases,
    Say,
    SetFollowing,
    Step,
)
from core.conversation.states import COLLECTS_TEXT, DRAFT_STATES, State, state_of
from core.conversation.turn import Turn

Handler = Callable[[Turn], None]
FORGOTTEN = "เรื่องที่กรอกค้างไว้นานเกิน 30 วันถูกลบแล้วเพื่อคุ้มครองข้อมูลของท่าน"


def on_idle(t: Turn) -> None:
    """IDLE: the menu; a long free text is taken as the start of a complaint."""
    if t.command:
        return stale(t)
    if t.text and link.asks_to_track(t.text):
        return link.track(t, t.text)  # a question about a filed case opens no complaint
    if t.text and len(t.text) >= intake.COMPLAINT_LIKE_CHARS:
        message_id = t.event.message_id if isinstance(t.event, inputs.Text) else None
        return intake.start_complaint(t, t.text, message_id)
    if isinstance(t.event, inputs.Media):
        return t.replies.append(menu("หากต้องการส่งรูปภาพหรือไฟล์เป็นหลักฐาน "
                                     "กรุณากด \"ร้องเรียน\" แล้วเล่าเรื่องก่อน"))
    if isinstance(t.event, inputs.Unsupported):
        return t.replies.append(menu("ขออภัย ยังไม่รองรับข้อความประเภทนี้ "
                                     "กรุณาพิมพ์ข้อความหรือเลือกเมนูด้านล่าง"))
    t.replies.append(menu("สวัสดีค่ะ ต้องการทำรายการใด กรุณาเลือกเมนูด้านล่าง"))


TABLE: dict[State, Handler] = {
    State.IDLE: on_idle,
    State.CONSENT: intake.on_consent,
    State.DECLINED: intake.on_declined,
    State.ANON_TEXT: intake.on_anon_text,
    State.DESCRIBE: intake.on_describe,
    State.CATEGORY: cat.on_category,
    State.HOSPITAL: cat.on_hospital,
    State.HOSPITAL_CONFIRM: cat.on_hospital_confirm,
    State.NAME: person.on_name,
    State.SURNAME: person.on_surname,
    State.ADDRESS: person.on_address,
    State.PROVINCE: person.on_province,
    State.DISTRICT: person.on_district,
    State.PHONE: person.on_phone,
    State.CONFIRM: conf.on_confirm,
    State.CANCEL_CONFIRM: conf.on_cancel_confirm,
    State.RESUME: conf.on_resume,
    State.LINK_TRACKING: link.on_link_tracking,
    State.LINK_PHONE: link.on_link_phone,
    State.REOPEN_REASON: reopen.on_reopen_reason,
}


def advance(state: str | None, data: dict[str, Any] | None, event: inputs.Input,
            ctx: Context) -> Step:
    """One step: (stored state, memory, input) -> new state, memory, replies, effects."""
    t = Turn(state_of(state), Memory.from_data(data), ctx, event)
    _run(t)
    _replay(t)
    if t.state == State.IDLE:
        t.mem.pending_parts = []  # held only for the consent question (idle rows are kept)
    if t.state not in (State.RESUME, State.CANCEL_CONFIRM, State.REOPEN_REASON):
        t.mem.held = []  # held only while the person is asked whether to continue
    return Step(t.state.value, t.mem.to_data(), t.replies, t.effects)


def _run(t: Turn) -> None:
    event = t.event
    if isinstance(event, inputs.Follow):
        return _on_follow(t)
    if isinstance(event, inputs.Unfollow):
        return t.do(SetFollowing(False))
    if isinstance(event, inputs.Unsend):
        return unsend(t, event.message_id)
    if isinstance(event, inputs.Edited):
        return edited(t, event.message_id, event.text)
    if isinstance(event, OUTCOMES):
        return on_outcome(t)
    if isinstance(event, inputs.Unsupported) and not event.kind.startswith("message:"):
        return  # an event that is not a message (beacon, membership, …): nothing to say
    idle = _idle_for(t)
    if t.state == State.REOPEN_REASON and idle is not None and idle > REOPEN_REASON_TTL:
        hours = int(REOPEN_REASON_TTL.total_seconds() // 3600)
        reopen.drop(t, f" เพราะยังไม่ได้รับเหตุผลภายใน {hours} ชั่วโมง")  # this message is not it
    t.mem.touched_at = t.ctx.now.isoformat()
    forgotten = t.mem.draft_forgotten_at is not None  # by the daily job, since the last message
    t.mem.draft_forgotten_at = None
    if idle is not None and idle > DRAFT_TTL and t.state != State.IDLE:
        forgotten = t.mem.has_unsent() or forgotten
        conf.discard_draft(t)  # with its evidence
        t.mem.forget_unsent()
        t.state = State.IDLE
    if isinstance(event, inputs.Command):
        t.command = event.command
    elif isinstance(event, inputs.Text):
        code = staff_link_code(event.text)
        if code:
            if link.link_locked_until(t):
                return link.start_link(t)  # says when to try again
            return t.do(LinkStaff(code))
        hint = _typed(t, event.text)
        if hint:
            return t.reprompt(hint)
    if forgotten:
        if t.command in GLOBAL_COMMANDS or (t.text and link.asks_to_track(t.text)):
            t.say(FORGOTTEN)  # a menu choice still does what it says
        else:  # an answer or button of the forgotten draft: it is not a new complaint
            return t.replies.append(menu(f"{FORGOTTEN}\nหากต้องการร้องเรียน กรุณากด "
                                         "\"ร้องเรียน\" เพื่อเริ่มกรอกใหม่"))
    if t.ctx.first_contact and t.state == State.IDLE and not isinstance(event, inputs.Command):
        if t.command is None and not (t.text and (len(t.text) >= intake.COMPLAINT_LIKE_CHARS
                                                  or link.asks_to_track(t.text))):
            return t.replies.append(menu(GREETING))
        t.say(GREETING)
    feedback = bool(t.command and t.command.split(":", 1)[0] in FEEDBACK_COMMANDS)
    paused = (idle is not None and idle > RESUME_AFTER and t.state in DRAFT_STATES
              and not t.mem.draft.empty and t.command not in GLOBAL_COMMANDS and not feedback)
    lead = None
    if isinstance(event, inputs.Media) and t.state in DRAFT_STATES and (
            t.state != State.DESCRIBE or paused):
        lead = take_evidence(t)
    if paused and _after_pause(t, lead):
        return None
    if lead:
        return t.reprompt(lead)
    _route(t)


def _typed(t: Turn, text: str) -> str | None:
    """Set the command a typed text stands for in the current step; returns how to use a
    gallery or map button whose label was typed."""
    choices = offered(t.state, t.mem, t.ctx)
    t.command = typed_command(text, choices)
    hint = _device_button(text, choices)
    if hint:
        return hint
    if t.command is None and t.state in COLLECTS_TEXT:
        t.command = known_button(text)
    return None


def _route(t: Turn) -> None:
    """The input to what handles it: feedback, a global command, or the state's handler."""
    event = t.event
    if isinstance(event, inputs.Text) and t.command is None and not clean(event.text):
        # only spaces: nothing was said, so the step is simply asked again
        return t.replies.append(menu()) if t.state == State.IDLE else t.reprompt()
    if t.command and t.command.split(":", 1)[0] in FEEDBACK_COMMANDS:
        return t.do(GiveFeedback(t.command))
    if t.command in GLOBAL_COMMANDS:
        return _on_global(t, t.command)
    if t.command == "edit:back" and t.mem.editing:
        t.mem.editing = None
        return proceed(t)
    TABLE[t.state](t)


def _after_pause(t: Turn, lead: str | None) -> bool:
    """A draft's step after more than RESUME_AFTER: True when handled here. A button of the
    step is applied (False); at the summary, anything else shows the summary to check again
    (a confirm files nothing yet); elsewhere the person is asked whether to continue, and
    what they sent is held and applied if they do."""
    if t.state == State.CONFIRM:
        if t.command and t.command != "confirm:send":
            return False
        conf.check_summary(t, t.command == "confirm:send" or bool(
            t.text and fold(t.text) in conf.CONFIRM_WORDS), lead)
        return True
    if t.command == "resume:continue" or (t.text and fold(t.text) == fold(CONTINUE.label)):
        t.reprompt(conf.CONTINUED)  # "ทำต่อ" typed before being asked
        return True
    if t.command:
        return False
    if lead is None:  # a photo was kept as evidence already
        conf.hold(t)
    t.mem.back = t.state
    t.state = State.RESUME
    t.reprompt(lead)
    return True


def _replay(t: Turn) -> None:
    """Apply, in the step returned to, what the person sent while asked to continue."""
    while t.replay:
        t.event = event = t.replay.pop(0)
        t.command = event.command if isinstance(event, inputs.Command) else None
        hint = _typed(t, event.text) if isinstance(event, inputs.Text) else None
        if hint:
            t.reprompt(hint)
            continue
        before = len(t.replies)
        _route(t)
        if t.replay and t.replies[before:] == prompt_for(t.state, t.mem, t.ctx):
            del t.replies[before:]  # only the step asked again: the next message answers it


DEVICE_HINTS = {
    "camera_roll": "กดปุ่ม \"แนบรูปภาพ\" ด้านล่าง หรือกด + แล้วเลือกรูปภาพหรือไฟล์ PDF เพื่อส่ง",
    "location": "กดปุ่ม \"ส่งตำแหน่งที่ตั้ง\" ด้านล่างเพื่อเลือกตำแหน่งบนแผนที่ หรือพิมพ์ที่อยู่",
}


def _device_button(text: str, choices: list[Choice]) -> str | None:
    """How to use a button that opens the phone's gallery or map, when its label is typed."""
    key = fold(text)
    for choice in choices:
        if choice.kind in DEVICE_HINTS and fold(choice.label) == key:
            return DEVICE_HINTS[choice.kind]
    return None


def _idle_for(t: Turn) -> Any:
    touched = t.mem.touched()
    return t.ctx.now - touched if touched else None


def _on_follow(t: Turn) -> None:
    t.do(SetFollowing(True))
    if t.state == State.REOPEN_REASON:
        reopen.drop(t)
    t.mem.touched_at = t.ctx.now.isoformat()
    t.mem.held = []
    if t.state in DRAFT_STATES:
        t.say(GREETING)
        t.mem.back = t.state
        t.go(State.RESUME)
        return
    if t.state not in (State.RESUME, State.CANCEL_CONFIRM):
        t.state = State.IDLE
    t.replies.append(menu(GREETING))


def _on_global(t: Turn, command: str) -> None:
    if t.state == State.REOPEN_REASON and command == "cancel":
        return reopen.cancel(t)
    if t.state == State.REOPEN_REASON and command in ("menu:complain", "restart", "menu:link"):
        reopen.drop(t)  # then done from where the person was
    state = t.state
    if state in DRAFT_STATES and t.mem.draft.empty and command in ("menu:complain", "restart",
                                                                  "cancel"):
        conf.discard_draft(t)  # nothing was entered: nothing to ask about or to lose
        if command == "cancel":
            t.state = State.IDLE
            return t.replies.append(menu("ยกเลิกแล้ว"))
        return intake.start_complaint(t)
    # linking an old case in the middle of a draft: the draft is still there to go back to
    linking = state in (State.LINK_TRACKING, State.LINK_PHONE) and t.mem.back in DRAFT_STATES
    if (state in (State.LINK_TRACKING, State.LINK_PHONE) and t.mem.back == State.CONSENT
            and command in ("menu:complain", "cancel")):
        t.mem.link_tracking = None  # back to the consent question, with the texts held
        return link.leave_link(t, "ยกเลิกการเชื่อมเรื่องแล้ว" if command == "cancel" else None)
    if command == "menu:complain":
        if state in DRAFT_STATES:
            t.mem.back = state
            return t.go(State.RESUME)
        if linking:
            t.mem.link_tracking = None
            return t.go(State.RESUME)
        if state in (State.RESUME, State.CANCEL_CONFIRM, State.CONSENT):
            return t.reprompt()
        return intake.start_complaint(t)
    if command == "menu:track":
        return t.do(ListCases())
    if command == "menu:help":
        if state == State.IDLE:
            return t.replies.append(menu(HELP))
        t.say(HELP)
        return t.reprompt()
    if command == "menu:link":
        return link.start_link(t)
    has_draft = state in DRAFT_STATES or state in (State.RESUME, State.CANCEL_CONFIRM) or (
        state == State.ANON_TEXT and bool(t.mem.anon))
    if command == "restart":
        return (conf.ask_cancel(t, "restart") if has_draft or linking
                else intake.start_complaint(t))
    if linking:  # cancel leaves the linking, not the draft
        t.mem.link_tracking = None
        return link.leave_link(t, "ยกเลิกการเชื่อมเรื่องแล้ว")
    if has_draft:  # cancel
        return conf.ask_cancel(t, "cancel")
    t.mem.anon, t.mem.pending_parts, t.mem.link_tracking, t.mem.back = [], [], None, None
    t.state = State.IDLE
    t.replies.append(menu("ยกเลิกแล้ว"))


def greeting() -> Say:
    """The first message a new follower reads."""
    return menu(GREETING)
