"""The conversation machine: what works at any point (cancel, start over, track, help, link),
returning after a while, groups, and unsent or edited messages."""

from __future__ import annotations

from datetime import date, timedelta

from core.conversation import inputs
from core.conversation.group import advance_group
from core.conversation.replies import (
    DropEvidence,
    FileComplaint,
    KeepEvidence,
    LinkCase,
    LinkStaff,
    ListCases,
    RecordGroup,
    SetFollowing,
    Summary,
)
from core.conversation.states import State
from tests.unit.test_conversation_support import Chat, to_phone_step


def test_cancel_asks_first_and_no_keeps_the_draft() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.say("ยกเลิก")
    assert chat.state == State.CANCEL_CONFIRM and chat.buttons() == ["ใช่", "ไม่ใช่ ทำต่อ"]
    chat.press("cancel:no")
    assert chat.state == State.PHONE and chat.draft["first_name"] == "สมชาย"


def test_cancel_yes_forgets_the_draft_and_its_evidence() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    stored = inputs.StoredFile("cd" * 32, 10, "image/png", "cd/cdcd.png")
    chat.send(inputs.Media("image", "m7", stored=stored))
    chat.press("cancel")
    chat.press("cancel:yes")
    assert chat.state == State.IDLE and chat.draft.get("evidence") == []
    assert chat.effects == [DropEvidence("m7")] and "ยกเลิก" in chat.text()


def test_start_over_asks_then_restarts_without_asking_consent_again() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.say("เริ่มใหม่")
    assert chat.state == State.CANCEL_CONFIRM and "เริ่มกรอกเรื่องใหม่" in chat.text()
    chat.press("cancel:yes")
    assert chat.state == State.DESCRIBE and chat.draft["parts"] == []


def test_track_and_help_keep_the_current_step() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.say("ติดตามเรื่อง")
    assert chat.effects == [ListCases()] and chat.state == State.PHONE
    texts = chat.send(inputs.CaseList((inputs.CaseLine(
        "2569-000007", "กำลังดำเนินการ", "ชราภาพ", date(2026, 2, 2), date(2026, 3, 9),
        "ความคืบหน้า: ติดต่อสาขาแล้ว", closed=False),)))
    assert "2569-000007" in texts[0] and "9 มีนาคม 2569" in texts[0]
    assert "ติดต่อสาขาแล้ว" in texts[0] and "โทรศัพท์" in texts[-1]
    texts = chat.say("ช่วยเหลือ")
    assert "วิธีใช้งาน" in texts[0] and "1506" in texts[0] and chat.state == State.PHONE


def test_no_cases_points_to_linking() -> None:
    chat = Chat()
    chat.press("menu:track")
    texts = chat.send(inputs.CaseList(()))
    assert "เชื่อมเรื่องเดิม" in texts[0] and "เชื่อมเรื่องเดิม" in chat.buttons()


def test_a_returning_person_is_asked_whether_to_continue() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.say("0812345678", after=timedelta(days=6))
    assert chat.state == State.RESUME and "ทำต่อ" in chat.buttons()
    assert "phone" not in chat.draft or chat.draft["phone"] is None
    chat.say("ทำต่อ")  # the number sent on return is used
    assert chat.state == State.CONFIRM and chat.draft["phone"] == "0812345678"


def test_resume_start_over_discards_the_old_draft() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.send(inputs.Follow(), after=timedelta(days=2))
    assert chat.state == State.RESUME and "ยินดีต้อนรับ" in chat.text()
    chat.press("resume:restart")
    assert chat.state == State.DESCRIBE and chat.draft["first_name"] is None


def test_a_draft_is_kept_at_least_seven_days_and_forgotten_after_thirty() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.say("สวัสดี", after=timedelta(days=7, hours=1))
    assert chat.state == State.RESUME and chat.draft["first_name"] == "สมชาย"
    chat.say("สวัสดี", after=timedelta(days=31))
    assert chat.state == State.IDLE and chat.draft["first_name"] is None
    assert "30 วัน" in chat.text()


def test_linking_a_phone_case() -> None:
    chat = Chat()
    chat.say("เชื่อมเรื่องเดิม")
    assert chat.state == State.LINK_TRACKING
    chat.say("๒๕๖๙-๐๐๐๑๒๓")
    assert chat.state == State.LINK_PHONE
    chat.say("5678")
    assert chat.effects == [LinkCase("2569-000123", "5678")]
    texts = chat.send(inputs.LinkResult(True, "2569-000123"))
    assert "2569-000123" in texts[0] and chat.state == State.IDLE


