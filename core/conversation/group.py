"""Groups and rooms: nothing personal is collected there; people are sent to the 1:1 chat."""

from __future__ import annotations

from core.conversation import inputs
from core.conversation.commands import fold, staff_link_code, typed_command
from core.conversation.replies import Effect, RecordGroup, Reply, Say

PRIVATE_CHAT = ("เพื่อคุ้มครองข้อมูลส่วนบุคคล บัญชีนี้ไม่รับเรื่องร้องเรียนในกลุ่ม "
                "กรุณาร้องเรียนหรือติดตามเรื่องในแชตส่วนตัว (1:1) กับบัญชีนี้")
ID_WORDS = {"groupid", "roomid", "รหัสกลุ่ม", "ไอดีกลุ่ม"}


def join_text(group_id: str) -> str:
    """What the bot says when it is added to a group: a greeting and the way to the 1:1 chat.
    The group may be one of complainants, so no ID or command here: staff ask for the ID
    (ID_WORDS) when they register a unit's group."""
    return ("สวัสดีค่ะ บัญชีรับเรื่องร้องเรียนของสำนักงานประกันสังคมเข้าร่วมกลุ่มแล้ว\n\n"
            + PRIVATE_CHAT)


def id_text(group_id: str) -> str:
    """The group's ID, for an administrator who registers a unit's alert group."""
    return (f"รหัสของกลุ่มนี้: {group_id}\n"
            "ผู้ดูแลระบบนำรหัสนี้ไปลงทะเบียนเป็นกลุ่มรับแจ้งเตือนของหน่วยงานได้ที่หน้าหน่วยงาน")


def advance_group(event: inputs.Input, *, group_id: str, kind: str,
                  mentioned: bool = False) -> tuple[list[Reply], list[Effect]]:
    """Replies and effects for an event in a group or room (no conversation is kept)."""
    if isinstance(event, inputs.Join):
        return [Say(join_text(group_id))], [RecordGroup(group_id, kind, joined=True)]
    if isinstance(event, inputs.Leave):
        return [], [RecordGroup(group_id, kind, joined=False)]
    if isinstance(event, inputs.Command):
        return [Say(PRIVATE_CHAT)], []
    if isinstance(event, inputs.Text):
        if fold(event.text) in ID_WORDS:
            return [Say(id_text(group_id))], []
        if mentioned or typed_command(event.text, ()) or staff_link_code(event.text):
            return [Say(PRIVATE_CHAT)], []
    return [], []
