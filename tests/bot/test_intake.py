"""The intake through signed webhooks and the fake LINE server, checked in the database."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from core.persistence.models import Attachment, Case, Conversation, Follower, KeyValue, User
from core.services.cases import NewCase, add_note, file_case
from core.services.users import create_user
from rongrian.cli import main as rongrian
from rongrian.runtime import Runtime, utcnow
from tests.bot.conftest import LineUser
from tests.fakeline import FakeLine

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
PDF = b"%PDF-1.4\n%%EOF\n"


def photo(user: LineUser, fake: FakeLine, data: bytes = PNG,
          content_type: str = "image/png") -> dict:
    event = user.message({"type": "image", "contentProvider": {"type": "line"}})
    fake.add_content(event["message"]["id"], data, content_type)
    return event


def file_a_medical_complaint(user: LineUser, fake: FakeLine) -> list[str]:
    user.answers(user.event("follow", follow={"isUnblocked": False}))
    user.tap("ร้องเรียน")
    user.tap("ยินยอม")
    user.say("ไปรักษาฟันที่โรงพยาบาลราชวิถี ถูกเก็บค่าบริการเพิ่ม 1,500 บาท")
    assert "ได้รับรูปภาพแล้ว" in user.answers(photo(user, fake))[0]
    pdf = user.message({"type": "file", "fileName": "ใบเสร็จ.pdf", "fileSize": len(PDF)})
    fake.add_content(pdf["message"]["id"], PDF, "application/pdf")
    assert "ได้รับไฟล์แล้ว" in user.answers(pdf)[0]
    user.tap("เล่าครบแล้ว")
    user.say("การรักษาพยาบาล")
    user.say("รพ ราชวิถ")
    user.say("1")
    user.say("นางสาว สมใจ")
    user.say("ใจดี")
    user.say("99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กทม. 10400")
    user.say("081-234-5678")
    return user.tap("ยืนยันส่งเรื่อง")


def test_a_medical_complaint_is_filed_with_evidence_and_exported(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime, database_url: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    answers = file_a_medical_complaint(somchai, fake_line)
    assert "เลขที่เรื่อง: 25" in answers[0] and "36 ชั่วโมง" in answers[0]
    with runtime.uow() as uow:
        case = uow.session.scalars(select(Case)).one()
        assert (case.channel, case.category, case.hospital_id) == ("line", "medical", "H015")
        assert (case.title, case.first_name, case.last_name) == ("นางสาว", "สมใจ", "ใจดี")
        assert (case.phone, case.province_code, case.district_code) == ("0812345678", "10",
                                                                      "1014")
        assert case.line_user_id == somchai.id and case.is_formal
        assert case.consent_version and case.consented_at
        files = uow.session.scalars(select(Attachment).where(Attachment.case_id == case.id))
        kinds = sorted((a.kind, a.content_type) for a in files)
        assert kinds == [("file", "application/pdf"), ("image", "image/png")]
        follower = uow.session.get(Follower, somchai.id)
        assert follower.following and follower.consent_version == case.consent_version
        tracking = case.tracking_no
    assert (runtime.settings.instance_path / "attachments").is_dir()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("RONGRIAN_INSTANCE", str(runtime.settings.instance_path))
    assert rongrian(["cases", "export", "--format", "json"]) == 0
    [exported] = json.loads(capsys.readouterr().out)
    assert exported["tracking_no"] == tracking and exported["complainant"]["phone"] == \
        "0812345678"
    assert exported["unit"]["code"] and exported["due_date"]


@pytest.mark.parametrize(("data", "content_type", "expected"), [
    (b"GIF89a" + bytes(50), "image/gif", "JPEG, PNG"),
    (None, "image/png", "ดาวน์โหลดไฟล์จาก LINE ไม่สำเร็จ"),
])
def test_refused_evidence(somchai: LineUser, fake_line: FakeLine, runtime: Runtime,
                          data: bytes | None, content_type: str, expected: str) -> None:
    somchai.say("ร้องเรียน")
    somchai.say("ยินยอม")
    event = somchai.message({"type": "image", "contentProvider": {"type": "line"}})
    if data is not None:
        fake_line.add_content(event["message"]["id"], data, content_type)
    assert expected in somchai.answers(event)[0]
    with runtime.uow() as uow:
        assert uow.session.scalars(select(Attachment)).first() is None


def test_a_file_too_big_is_not_downloaded(somchai: LineUser, fake_line: FakeLine) -> None:
    somchai.say("ร้องเรียน")
    somchai.say("ยินยอม")
    event = somchai.message({"type": "file", "fileName": "scan.pdf", "fileSize": 11 * 2**20})
    assert "10 MB" in somchai.answers(event)[0]
    assert fake_line.calls("content") == []


def test_unsent_evidence_is_forgotten(somchai: LineUser, fake_line: FakeLine,
                                      runtime: Runtime) -> None:
    somchai.say("ร้องเรียน")
    somchai.say("ยินยอม")
    event = photo(somchai, fake_line)
    somchai.post(event)
    somchai.post(somchai.event("unsend", unsend={"messageId": event["message"]["id"]}))
    with runtime.uow() as uow:
        assert uow.session.scalars(select(Attachment)).first() is None
    assert list((runtime.settings.instance_path / "attachments").rglob("*.png")) == []


def test_declining_consent_files_an_anonymous_suggestion(
        somchai: LineUser, runtime: Runtime) -> None:
    somchai.say("ร้องเรียน")
    somchai.tap("ไม่ยินยอม")
    somchai.tap("ส่งข้อเสนอแนะ")
    somchai.say("ควรเปิดสาขาวันเสาร์")
    answers = somchai.tap("ส่งข้อเสนอแนะนี้")
    assert "ไม่ใช่เรื่องร้องเรียนอย่างเป็นทางการ" in answers[0]
    with runtime.uow() as uow:
        case = uow.session.scalars(select(Case)).one()
        assert not case.is_formal and case.line_user_id is None and case.first_name is None
        follower = uow.session.get(Follower, somchai.id)
        assert follower is None or follower.consent_version is None


def test_track_my_cases_shows_status_progress_and_due_date(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime) -> None:
    file_a_medical_complaint(somchai, fake_line)
    with runtime.uow() as uow:
        case = uow.session.scalars(select(Case)).one()
        add_note(uow, case, "ประสานโรงพยาบาลแล้ว รอคำชี้แจง", public=True, now=utcnow(),
                 actor="officer")
        uow.commit()
    answers = somchai.tap("ติดตามเรื่อง")
    assert case.tracking_no in answers[0] and "กำลังดำเนินการ" in answers[0]
    assert "ประสานโรงพยาบาลแล้ว" in answers[0] and "กำหนดแล้วเสร็จ" in answers[0]


def phone_case(runtime: Runtime) -> str:
    with runtime.uow() as uow:
        case = file_case(uow, NewCase(
            channel="phone", description="นายจ้างไม่ส่งเงินสมทบ", category="employer",
            received_at=utcnow() - timedelta(days=3), first_name="มานี", last_name="มีนา",
            address="1 ถนนสุขุมวิท กรุงเทพฯ", province_code="10", phone="0898765432"),
            now=utcnow(), actor="officer")
        uow.commit()
        return case.tracking_no


def test_linking_a_phone_case_by_tracking_number_and_last_digits(
        somchai: LineUser, runtime: Runtime) -> None:
    tracking = phone_case(runtime)
    somchai.press("menu:link")
    somchai.say(tracking)
    assert "ไม่พบ" in somchai.say("1111")[0]
    somchai.say(tracking)
    assert "เชื่อมเรื่องเลขที่" in somchai.say("5432")[0]
    with runtime.uow() as uow:
        assert uow.cases.by_tracking_no(tracking).line_user_id == somchai.id
    assert tracking in somchai.press("menu:track")[0]


def test_a_case_linked_to_someone_else_cannot_be_taken(
        client: FlaskClient, fake_line: FakeLine, runtime: Runtime) -> None:
    tracking = phone_case(runtime)
    first, second = LineUser(client, fake_line, "first"), LineUser(client, fake_line, "other")
    for user, digits, expected in ((first, "5432", "เชื่อมเรื่องเลขที่"),
                                   (second, "1111", "ไม่พบ"),  # wrong digits: nothing told
                                   (second, "5432", "บัญชี LINE อื่น")):
        user.press("menu:link")
        user.say(tracking)
        assert expected in user.say(digits)[0]
    with runtime.uow() as uow:
        assert uow.cases.by_tracking_no(tracking).line_user_id == first.id
        conversation = uow.session.get(Conversation, second.id)
        assert conversation.data["link_attempts"] == 1  # only the wrong digits counted


def test_staff_link_code(somchai: LineUser, runtime: Runtime) -> None:
    with runtime.uow() as uow:
        user = create_user(uow, username="officer1", role="admin", unit_code=None,
                           password="a-long-password-1", now=utcnow())
        user.line_link_code, user.line_link_expires_at = "424242", utcnow() + timedelta(minutes=10)
        uow.commit()
    assert "ไม่ถูกต้อง" in somchai.say("LINK 111111")[0]
    assert "officer1" in somchai.say("LINK 424242")[0]
    with runtime.uow() as uow:
        user = uow.session.scalars(select(User)).one()
        assert user.line_user_id == somchai.id and user.line_link_code is None


def test_follow_and_unfollow_are_remembered(somchai: LineUser, runtime: Runtime,
                                            fake_line: FakeLine) -> None:
    somchai.post(somchai.event("follow", follow={"isUnblocked": False}))
    unfollow = somchai.event("unfollow")
    del unfollow["replyToken"]
    somchai.post(unfollow)
    with runtime.uow() as uow:
        follower = uow.session.get(Follower, somchai.id)
        assert not follower.following and follower.blocked_at is not None
    assert len(fake_line.calls("reply")) == 1


def test_groups_get_their_id_on_request_and_nothing_personal_is_kept(
        client: FlaskClient, fake_line: FakeLine, runtime: Runtime) -> None:
    group = "C" + "a" * 32
    member = LineUser(client, fake_line, "member",
                      source={"type": "group", "groupId": group, "userId": "U" + "b" * 32})
    joined = member.answers(member.event("join"))[0]
    assert group not in joined and "แชตส่วนตัว" in joined
    assert group in member.say("รหัสกลุ่ม")[0]
    assert "แชตส่วนตัว" in member.say("ร้องเรียน")[0]
    assert member.say("โรงพยาบาลเก็บเงินผม 500 บาท เบอร์ผม 0812345678") == []
    with runtime.uow() as uow:
        assert uow.session.get(KeyValue, f"line_group:{group}").value["joined"] is True
        assert uow.session.scalars(select(Conversation)).first() is None


def test_rating_and_reopen_buttons_of_the_closing_message(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime) -> None:
    from core.services.cases import close_case

    file_a_medical_complaint(somchai, fake_line)
    with runtime.uow() as uow:
        case = uow.session.scalars(select(Case)).one()
        close_case(uow, case, 1, "โรงพยาบาลคืนเงินแล้ว", now=utcnow(), actor="officer")
        uow.commit()
        tracking = case.tracking_no
    assert "ขอบคุณสำหรับคะแนน 5" in somchai.press(f"rate:{tracking}:5")[0]
    assert "เหตุผล" in somchai.press(f"reopen:{tracking}")[0]
    assert "ได้รับคำขอเปิดเรื่อง" in somchai.say("โรงพยาบาลยังไม่คืนเงินให้")[0]
    assert "ไม่พบเรื่อง" in somchai.press("rate:2569-999999:4")[0]
    with runtime.uow() as uow:
        kinds = [e.kind for e in uow.session.get(Case, case.id).events]
    assert "satisfaction" in kinds and "reopen_requested" in kinds


def test_an_eleventh_photo_is_refused_for_the_limit(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime) -> None:
    somchai.say("ร้องเรียน")
    somchai.say("ยินยอม")
    for _ in range(10):
        somchai.post(photo(somchai, fake_line))
    downloads = len(fake_line.calls("content"))
    answers = somchai.answers(photo(somchai, fake_line))
    assert "สูงสุด 10 ไฟล์" in answers[0] and "JPEG, PNG" not in answers[0]
    assert len(fake_line.calls("content")) == downloads  # not even downloaded
    with runtime.uow() as uow:
        assert len(uow.session.scalars(select(Attachment)).all()) == 10


def test_a_typed_tracking_request_lists_the_cases(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime) -> None:
    file_a_medical_complaint(somchai, fake_line)
    other = phone_case(runtime)
    with runtime.uow() as uow:
        mine = uow.session.scalars(select(Case).where(Case.channel == "line")).one().tracking_no
    answers = somchai.say(f"สอบถามความคืบหน้าเรื่อง {mine} ค่ะ")
    assert mine in answers[0] and "สถานะ: " in answers[0] and "ไม่ได้เชื่อม" not in answers[0]
    answers = somchai.say(f"เรื่อง {other} ถึงไหนแล้วคะ")
    assert f"เรื่องเลขที่ {other} ไม่ได้เชื่อมกับบัญชี LINE นี้" in answers[0]
    with runtime.uow() as uow:
        conversation = uow.session.get(Conversation, somchai.id)
        assert conversation.state == "idle" and conversation.data["draft"]["parts"] == []


def age_conversation(runtime: Runtime, user: LineUser, by: timedelta) -> None:
    """Make the person's last message `by` older (as if they had paused)."""
    with runtime.uow() as uow:
        conversation = uow.session.get(Conversation, user.id)
        data = dict(conversation.data)
        touched = datetime.fromisoformat(data["touched_at"])
        conversation.data = {**data, "touched_at": (touched - by).isoformat()}
        uow.commit()