def test_wrong_link_attempts_are_throttled() -> None:
    chat = Chat()
    for _ in range(5):
        chat.press("menu:link")
        chat.say("2569-000123")
        chat.say("0000")
        chat.send(inputs.LinkResult(False, "2569-000123"))
    assert "ลองใหม่หลัง" in chat.text()
    chat.press("menu:link")
    assert chat.state != State.LINK_TRACKING and "ลองใหม่หลัง" in chat.text()
    chat.send(inputs.Command("menu:link"), after=timedelta(hours=2))
    assert chat.state == State.LINK_TRACKING


def test_bad_tracking_numbers_and_digits_are_explained() -> None:
    chat = Chat()
    chat.press("menu:link")
    assert "เช่น 2569-000123" in chat.say("ABC")[0]
    chat.say("2569000123")
    assert chat.state == State.LINK_PHONE
    assert "4 หลัก" in chat.say("12")[0]


def test_staff_link_code() -> None:
    chat = Chat()
    chat.say("LINK 123456")
    assert chat.effects == [LinkStaff("123456")]
    texts = chat.send(inputs.StaffLinkResult(True, "officer1"))
    assert "officer1" in texts[0]
    chat.say("เชื่อมบัญชี ๖๕๔๓๒๑")
    assert chat.effects == [LinkStaff("654321")]


def test_unfollow_and_unsend_and_edit() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("ข้อความแรกที่ยาวพอสมควร", "m1")
    chat.say("ข้อความที่สองพิมพ์ผิด", "m2")
    stored = inputs.StoredFile("ef" * 32, 10, "image/png", "ef/efef.png")
    chat.send(inputs.Media("image", "m3", stored=stored))
    chat.send(inputs.Unsend("m2"))
    assert [p["id"] for p in chat.draft["parts"]] == ["m1"] and chat.replies == []
    chat.send(inputs.Unsend("m3"))
    assert chat.effects == [DropEvidence("m3")] and chat.draft["evidence"] == []
    chat.send(inputs.Edited("m1", "ข้อความแรกที่แก้แล้ว"))
    assert chat.draft["parts"][0]["text"] == "ข้อความแรกที่แก้แล้ว"
    chat.send(inputs.Unfollow())
    assert chat.effects == [SetFollowing(False)] and chat.replies == []
    assert chat.state == State.DESCRIBE


def test_groups_collect_nothing_and_point_to_the_private_chat() -> None:
    group = "C" + "1" * 32
    replies, effects = advance_group(inputs.Join(), group_id=group, kind="group")
    assert group not in replies[0].text and "link-line" not in replies[0].text
    assert "แชตส่วนตัว" in replies[0].text  # a complainants' group sees no ID or command
    assert effects == [RecordGroup(group, "group", joined=True)]
    replies, effects = advance_group(inputs.Text("รหัสกลุ่ม"), group_id=group, kind="group")
    assert group in replies[0].text and "ลงทะเบียน" in replies[0].text and effects == []
    replies, effects = advance_group(inputs.Text("ร้องเรียน"), group_id=group, kind="group")
    assert "แชตส่วนตัว" in replies[0].text and effects == []
    assert advance_group(inputs.Text("คุยกันเรื่องอื่น"), group_id=group, kind="group") == ([], [])
    replies, _ = advance_group(inputs.Text("เจ้าหน้าที่ครับ"), group_id=group, kind="group",
                               mentioned=True)
    assert "แชตส่วนตัว" in replies[0].text
    _, effects = advance_group(inputs.Leave(), group_id=group, kind="group")
    assert effects == [RecordGroup(group, "group", joined=False)]


def test_cancel_or_start_over_with_nothing_entered_does_not_ask() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    texts = chat.say("ยกเลิก")
    assert chat.state == State.IDLE and "จะถูกลบ" not in chat.text() and "ยกเลิก" in texts[0]
    chat.press("menu:complain")
    chat.say("เริ่มใหม่")
    assert chat.state == State.DESCRIBE and "จะถูกลบ" not in chat.text()
    chat.press("menu:complain")  # nothing to continue either
    assert chat.state == State.DESCRIBE and "ยังกรอกไม่เสร็จ" not in chat.text()
    chat.say("ข้อความแรก", after=timedelta(hours=3))  # nor after a pause
    assert chat.state == State.DESCRIBE and chat.draft["parts"][0]["text"] == "ข้อความแรก"
    chat.say("ยกเลิก")
    assert chat.state == State.CANCEL_CONFIRM and "จะถูกลบ" in chat.text()


