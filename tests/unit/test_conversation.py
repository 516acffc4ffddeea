"""The conversation machine: greeting, consent, the complaint, category, hospital, summary."""

from __future__ import annotations

import pytest

from core.conversation import inputs
from core.conversation.replies import (
    FileComplaint,
    FileSuggestion,
    KeepEvidence,
    RecordConsent,
    SetFollowing,
    Summary,
)
from core.conversation.states import State
from tests.unit.test_conversation_support import NOTICE, START, Chat, to_phone_step


def test_follow_greets_and_offers_the_menu() -> None:
    chat = Chat()
    texts = chat.send(inputs.Follow())
    assert "ยินดีต้อนรับ" in texts[0] and "สำนักงานประกันสังคม" in texts[0]
    assert chat.buttons() == ["ร้องเรียน", "ติดตามเรื่อง", "เชื่อมเรื่องเดิม", "ช่วยเหลือ"]
    assert chat.effects == [SetFollowing(True)]


def test_first_contact_by_text_is_greeted() -> None:
    chat = Chat()
    assert "ยินดีต้อนรับ" in chat.say("สวัสดี")[0]
    assert chat.state == State.IDLE


def test_privacy_notice_comes_before_any_personal_data() -> None:
    chat = Chat()
    texts = chat.press("menu:complain")
    assert chat.state == State.CONSENT
    assert NOTICE.text in texts[0] and "ฉบับวันที่ 1 พฤศจิกายน 2569" in texts[1]
    assert NOTICE.version not in texts[1]  # a Buddhist-Era date, not 2026-11-01
    assert chat.buttons()[:2] == ["ยินยอม", "ไม่ยินยอม"]


def test_consent_is_recorded_with_version_and_time() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.say("ยินยอม")  # a button typed as its label
    assert chat.state == State.DESCRIBE
    assert chat.effects == [RecordConsent(NOTICE.version, chat.now)]
    assert chat.data["consent"] == {"version": NOTICE.version, "at": chat.now.isoformat()}


def test_a_complaint_typed_before_consent_is_kept_only_after_consent() -> None:
    chat = Chat(first_contact=False)
    chat.say("โรงพยาบาลไม่ยอมรักษาทั้งที่มีสิทธิประกันสังคมค่ะ")
    assert chat.state == State.CONSENT and chat.draft.get("parts", []) == []
    chat.press("consent:yes")
    assert chat.draft["parts"][0]["text"].startswith("โรงพยาบาลไม่ยอมรักษา")
    assert "พิมพ์ไว้ก่อนหน้านี้" in chat.text()


def test_declining_allows_an_anonymous_suggestion_only() -> None:
    chat = Chat()
    chat.press("menu:complain")
    texts = chat.press("consent:no")
    assert chat.state == State.DECLINED and "ไม่ใช่เรื่องร้องเรียนอย่างเป็นทางการ" in texts[0]
    chat.press("anon:start")
    chat.say("อยากให้เพิ่มเจ้าหน้าที่ที่สาขาบางนาช่วงเช้า")
    chat.send(inputs.Media("image", "m1", stored=None, refusal=None))
    assert "รับเฉพาะข้อความ" in chat.text()
    chat.say("ส่งข้อเสนอแนะนี้")
    assert chat.effects == [FileSuggestion("อยากให้เพิ่มเจ้าหน้าที่ที่สาขาบางนาช่วงเช้า")]
    assert not any(isinstance(e, RecordConsent) for e in chat.all_effects)


def test_description_over_several_messages_with_evidence() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    assert "เล่าครบแล้ว" not in chat.buttons()
    chat.say("ไปรักษาที่ รพ.ราชวิถี", "m1")
    chat.say("ถูกเรียกเก็บเงินค่ายา 3,000 บาท", "m2")
    stored = inputs.StoredFile("ab" * 32, 1234, "image/jpeg", "ab/abab.jpg")
    chat.send(inputs.Media("image", "m3", stored=stored))
    assert isinstance(chat.effects[0], KeepEvidence) and "หลักฐาน 1 รายการ" in chat.text()
    chat.send(inputs.Media("file", "m4", "big.pdf", refusal="too_big"))
    assert "10 MB" in chat.text()
    chat.send(inputs.Media("file", "m5", "x.exe", refusal="bad_type"))
    assert "JPEG, PNG" in chat.text()
    assert "เล่าครบแล้ว" in chat.buttons()
    chat.press("describe:done")
    assert chat.state == State.CATEGORY
    assert chat.draft["parts"] == [{"id": "m1", "text": "ไปรักษาที่ รพ.ราชวิถี"},
                                   {"id": "m2", "text": "ถูกเรียกเก็บเงินค่ายา 3,000 บาท"}]