def test_a_confirm_after_a_pause_shows_the_summary_then_files(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime) -> None:
    somchai.say("ร้องเรียน")
    somchai.say("ยินยอม")
    somchai.say("นายจ้างหักเงินสมทบแต่ไม่นำส่งประกันสังคม สามเดือนแล้ว")
    somchai.tap("เล่าครบแล้ว")
    somchai.say("นายจ้าง")
    somchai.say("นาย สมชาย ใจดี")
    age_conversation(runtime, somchai, timedelta(hours=3))
    answers = somchai.say("12 หมู่ 3 ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200")
    assert "ทำต่อ" in somchai.buttons() and "ได้รับข้อความ" in answers[0]
    answers = somchai.tap("ทำต่อ")
    assert any("บันทึกที่อยู่แล้ว" in a for a in answers) and "โทรศัพท์" in answers[-1]
    somchai.say("081-234-5678")
    age_conversation(runtime, somchai, timedelta(hours=2))
    answers = somchai.tap("ยืนยันส่งเรื่อง")
    assert "ตรวจสอบข้อมูลอีกครั้ง" in answers[0]
    with runtime.uow() as uow:
        assert uow.session.scalars(select(Case)).first() is None
    assert "เลขที่เรื่อง" in somchai.tap("ยืนยันส่งเรื่อง")[0]


def test_a_photo_sent_while_asked_to_continue_is_kept(
        somchai: LineUser, fake_line: FakeLine, runtime: Runtime) -> None:
    somchai.say("ร้องเรียน")
    somchai.say("ยินยอม")
    somchai.say("คลินิกเรียกเก็บเงินเพิ่มทั้งที่ใช้สิทธิประกันสังคม")
    somchai.say("ร้องเรียน")  # asked whether to continue
    assert "ทำต่อ" in somchai.buttons()
    assert "ได้รับรูปภาพแล้ว" in somchai.answers(photo(somchai, fake_line))[0]
    with runtime.uow() as uow:
        assert len(uow.session.scalars(select(Attachment)).all()) == 1