def test_a_case_linked_to_another_account_is_explained_and_not_counted() -> None:
    chat = Chat()
    for _ in range(6):
        chat.press("menu:link")
        chat.say("2569-000123")
        chat.say("5678")
        texts = chat.send(inputs.LinkResult(False, "2569-000123", linked_elsewhere=True))
        assert "บัญชี LINE อื่น" in texts[0] and "1506" in texts[0] and "ไม่พบ" not in texts[0]
    assert chat.data["link_attempts"] == 0 and chat.data["link_locked_until"] is None
    chat.press("menu:link")
    assert chat.state == State.LINK_TRACKING


def test_complain_or_start_over_in_the_link_step_keeps_the_draft() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.press("menu:link")
    assert chat.state == State.LINK_TRACKING
    chat.press("menu:complain")  # the rich menu's ร้องเรียน
    assert chat.state == State.RESUME and chat.buttons()[:2] == ["ทำต่อ", "เริ่มใหม่"]
    assert chat.draft["first_name"] == "สมชาย" and chat.effects == []
    chat.press("resume:continue")
    assert chat.state == State.PHONE
    chat.press("menu:link")
    chat.say("2569-000123")
    assert chat.state == State.LINK_PHONE
    chat.say("เริ่มใหม่")
    assert chat.state == State.CANCEL_CONFIRM and "เริ่มกรอกเรื่องใหม่" in chat.text()
    assert chat.draft["first_name"] == "สมชาย"
    chat.press("cancel:no")
    assert chat.state == State.PHONE and chat.draft["first_name"] == "สมชาย"
    assert chat.data["link_tracking"] is None
    chat.press("menu:link")
    chat.press("restart")
    chat.press("cancel:yes")  # asked first, then started over
    assert chat.state == State.DESCRIBE and chat.draft["first_name"] is None


def test_linking_from_the_continue_question_returns_to_the_draft() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.press("menu:complain")
    assert chat.state == State.RESUME
    chat.press("menu:link")
    chat.say("2569-000123")
    chat.say("5678")
    chat.send(inputs.LinkResult(True, "2569-000123"))
    assert chat.state == State.PHONE and chat.draft["first_name"] == "สมชาย"
    chat.press("menu:complain")
    chat.press("cancel")  # from the "really cancel?" question too
    chat.press("menu:link")
    chat.press("cancel")  # leaves linking only
    assert chat.state == State.PHONE and "ยกเลิกการเชื่อมเรื่อง" in chat.text()


def consented_chat() -> Chat:
    chat = Chat(first_contact=False)
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.press("cancel")
    assert chat.state == State.IDLE
    return chat


def test_a_tracking_request_lists_the_cases_and_opens_no_complaint() -> None:
    chat = consented_chat()
    chat.say("สอบถามความคืบหน้าเรื่อง 2569-000001 ค่ะ")
    assert chat.effects == [ListCases("2569-000001")] and chat.state == State.IDLE
    assert chat.draft["parts"] == []
    texts = chat.send(inputs.CaseList((), asked="2569-000001"))
    assert "2569-000001" in texts[0] and "เชื่อมเรื่องเดิม" in texts[0]
    for typed in ("ติดตามเรื่องร้องเรียนค่ะ", "เรื่องของดิฉันถึงไหนแล้วคะ", "ขอทราบสถานะเรื่องร้องเรียน",
                  "๒๕๖๙-๐๐๐๐๐๒", "เรื่องเลขที่ 2569 000002 ค่ะ"):
        chat.say(typed)
        assert [type(e) for e in chat.effects] == [ListCases], typed
        assert chat.state == State.IDLE and chat.draft["parts"] == []


def test_a_listed_case_asked_for_by_number_is_not_said_missing() -> None:
    line = inputs.CaseLine("2569-000007", "กำลังดำเนินการ", "ชราภาพ", date(2026, 2, 2),
                           date(2026, 3, 9), None, closed=False)
    chat = consented_chat()
    chat.say("ความคืบหน้าเรื่อง 2569-000007")
    texts = chat.send(inputs.CaseList((line,), asked="2569-000007"))
    assert "ไม่พบ" not in texts[0] and "2569-000007" in texts[0]


