"""What each state asks, in Thai: the left column of the conversation's table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from core.conversation import commands as c
from core.conversation.context import Context
from core.conversation.memory import Memory
from core.conversation.replies import Choice, Reply, Say
from core.conversation.states import State
from core.conversation.summary import summary_card
from core.domain.categories import category_by_key, load_categories
from core.domain.clock import BANGKOK
from core.domain.thaidate import thai_datetime

GREETING = (
    "สวัสดีค่ะ ยินดีต้อนรับสู่ช่องทางรับเรื่องร้องเรียนของสำนักงานประกันสังคม (สปส.) ทาง LINE\n\n"
    "ที่นี่ท่านสามารถ\n"
    "• ร้องเรียนเรื่องสิทธิประกันสังคม การรักษาพยาบาล เงินทดแทน นายจ้าง "
    "หรือการให้บริการของ สปส. และรับเลขที่เรื่องไว้ติดตาม\n"
    "• ติดตามสถานะและความคืบหน้าเรื่องของท่าน\n"
    "• เชื่อมเรื่องที่เคยร้องเรียนทางโทรศัพท์หรือจดหมาย เพื่อรับแจ้งความคืบหน้าทาง LINE\n\n"
    "กรุณาเลือกเมนูด้านล่าง"
)
HELP = (
    "วิธีใช้งาน\n"
    "• ร้องเรียน: เล่าเรื่อง เลือกหมวดหมู่ แล้วกรอกชื่อ-นามสกุล ที่อยู่ และเบอร์โทรศัพท์ "
    "ตรวจสอบสรุปแล้วกดยืนยัน จะได้รับเลขที่เรื่องไว้ติดตาม\n"
    "• ติดตามเรื่อง: ดูสถานะ ความคืบหน้าล่าสุด และกำหนดแล้วเสร็จของเรื่องของท่าน\n"
    "• เชื่อมเรื่องเดิม: ใช้เลขที่เรื่องและเลข 4 หลักท้ายของเบอร์โทรศัพท์ที่ให้ไว้ "
    "เพื่อรับแจ้งความคืบหน้าทาง LINE\n"
    "• พิมพ์ \"ยกเลิก\" หรือ \"เริ่มใหม่\" ได้ทุกขั้นตอน ปุ่มทุกปุ่มพิมพ์เป็นข้อความได้เช่นกัน\n\n"
    "สอบถามเพิ่มเติม สายด่วนประกันสังคม 1506"
)
MENU_TEXT = "ต้องการทำรายการใด กรุณาเลือกเมนูด้านล่าง"


def menu(lead: str = MENU_TEXT) -> Say:
    """The main menu with its buttons."""
    return Say(lead, c.MENU)


def _idle(mem: Memory, ctx: Context) -> list[Reply]:
    return [menu()]


def _consent(mem: Memory, ctx: Context) -> list[Reply]:
    notice = ctx.notice
    if mem.notice_shown == notice.version:  # sent in full already: the short question
        held = (f"\nข้อความที่ท่านพิมพ์ไว้ ({len(mem.pending_parts)} ข้อความ) "
                "จะบันทึกเป็นรายละเอียดเรื่องเมื่อท่านกด \"ยินยอม\"" if mem.pending_parts else "")
        return [Say(f"กรุณากด \"ยินยอม\" หรือ \"ไม่ยินยอม\" ต่อการเก็บและใช้ข้อมูลส่วนบุคคล"
                    f"ตามประกาศ \"{notice.title}\" ({notice.edition_th}) "
                    f"กด \"อ่านประกาศ\" เพื่ออ่านประกาศอีกครั้ง{held}",
                    (c.CONSENT_YES, c.CONSENT_NO, c.READ_NOTICE, c.HELP))]
    return [
        Say(f"{notice.title}\n\n{notice.text}"),
        Say("ก่อนรับเรื่องร้องเรียน สปส. ขอความยินยอมจากท่านในการเก็บและใช้ข้อมูลส่วนบุคคล"
            f"ตามประกาศข้างต้น ({notice.edition_th}) ท่านยินยอมหรือไม่",
            (c.CONSENT_YES, c.CONSENT_NO, c.HELP)),
    ]


def _declined(mem: Memory, ctx: Context) -> list[Reply]:
    return [Say(
        "รับทราบค่ะ สปส. จะไม่เก็บข้อมูลส่วนบุคคลของท่าน\n\n"
        "หากต้องการ ท่านยังส่งข้อเสนอแนะแบบไม่ระบุตัวตนได้ "
        "ข้อเสนอแนะนี้ไม่ใช่เรื่องร้องเรียนอย่างเป็นทางการ สปส. จึงจะไม่ติดต่อกลับหรือแจ้งผล",
        (c.ANON_START, c.COMPLAIN, c.HELP))]


def _anon_text(mem: Memory, ctx: Context) -> list[Reply]:
    if mem.anon:
        return [Say(f"รับข้อความแล้ว ({len(mem.anon)} ข้อความ) พิมพ์เพิ่มได้ "
                    "หรือกด \"ส่งข้อเสนอแนะนี้\"", (c.ANON_SEND, c.CANCEL))]
    return [Say("พิมพ์ข้อเสนอแนะของท่านได้เลย ไม่ต้องระบุชื่อหรือข้อมูลส่วนตัว "
                "พิมพ์เสร็จแล้วกด \"ส่งข้อเสนอแนะนี้\"", (c.CANCEL,))]


def _describe(mem: Memory, ctx: Context) -> list[Reply]:
    draft = mem.draft
    if mem.editing == "description":
        return [Say("พิมพ์รายละเอียดใหม่ได้เลย ข้อความใหม่จะแทนที่ข้อความเดิม "
                    "(รูปภาพและไฟล์แนบยังอยู่ครบ)", (c.CANCEL,))]
    if draft.parts or draft.evidence:
        counts = f"{len(draft.parts)} ข้อความ"
        if draft.evidence:
            counts += f" หลักฐาน {len(draft.evidence)} รายการ"
        return [Say(f"รับแล้ว ({counts}) เล่าเพิ่มเติมหรือแนบรูปภาพ/ไฟล์ PDF ได้อีก "
                    "เมื่อเล่าครบแล้วกด \"เล่าครบแล้ว\"", (c.DONE, c.PHOTO, c.CANCEL))]
    return [Say("กรุณาเล่าเรื่องที่ต้องการร้องเรียน เช่น เกิดอะไรขึ้น ที่ไหน เมื่อไร "
                "และต้องการให้ สปส. ช่วยเหลืออย่างไร\n"
                "พิมพ์ได้หลายข้อความ และแนบรูปภาพหรือไฟล์ PDF เป็นหลักฐานได้ "
                "เมื่อเล่าครบแล้วกด \"เล่าครบแล้ว\"", (c.PHOTO, c.CANCEL))]


def category_choices(keys: list[str]) -> tuple[Choice, ...]:
    """One button per category key."""
    return tuple(Choice(category_by_key(k).label, f"cat:{k}") for k in keys)


def _category(mem: Memory, ctx: Context) -> list[Reply]:
    keys = mem.draft.suggestions[:3]
    if not keys:
        return all_categories()
    names = "\n".join(f"• {category_by_key(k).name_th}" for k in keys)
    return [Say("เรื่องของท่านน่าจะอยู่ในหมวดใด กรุณาเลือกหมวดหมู่\n"
                f"{names}\n\nหากไม่ตรง กด \"หมวดอื่น ๆ\" หรือพิมพ์อธิบายเพิ่มเติม",
                (*category_choices(keys), c.CATEGORY_MORE, c.CANCEL))]


def all_categories(lead: str | None = None) -> list[Reply]:
    """Every category as a button (twelve, plus cancel: within LINE's 13)."""
    keys = [category.key for category in load_categories()]
    text = "กรุณาเลือกหมวดหมู่ของเรื่องร้องเรียน"
    return [Say(f"{lead}\n\n{text}" if lead else text, (*category_choices(keys), c.CANCEL))]


def _hospital(mem: Memory, ctx: Context) -> list[Reply]:
    return [Say("เรื่องนี้เกี่ยวกับสถานพยาบาลใด กรุณาพิมพ์ชื่อโรงพยาบาลหรือคลินิก "
                "เช่น รพ.ราชวิถี หรือ โรงพยาบาลกลาง", (c.HOSPITAL_SKIP, c.CANCEL))]


def hospital_label(index: int, name: str) -> str:
    """A numbered button label for a hospital, at most 20 characters."""
    short = name.replace("โรงพยาบาล", "รพ.")
    label = f"{index}. {short}"
    return label if len(label) <= 20 else label[:19] + "…"


def _hospital_confirm(mem: Memory, ctx: Context) -> list[Reply]:
    draft = mem.draft
    found = draft.hospital_candidates
    if len(found) == 1:
        return [Say(f"หมายถึง \"{found[0]['name']}\" ใช่ไหมคะ",
                    (Choice("ใช่", f"hosp:{found[0]['id']}"), c.HOSPITAL_RETYPE,
                     c.HOSPITAL_TYPED, c.CANCEL))]
    if found:
        lines = "\n".join(f"{i}. {h['name']}" for i, h in enumerate(found, 1))
        buttons = tuple(Choice(hospital_label(i, h["name"]), f"hosp:{h['id']}")
                        for i, h in enumerate(found, 1))
        return [Say(f"หมายถึงสถานพยาบาลใดคะ\n{lines}\n\nหากไม่มีในรายการ "
                    "กด \"ใช้ชื่อที่พิมพ์\" หรือพิมพ์ชื่อใหม่",
                    (*buttons, c.HOSPITAL_TYPED, c.HOSPITAL_RETYPE, c.CANCEL))]
    return [Say(f"ไม่พบ \"{draft.hospital_text}\" ในรายชื่อสถานพยาบาลในเครือข่ายประกันสังคม "
                "จะบันทึกตามที่ท่านพิมพ์ หรือพิมพ์ชื่อใหม่ก็ได้",
                (c.HOSPITAL_TYPED, c.HOSPITAL_RETYPE, c.CANCEL))]


def _name(mem: Memory, ctx: Context) -> list[Reply]:
    return [Say("กรุณาพิมพ์ชื่อและนามสกุลของท่าน (มีคำนำหน้าได้) เช่น นางสาวสมใจ ใจดี",
                (c.CANCEL,))]


def _surname(mem: Memory, ctx: Context) -> list[Reply]:
    return [Say(f"ขอนามสกุลด้วยค่ะ (ชื่อ: {mem.draft.first_name}) เช่น ใจดี", (c.CANCEL,))]


def _address(mem: Memory, ctx: Context) -> list[Reply]:
    return [Say("กรุณาพิมพ์ที่อยู่ที่ติดต่อได้ (บ้านเลขที่ ถนน ตำบล/แขวง อำเภอ/เขต จังหวัด "
                "รหัสไปรษณีย์) หรือกด \"ส่งตำแหน่งที่ตั้ง\"", (c.SEND_LOCATION, c.CANCEL))]


def _province(mem: Memory, ctx: Context) -> list[Reply]:
    return [Say("ที่อยู่นี้อยู่จังหวัดใดคะ กรุณาพิมพ์ชื่อจังหวัดหรือรหัสไปรษณีย์ "
                "เช่น เชียงใหม่ หรือ กทม.", (c.CANCEL,))]


def _district(mem: Memory, ctx: Context) -> list[Reply]:
    return [Say("อยู่เขตใดของกรุงเทพมหานครคะ เช่น บางรัก หรือ จตุจักร",
                (c.DISTRICT_SKIP, c.CANCEL))]


def _phone(mem: Memory, ctx: Context) -> list[Reply]:
    return [Say("กรุณาพิมพ์หมายเลขโทรศัพท์ที่ติดต่อได้ เช่น 081-234-5678 หรือ 02-123-4567",
                (c.CANCEL,))]


def _confirm(mem: Memory, ctx: Context) -> list[Reply]:
    return [summary_card(mem.draft)]


def _cancel_confirm(mem: Memory, ctx: Context) -> list[Reply]:
    if mem.pending == "restart":
        return [Say("ต้องการเริ่มกรอกเรื่องใหม่ตั้งแต่ต้นใช่ไหม ข้อมูลที่กรอกไว้จะถูกลบ",
                    (c.CANCEL_YES, c.CANCEL_NO))]
    return [Say("ต้องการยกเลิกเรื่องที่กำลังกรอกใช่ไหม ข้อมูลที่กรอกไว้จะถูกลบ",
                (c.CANCEL_YES, c.CANCEL_NO))]


def _resume(mem: Memory, ctx: Context) -> list[Reply]:
    held = (f"\nได้รับข้อความที่ท่านส่งมาแล้ว ({len(mem.held)} ข้อความ) จะใช้ต่อเมื่อกด \"ทำต่อ\""
            if mem.held else "")
    return [Say(f"ท่านมีเรื่องร้องเรียนที่ยังกรอกไม่เสร็จ{started(mem)} ต้องการทำต่อหรือเริ่มใหม่"
                f"{held}", (c.CONTINUE, c.START_OVER, c.CANCEL))]


def started(mem: Memory) -> str:
    """" (เริ่มเมื่อ …)": when the draft was started, if known."""
    at = mem.draft.started_at
    return f" (เริ่มเมื่อ {_thai_moment(at)})" if at else ""


def _link_tracking(mem: Memory, ctx: Context) -> list[Reply]:
    return [Say("กรุณาพิมพ์เลขที่เรื่องร้องเรียนที่ได้รับจากเจ้าหน้าที่ เช่น 2569-000123",
                (c.CANCEL,))]


def _link_phone(mem: Memory, ctx: Context) -> list[Reply]:
    return [Say("กรุณาพิมพ์เลข 4 หลักสุดท้ายของหมายเลขโทรศัพท์ที่ให้ไว้ตอนร้องเรียน เช่น 5678",
                (c.CANCEL,))]


def _reopen_reason(mem: Memory, ctx: Context) -> list[Reply]:
    tracking_no = (mem.reopen or {}).get("tracking_no", "")
    return [Say(f"กรุณาพิมพ์เหตุผลสั้น ๆ ที่ขอเปิดเรื่องเลขที่ {tracking_no} ใหม่ "
                "เช่น ยังไม่ได้รับเงิน หรือปัญหายังไม่ได้รับการแก้ไข "
                "เจ้าหน้าที่จะใช้ประกอบการพิจารณา\n"
                "หากไม่ต้องการขอเปิดเรื่องใหม่ กด \"ยกเลิก\"", (c.CANCEL,))]


def _thai_moment(iso: str) -> str:
    return thai_datetime(datetime.fromisoformat(iso).astimezone(BANGKOK))


PROMPTS: dict[State, Callable[[Memory, Context], list[Reply]]] = {
    State.IDLE: _idle, State.CONSENT: _consent, State.DECLINED: _declined,
    State.ANON_TEXT: _anon_text, State.DESCRIBE: _describe, State.CATEGORY: _category,
    State.HOSPITAL: _hospital, State.HOSPITAL_CONFIRM: _hospital_confirm, State.NAME: _name,
    State.SURNAME: _surname, State.ADDRESS: _address, State.PROVINCE: _province,
    State.DISTRICT: _district, State.PHONE: _phone, State.CONFIRM: _confirm,
    State.CANCEL_CONFIRM: _cancel_confirm, State.RESUME: _resume,
    State.LINK_TRACKING: _link_tracking, State.LINK_PHONE: _link_phone,
    State.REOPEN_REASON: _reopen_reason,
}


EDIT_STATES = frozenset({State.DESCRIBE, State.CATEGORY, State.HOSPITAL, State.HOSPITAL_CONFIRM,
                         State.NAME, State.SURNAME, State.ADDRESS, State.PROVINCE,
                         State.DISTRICT, State.PHONE})


def prompt_for(state: State, mem: Memory, ctx: Context) -> list[Reply]:
    """What a state says when the conversation arrives in it."""
    replies = PROMPTS[state](mem, ctx)
    last = replies[-1] if replies else None
    if mem.editing and state in EDIT_STATES and isinstance(last, Say):
        keep = tuple(ch for ch in last.choices if ch.command != "cancel")
        tail = (c.BACK_TO_SUMMARY, c.CANCEL) if len(keep) < 12 else (c.BACK_TO_SUMMARY,)
        replies[-1] = Say(last.text, (*keep, *tail))
    return replies


def offered(state: State, mem: Memory, ctx: Context) -> list[Choice]:
    """Every button the state's prompt shows (their labels may be typed)."""
    choices: list[Choice] = []
    for reply in prompt_for(state, mem, ctx):
        choices.extend(reply.choices)
        choices.extend(getattr(reply, "actions", ()))
        for row in getattr(reply, "rows", ()):
            if row.edit:
                choices.append(row.edit)
    if state == State.CONFIRM:
        choices.extend((*c.EDIT_FIELDS, Choice("แก้ไข", "confirm:edit")))
    return choices