def test_done_too_early_asks_for_more() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("แย่")
    chat.press("describe:done")
    assert chat.state == State.DESCRIBE and "เพิ่มอีกเล็กน้อย" in chat.text()


def test_category_buttons_are_the_best_three_plus_other_categories() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("นายจ้างหักเงินแต่ไม่ส่งประกันสังคม")
    chat.press("describe:done")
    assert chat.buttons() == ["นายจ้าง", "เงินสมทบ/สถานะ", "ข้อเสนอแนะ/อื่น ๆ", "หมวดอื่น ๆ",
                              "ยกเลิก"]
    chat.press("cat:more")
    assert len(chat.buttons()) == 13 and "ชราภาพ" in chat.buttons()


def test_category_typed_as_a_name_or_more_description() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("มีปัญหาเรื่องเงินครับ ช่วยด้วย")
    chat.press("describe:done")
    chat.say("เรื่องนี้เกี่ยวกับนายจ้างที่ไม่ส่งเงิน")  # more description: classified again
    assert chat.state == State.CATEGORY and chat.buttons()[0] == "นายจ้าง"
    assert len(chat.draft["parts"]) == 2
    chat.say("ชราภาพ")  # a category name
    assert chat.draft["category"] == "old_age" and chat.state == State.NAME


def test_medical_complaint_asks_for_the_hospital_and_confirms_a_typo() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("รพ.เรียกเก็บเงินค่ายาเพิ่ม")
    chat.press("describe:done")
    chat.press("cat:medical")
    assert chat.state == State.HOSPITAL
    chat.say("โรงบาล ราชวิถ")
    assert chat.state == State.HOSPITAL_CONFIRM and "โรงพยาบาลราชวิถี" in chat.text()
    chat.say("ใช่")
    assert chat.draft["hospital_id"] == "H015" and chat.state == State.NAME
    assert chat.draft["hospital_text"] == "โรงบาล ราชวิถ"


@pytest.mark.parametrize("answer", ["ใช้ชื่อที่พิมพ์", "ใช่ค่ะ"])
def test_an_unlisted_hospital_is_kept_as_typed(answer: str) -> None:
    """'Not found: keep what you typed, or type it again?' 'Yes' keeps it (it used to ask
    for a number from a list that was never shown)."""
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("คลินิกเรียกเก็บเงินเพิ่มทั้งที่ใช้สิทธิ")
    chat.press("describe:done")
    chat.press("cat:medical")
    chat.say("คลินิกหมอสมศักดิ์ สาขาลาดพร้าว")
    assert "ไม่พบ" in chat.text() and "ใช้ชื่อที่พิมพ์" in chat.buttons()
    chat.say(answer)
    assert "หมายเลข" not in chat.text()
    assert chat.draft["hospital_id"] is None
    assert chat.draft["hospital_text"] == "คลินิกหมอสมศักดิ์ สาขาลาดพร้าว"
    assert chat.state == State.NAME


def test_summary_shows_every_field_and_confirming_files_the_case() -> None:
    chat = Chat()
    to_phone_step(chat, "employer")
    chat.say("081-234-5678")
    assert chat.state == State.CONFIRM
    summary = chat.replies[-1]
    assert isinstance(summary, Summary)
    rows = {row.label: row.value for row in summary.rows}
    assert rows["ชื่อ-นามสกุล"] == "นายสมชาย ใจดี" and rows["โทรศัพท์"] == "081-234-5678"
    assert "เชียงใหม่" in rows["ที่อยู่"] and rows["หมวดหมู่"] == "นายจ้างไม่ปฏิบัติตามกฎหมาย"
    assert all(row.edit for row in summary.rows)
    chat.press("confirm:send")
    [effect] = chat.effects
    assert isinstance(effect, FileComplaint)
    assert effect.draft["phone"] == "0812345678" and effect.consent_version == NOTICE.version