def test_a_tracking_request_before_consent_gets_the_cases_not_the_notice() -> None:
    chat = Chat(first_contact=False)
    chat.say("ติดตามเรื่องร้องเรียน")
    assert chat.effects == [ListCases()] and chat.state == State.IDLE
    chat.press("menu:complain")
    chat.say("เรื่องที่ร้องเรียนไว้ถึงไหนแล้วคะ")
    assert chat.effects == [ListCases()] and chat.state == State.CONSENT
    assert chat.data["pending_parts"] == []


def test_complaints_that_mention_status_or_following_up_are_still_complaints() -> None:
    for typed in ("สถานะผู้ประกันตนของฉันถูกยกเลิกโดยไม่แจ้งล่วงหน้า",
                  "ติดตามเงินทดแทนการขาดรายได้มาสามเดือนแล้ว นายจ้างไม่ยอมเซ็นเอกสารให้ "
                  "โทรไปสาขาก็ไม่มีใครรับสาย"):
        chat = consented_chat()
        chat.say(typed)
        assert chat.state == State.DESCRIBE and chat.draft["parts"][0]["text"] == typed


def at_address() -> Chat:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("นายจ้างหักเงินสมทบแต่ไม่นำส่งประกันสังคม สามเดือนแล้ว")
    chat.press("describe:done")
    chat.press("cat:employer")
    chat.say("นาย สมชาย ใจดี")
    assert chat.state == State.ADDRESS
    return chat


def test_an_answer_after_thirty_days_is_not_taken_as_a_new_complaint() -> None:
    chat = at_address()
    texts = chat.say("12 หมู่ 3 ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200",
                     after=timedelta(days=31))
    assert chat.state == State.IDLE and chat.draft["parts"] == []
    assert chat.draft["first_name"] is None and "30 วัน" in texts[0]
    assert "รับเรื่อง" not in chat.text() and "ร้องเรียน" in chat.buttons()
    chat.press("menu:complain")
    assert chat.state == State.DESCRIBE and "30 วัน" not in chat.text()


def test_a_menu_choice_after_thirty_days_still_works() -> None:
    chat = at_address()
    texts = chat.send(inputs.Command("menu:complain"), after=timedelta(days=31))
    assert "30 วัน" in texts[0] and chat.state == State.DESCRIBE
    assert chat.draft["first_name"] is None


def test_an_old_button_after_the_daily_job_forgot_the_draft_says_so() -> None:
    chat = Chat()
    chat.state, chat.data = "idle", {"consent": {"version": "2026-11-01", "at": "x"},
                                     "draft_forgotten_at": "2026-04-02T02:00:00+00:00",
                                     "touched_at": "2026-03-02T02:00:00+00:00"}
    chat.first_contact = False
    texts = chat.press("confirm:send")
    assert "ถูกลบแล้ว" in texts[0] and "ใช้ไม่ได้" not in texts[0] and chat.effects == []
    assert chat.data["draft_forgotten_at"] is None
    assert "ถูกลบแล้ว" not in chat.press("confirm:send")[0]  # said once


ADDRESS = "12 หมู่ 3 ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200"


def test_an_answer_after_a_pause_is_kept_and_applied_on_continue() -> None:
    chat = at_address()
    texts = chat.say(ADDRESS, "m9", after=timedelta(hours=3))
    assert chat.state == State.RESUME and chat.buttons()[:2] == ["ทำต่อ", "เริ่มใหม่"]
    assert "ได้รับข้อความ" in texts[0] and chat.draft["address"] is None
    chat.press("resume:continue")
    assert chat.state == State.PHONE and chat.draft["address"] == ADDRESS
    assert "บันทึกที่อยู่แล้ว" in chat.text() and chat.data["held"] == []


def test_an_answer_unsent_while_held_is_not_applied() -> None:
    chat = at_address()
    chat.say(ADDRESS, "m9", after=timedelta(hours=3))
    chat.send(inputs.Unsend("m9"))
    chat.press("resume:continue")
    assert chat.state == State.ADDRESS and chat.draft["address"] is None