def test_filed_outcome_tells_tracking_number_unit_due_date_and_next_step() -> None:
    from datetime import date, datetime

    chat = Chat()
    to_phone_step(chat)
    chat.say("0812345678")
    chat.press("confirm:send")
    texts = chat.send(inputs.Filed("2569-000042", "สำนักงานประกันสังคมจังหวัดเชียงใหม่",
                                   date(2026, 4, 7), datetime.fromisoformat(
                                       "2026-03-03T14:00:00+00:00"), formal=True))
    assert "2569-000042" in texts[0] and "7 เมษายน 2569" in texts[0]
    assert "36 ชั่วโมง" in texts[0] and "จังหวัดเชียงใหม่" in texts[0]
    assert chat.state == State.IDLE and chat.draft["parts"] == []


def test_editing_one_field_returns_to_the_summary() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.say("0812345678")
    chat.press("confirm:edit")
    assert "แก้เบอร์โทรศัพท์" in chat.buttons()
    chat.press("edit:phone")
    assert chat.state == State.PHONE and "กลับหน้าสรุป" in chat.buttons()
    chat.say("02-123-4567")
    assert chat.state == State.CONFIRM and chat.draft["phone"] == "021234567"
    chat.press("edit:name")
    chat.press("edit:back")
    assert chat.state == State.CONFIRM and chat.draft["first_name"] == "สมชาย"


def test_stale_buttons_do_not_file_twice() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.say("0812345678")
    chat.press("confirm:send")
    chat.send(inputs.FilingFailed("ทดสอบ"))
    assert chat.state == State.CONFIRM and "ทดสอบ" in chat.text()
    chat.press("consent:yes")
    assert "ใช้ไม่ได้ในขั้นตอนนี้" in chat.text() and chat.effects == []
    chat.press("confirm:send")
    chat.send(inputs.Filed("2569-000001", "ศูนย์สารนิเทศ", START.date(), START, formal=True))
    chat.press("confirm:send")  # a second tap on the old summary
    assert chat.effects == [] and chat.state == State.IDLE


def test_typing_the_label_of_a_gallery_button_explains_it() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    texts = chat.say("แนบรูปภาพ")
    assert "เลือกรูปภาพ" in texts[0] and chat.draft["parts"] == []


def test_the_eleventh_file_is_refused_for_the_limit_not_its_type() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    for i in range(10):
        stored = inputs.StoredFile(f"{i:02d}" * 32, 100, "image/jpeg", f"{i:02d}/x.jpg")
        chat.send(inputs.Media("image", f"p{i}", stored=stored))
    assert "หลักฐาน 10 รายการ" in chat.text()
    # the service does not download an 11th file: it comes without content
    chat.send(inputs.Media("image", "p10", refusal="too_many"))
    assert "สูงสุด 10 ไฟล์" in chat.text() and "JPEG, PNG" not in chat.text()
    chat.send(inputs.Media("image", "p11"))  # nor does a file the service did not look at
    assert "สูงสุด 10 ไฟล์" in chat.text() and len(chat.draft["evidence"]) == 10


def test_the_summary_accepts_a_typed_confirmation() -> None:
    for typed in ("ยืนยันค่ะ", "ถูกต้องค่ะ", "ส่งเรื่อง", "ยืนยัน ส่งเรื่องครับ"):
        chat = Chat()
        to_phone_step(chat)
        chat.say("0812345678")
        chat.say(typed)
        assert [type(e) for e in chat.effects] == [FileComplaint], typed


def test_a_text_of_only_spaces_is_an_empty_answer() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    for blank in ("   ", "\u3000\u200b", "\n\t"):
        texts = chat.say(blank)
        assert chat.state == State.DESCRIBE and chat.draft["parts"] == []
        assert "ไม่รองรับ" not in texts[0] and "ไม่เข้าใจ" not in texts[0]
        assert "กรุณาเล่าเรื่อง" in texts[0]
    to_phone_step(chat)
    texts = chat.say("  ")
    assert chat.state == State.PHONE and "ไม่เข้าใจ" not in texts[0]
    assert "หมายเลขโทรศัพท์" in texts[0]


def test_done_phrases_and_button_labels_never_become_the_description() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("เล่าครบแล้ว")  # the button is not shown yet, its label typed first
    assert chat.state == State.DESCRIBE and chat.draft["parts"] == []
    assert "เพิ่มอีกเล็กน้อย" in chat.text()
    chat.say("ยืนยันส่งเรื่อง")  # a label from another step
    assert chat.draft["parts"] == [] and "ใช้ไม่ได้ในขั้นตอนนี้" in chat.text()
    chat.say("นายจ้างหักเงินสมทบแต่ไม่นำส่งประกันสังคม")
    chat.say("ครบแล้วค่ะ")
    assert chat.state == State.CATEGORY and len(chat.draft["parts"]) == 1
    chat.say("เล่าครบแล้ว")  # again, at the category step
    assert chat.state == State.CATEGORY and len(chat.draft["parts"]) == 1
    assert "เลือกหมวดหมู่" in chat.text() and "นายจ้าง" in chat.buttons()
    chat.say("ไม่แน่ใจค่ะ")
    assert chat.state == State.CATEGORY and len(chat.draft["parts"]) == 1
    assert len(chat.buttons()) == 13 and "ข้อเสนอแนะ/อื่น ๆ" in chat.text()
    chat.say("ข้อเสนอแนะ/อื่น ๆ")
    assert chat.draft["category"] == "other" and chat.state == State.NAME
    assert chat.draft["parts"] == [{"id": None,
                                    "text": "นายจ้างหักเงินสมทบแต่ไม่นำส่งประกันสังคม"}]


def test_short_i_am_done_phrases_end_the_description() -> None:
    for typed in ("แค่นี้ค่ะ", "ครบแล้วครับ", "เท่านี้ค่ะ", "หมดแล้วค่ะ", "ไม่มีเพิ่มเติมค่ะ"):
        chat = Chat()
        chat.press("menu:complain")
        chat.press("consent:yes")
        chat.say("คลินิกเรียกเก็บเงินเพิ่มทั้งที่ใช้สิทธิ")
        chat.say(typed)
        assert chat.state == State.CATEGORY and len(chat.draft["parts"]) == 1, typed


def test_every_text_typed_before_consent_is_kept_after_it() -> None:
    chat = Chat(first_contact=False)
    chat.say("โรงพยาบาลไม่ยอมรักษาทั้งที่มีสิทธิประกันสังคมค่ะ", "m1")
    texts = chat.say("เกิดเมื่อวันที่ 3 มีนาคม ที่แผนกฉุกเฉิน", "m2")
    assert chat.state == State.CONSENT and chat.draft.get("parts", []) == []
    assert "ได้รับข้อความแล้ว" in texts[0] and chat.buttons()[:2] == ["ยินยอม", "ไม่ยินยอม"]
    chat.say("ข้อความที่ส่งผิด", "m3")
    chat.send(inputs.Unsend("m3"))  # unsent before consent: not kept either
    chat.send(inputs.Edited("m2", "เกิดเมื่อวันที่ 4 มีนาคม ที่แผนกฉุกเฉิน"))
    chat.press("consent:yes")
    assert chat.draft["parts"] == [
        {"id": "m1", "text": "โรงพยาบาลไม่ยอมรักษาทั้งที่มีสิทธิประกันสังคมค่ะ"},
        {"id": "m2", "text": "เกิดเมื่อวันที่ 4 มีนาคม ที่แผนกฉุกเฉิน"}]
    assert "2 ข้อความ" in chat.text() and chat.data["pending_parts"] == []


def test_texts_before_consent_are_kept_up_to_the_description_limit() -> None:
    chat = Chat(first_contact=False)
    chat.say("ก" * 6000)
    assert "ยาวเกิน" in chat.say("ข" * 6000)[0]
    chat.press("consent:yes")
    assert [len(p["text"]) for p in chat.draft["parts"]] == [6000]