def test_typing_continue_or_a_greeting_after_a_pause() -> None:
    chat = at_address()
    texts = chat.say("ทำต่อค่ะ", after=timedelta(hours=3))
    assert chat.state == State.ADDRESS and "ที่อยู่" in texts[0]
    chat.say("สวัสดีค่ะ", after=timedelta(hours=3))
    assert chat.state == State.RESUME and chat.data["held"] == []  # not an answer
    chat.press("resume:continue")
    assert chat.state == State.ADDRESS and "ไม่ถูกต้อง" not in chat.text()


def test_messages_sent_while_asked_to_continue_are_kept_in_order() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("ส่วนแรกของเรื่องที่เล่า")
    chat.say("ส่วนที่สอง", after=timedelta(hours=2))
    assert chat.state == State.RESUME
    texts = chat.say("ส่วนที่สาม")
    assert chat.state == State.RESUME and "2 ข้อความ" in texts[0]
    chat.say("ส่วนที่สาม")  # sent twice: kept once
    texts = chat.say("ทำต่อ")
    assert chat.state == State.DESCRIBE and len(texts) == 2 and "3 ข้อความ" in texts[1]
    assert [p["text"] for p in chat.draft["parts"]] == ["ส่วนแรกของเรื่องที่เล่า", "ส่วนที่สอง",
                                                        "ส่วนที่สาม"]


def test_start_over_after_a_pause_drops_what_was_held() -> None:
    chat = at_address()
    chat.say(ADDRESS, after=timedelta(hours=3))
    chat.press("resume:restart")
    assert chat.state == State.DESCRIBE and chat.draft["parts"] == []
    assert chat.data["held"] == []


def test_a_confirm_after_a_pause_shows_the_summary_to_check_then_files() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.say("0812345678")
    assert chat.state == State.CONFIRM
    texts = chat.send(inputs.Command("confirm:send"), after=timedelta(hours=2))
    assert chat.state == State.CONFIRM and chat.effects == []
    assert isinstance(chat.replies[-1], Summary) and "ตรวจสอบ" in texts[0]
    chat.say("ยืนยันส่งเรื่อง")  # typed, once
    assert [type(e) for e in chat.effects] == [FileComplaint]


def test_a_button_of_the_step_after_a_pause_is_applied() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("นายจ้างหักเงินสมทบแต่ไม่นำส่งประกันสังคม")
    chat.press("describe:done")
    chat.send(inputs.Command("cat:employer"), after=timedelta(hours=5))
    assert chat.state == State.NAME and chat.draft["category"] == "employer"
    chat.send(inputs.Command("confirm:edit"), after=timedelta(hours=5))  # an old summary's
    assert chat.state == State.NAME and "ใช้ไม่ได้" in chat.text()


def test_a_photo_after_a_pause_in_the_description_is_kept() -> None:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("คลินิกเรียกเก็บเงินเพิ่มทั้งที่ใช้สิทธิ")
    stored = inputs.StoredFile("ab" * 32, 10, "image/png", "ab/abab.png")
    texts = chat.send(inputs.Media("image", "m5", stored=stored), after=timedelta(hours=2))
    assert chat.state == State.RESUME and "ได้รับรูปภาพแล้ว" in texts[0]
    assert [type(e) for e in chat.effects] == [KeepEvidence]
    stored = inputs.StoredFile("cd" * 32, 10, "image/png", "cd/cdcd.png")
    chat.send(inputs.Media("image", "m6", stored=stored))  # while asked: kept too
    assert chat.state == State.RESUME and [e["id"] for e in chat.draft["evidence"]] == ["m5",
                                                                                        "m6"]


def test_the_summary_button_while_asked_to_continue_shows_the_summary() -> None:
    chat = Chat()
    to_phone_step(chat)
    chat.say("0812345678")
    chat.press("menu:complain")
    assert chat.state == State.RESUME
    chat.press("confirm:send")
    assert chat.state == State.CONFIRM and chat.effects == []
    assert isinstance(chat.replies[-1], Summary)
    chat.press("confirm:send")
    assert [type(e) for e in chat.effects] == [FileComplaint]


def test_a_rating_after_a_pause_is_not_taken_for_the_draft() -> None:
    from core.conversation.replies import GiveFeedback

    chat = Chat()
    to_phone_step(chat)
    chat.send(inputs.Command("rate:2569-000001:5"), after=timedelta(hours=2))
    assert chat.effects == [GiveFeedback("rate:2569-000001:5")] and chat.state == State.PHONE