def test_texts_before_consent_are_forgotten_when_declined() -> None:
    chat = Chat(first_contact=False)
    chat.say("โรงพยาบาลไม่ยอมรักษาทั้งที่มีสิทธิประกันสังคมค่ะ")
    chat.say("อีกข้อความหนึ่ง")
    chat.press("consent:no")
    assert chat.data["pending_parts"] == [] and chat.state == State.DECLINED


def test_a_suggestion_typed_after_declining_is_kept_until_sent() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:no")
    texts = chat.say("ควรเปิดสาขาบางนาวันเสาร์")
    assert chat.state == State.ANON_TEXT and chat.data["anon"] == ["ควรเปิดสาขาบางนาวันเสาร์"]
    assert "ไม่ระบุตัวตน" in texts[0] and "ส่งข้อเสนอแนะนี้" in chat.buttons()
    assert chat.effects == []  # nothing is sent before the button
    chat.say("และเพิ่มเจ้าหน้าที่ช่วงเช้า")
    chat.say("ส่งข้อเสนอแนะนี้")
    assert chat.effects == [FileSuggestion("ควรเปิดสาขาบางนาวันเสาร์\nและเพิ่มเจ้าหน้าที่ช่วงเช้า")]


def test_thanks_after_declining_is_not_a_suggestion() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:no")
    chat.say("ขอบคุณค่ะ")
    assert chat.state == State.DECLINED and chat.data["anon"] == []


def test_the_privacy_notice_is_sent_once_then_a_short_question() -> None:
    from datetime import timedelta

    chat = Chat()
    for _ in range(5):  # lock linking, to see its message in the consent step
        chat.press("menu:link")
        chat.say("2569-000123")
        chat.say("0000")
        chat.send(inputs.LinkResult(False, "2569-000123"))
    chat.press("menu:complain")
    assert chat.text().count(NOTICE.text) == 1
    steps = [(inputs.Text("ช่วยเหลือ"), "วิธีใช้งาน"), (inputs.Command("menu:track"), None),
             (inputs.CaseList(()), "ยังไม่มีเรื่องร้องเรียน"),
             (inputs.Command("menu:link"), "ลองใหม่หลัง"),
             (inputs.Text("เรื่องของฉันคือโรงพยาบาลเก็บเงิน"), "ได้รับข้อความแล้ว"),
             (inputs.Command("menu:complain"), None), (inputs.Sticker(), None)]
    for event, said in steps:
        chat.send(event)
        assert chat.state == State.CONSENT and NOTICE.text not in chat.text()
        if said:
            assert said in chat.text()
        if chat.replies:
            assert chat.buttons()[:3] == ["ยินยอม", "ไม่ยินยอม", "อ่านประกาศ"]
            assert "ฉบับวันที่ 1 พฤศจิกายน 2569" in chat.text()
    chat.say("อ่านประกาศ")
    assert NOTICE.text in chat.text() and chat.state == State.CONSENT
    chat.press("consent:notice")
    assert NOTICE.text in chat.text()
    chat.press("consent:no")
    chat.send(inputs.Command("menu:complain"), after=timedelta(minutes=5))
    assert NOTICE.text in chat.text()  # a new request: the notice in full again


def test_texts_held_before_consent_survive_linking_and_go_with_a_follow() -> None:
    chat = Chat(first_contact=False)
    chat.say("โรงพยาบาลไม่ยอมรักษาทั้งที่มีสิทธิประกันสังคมค่ะ", "m1")
    chat.press("menu:link")
    chat.press("cancel")
    assert chat.state == State.CONSENT and len(chat.data["pending_parts"]) == 1
    chat.press("menu:link")
    chat.say("2569-000123")
    chat.say("5678")
    chat.send(inputs.LinkResult(True, "2569-000123"))
    assert chat.state == State.CONSENT and NOTICE.text not in chat.text()
    assert "1 ข้อความ" in chat.text()
    chat.send(inputs.Follow())  # unblocked later: back to the menu, nothing kept
    assert chat.state == State.IDLE and chat.data["pending_parts"] == []
