"""The conversation machine: name, address, province, district and phone, with refusals."""

from __future__ import annotations

import pytest

from core.conversation import inputs
from core.conversation.states import State
from tests.unit.test_conversation_support import Chat


def at_name() -> Chat:
    chat = Chat()
    chat.press("menu:complain")
    chat.press("consent:yes")
    chat.say("เจ้าหน้าที่สาขาพูดจาไม่สุภาพ")
    chat.press("describe:done")
    chat.press("cat:staff_service")
    assert chat.state == State.NAME
    return chat


@pytest.mark.parametrize(("typed", "title", "first", "last"), [
    ("นาย สมชาย ใจดี", "นาย", "สมชาย", "ใจดี"),
    ("น.ส.สมใจ ใจงาม", "นางสาว", "สมใจ", "ใจงาม"),
    ("ด.ช. ก้องภพ มีสุข", "เด็กชาย", "ก้องภพ", "มีสุข"),
    ("Mrs. Jane Smith", "Mrs.", "Jane", "Smith"),
    ("สมหญิง  รักดี", None, "สมหญิง", "รักดี"),
    # titles and ranks (name_titles.py) and labels are not names
    ("นายสมชาย ใจดี ค่ะ", "นาย", "สมชาย", "ใจดี"),
    ("ด.ต. สมชาย ใจดี", "ดาบตำรวจ", "สมชาย", "ใจดี"),
    ("พ.ต.ท. สมชาย ใจดี", "พันตำรวจโท", "สมชาย", "ใจดี"),
    ("คุณ มาลี ศรีสุข", "คุณ", "มาลี", "ศรีสุข"),
    ("น.ส สมใจ ใจดี", "นางสาว", "สมใจ", "ใจดี"),
    ("ชื่อ สมชาย นามสกุล ใจดี", None, "สมชาย", "ใจดี"),
    ("ร.ต.อ.สมชาย ใจดี", "ร้อยตำรวจเอก", "สมชาย", "ใจดี"),
    ("จ.ส.อ.สมชาย ใจดี", "จ่าสิบเอก", "สมชาย", "ใจดี"),
    ("ผศ.ดร.สมชาย ใจดี", "ผู้ช่วยศาสตราจารย์ ดร.", "สมชาย", "ใจดี"),
    ("ม.ร.ว.สมชาย ใจดี", "หม่อมราชวงศ์", "สมชาย", "ใจดี"),
    ("คุณมาลี ศรีสุข", "คุณ", "มาลี", "ศรีสุข"),
    ("พระมหาสมชาย ฐิตธมฺโม", "พระมหา", "สมชาย", "ฐิตธมฺโม"),
    ("สิบตำรวจโทสมชาย ใจดี", "สิบตำรวจโท", "สมชาย", "ใจดี"),
    ("ว่าที่ ร.ต.สมชาย ใจดี", "ว่าที่ร้อยตรี", "สมชาย", "ใจดี"),
    ("ผมชื่อสมชาย ใจดีครับ", None, "สมชาย", "ใจดี"),
])
def test_name_and_surname_in_one_message(typed: str, title: str | None, first: str,
                                         last: str) -> None:
    chat = at_name()
    chat.say(typed)
    assert (chat.draft["title"], chat.draft["first_name"], chat.draft["last_name"]) == (
        title, first, last)
    assert chat.state == State.ADDRESS


def test_name_and_surname_in_two_messages() -> None:
    chat = at_name()
    chat.say("นางสาวสมใจ")
    assert chat.state == State.SURNAME and chat.draft["title"] == "นางสาว"
    chat.say("ใจดี")
    assert chat.draft["last_name"] == "ใจดี" and chat.state == State.ADDRESS


@pytest.mark.parametrize("typed", ["ใจงาม ค่ะ", "ใจงามค่ะ", "ใจงาม นะคะ", "ใจงาม ครับ",
                                   "ใจงามคับ", "ใจงาม na", "ใจงามจ้า", "นามสกุล ใจงาม ค่ะ"])
def test_surname_with_a_polite_particle_is_the_surname(typed: str) -> None:
    chat = at_name()
    chat.say("สมหญิง")
    assert chat.state == State.SURNAME and "(ชื่อ: สมหญิง)" in chat.text()
    chat.say(typed)
    assert (chat.draft["first_name"], chat.draft["last_name"]) == ("สมหญิง", "ใจงาม")
    assert chat.state == State.ADDRESS


def test_surname_step_takes_a_na_surname_and_a_whole_name_typed_again() -> None:
    chat = at_name()
    chat.say("สมหญิงค่ะ")
    assert chat.draft["first_name"] == "สมหญิง" and chat.state == State.SURNAME
    chat.say("ณ อยุธยา ค่ะ")
    assert chat.draft["last_name"] == "ณ อยุธยา" and chat.state == State.ADDRESS
    chat = at_name()
    chat.say("สมหญิง")
    chat.say("นางสาวสมหญิง ใจงาม ค่ะ")
    assert (chat.draft["title"], chat.draft["first_name"], chat.draft["last_name"]) == (
        "นางสาว", "สมหญิง", "ใจงาม")


@pytest.mark.parametrize(("typed", "first", "last"), [
    ("สมชาย ใจดี ค่ะ", "สมชาย", "ใจดี"), ("สมชาย ใจดีครับ", "สมชาย", "ใจดี"),
    ("ชนะ ใจดี นะคะ", "ชนะ", "ใจดี"), ("ชนะ มีค่า", "ชนะ", "มีค่า"),
])
def test_name_with_a_polite_particle(typed: str, first: str, last: str) -> None:
    chat = at_name()
    chat.say(typed)
    assert (chat.draft["first_name"], chat.draft["last_name"]) == (first, last)
    assert chat.state == State.ADDRESS


def test_a_rank_and_first_name_alone_then_the_surname() -> None:
    chat = at_name()
    chat.say("ชื่อ ด.ต.สมชาย ครับ")
    assert (chat.draft["title"], chat.draft["first_name"]) == ("ดาบตำรวจ", "สมชาย")
    assert chat.state == State.SURNAME
    chat.say("ใจดีครับ")
    assert chat.draft["last_name"] == "ใจดี" and chat.state == State.ADDRESS


@pytest.mark.parametrize("typed", ["สมชาย 123", "😀😀 ใจดี", "ก" * 70 + " ใจดี", "a"])
def test_bad_names_are_refused_with_an_example(typed: str) -> None:
    chat = at_name()
    texts = chat.say(typed)
    assert chat.state in (State.NAME, State.SURNAME)
    assert "เช่น" in texts[-1]


def test_surname_with_digits_is_refused() -> None:
    chat = at_name()
    chat.say("สมชาย")
    chat.say("ใจดี1")
    assert chat.state == State.SURNAME and "ตัวเลข" in chat.text() and "เช่น" in chat.text()


@pytest.mark.parametrize(("address", "province", "district"), [
    ("99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพฯ 10400", "10", "1014"),
    ("12 หมู่ 3 ต.สุเทพ อ.เมือง จ.เชียงใหม่", "50", "5001"),
    ("บ้านเลขที่ 5 ซอยลาดพร้าว 1 เขตจตุจักร กทม.", "10", "1030"),
    ("88 หมู่ 2 ตำบลในเมือง 40000", "40", None),
])
def test_address_finds_province_and_district(address: str, province: str,
                                             district: str | None) -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    chat.say(address)
    assert chat.draft["province_code"] == province
    if district:
        assert chat.draft["district_code"] == district
    assert chat.state == State.PHONE


@pytest.mark.parametrize(("typed", "reason"), [
    ("081-234-5678", "หมายเลขโทรศัพท์"),
    ("นายสมชาย ใจดี", "ชื่อ-นามสกุล"),
    ("ก" * 490 + "กรุงเทพ", "ซ้ำ"),
    ("สมชาย ใจดี มีสุข", "ไม่พบชื่อสถานที่"),
    ("กรุงเทพมหานคร ประเทศไทย", "บ้านเลขที่"),
])
def test_what_is_not_an_address_is_refused_with_the_reason(typed: str, reason: str) -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    texts = chat.say(typed)
    assert chat.state == State.ADDRESS and not chat.draft.get("address")
    assert reason in texts[0] and "เช่น" in texts[0] and "ยกเลิก" in chat.buttons()
    chat.say("12 หมู่ 3 ต.สุเทพ อ.เมือง จ.เชียงใหม่ ค่ะ")
    assert chat.state == State.PHONE
    assert chat.draft["address"] == "12 หมู่ 3 ต.สุเทพ อ.เมือง จ.เชียงใหม่"


def test_address_without_province_asks_for_it() -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    chat.say("บ้านเลขที่ 9 หมู่ 4 บ้านดอนแดง")
    assert chat.state == State.PROVINCE
    chat.say("ขอนแก่นนน")
    assert chat.draft["province_code"] == "40" and chat.state == State.PHONE


def test_bangkok_without_a_district_asks_for_it() -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    chat.say("คอนโดริมน้ำ ชั้น 5 กรุงเทพมหานคร")
    assert chat.state == State.DISTRICT
    chat.say("บางรัก")
    assert chat.draft["district_code"] == "1004" and chat.state == State.PHONE


def at_province() -> Chat:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    chat.say("บ้านเลขที่ 9 หมู่ 4 บ้านดอนแดง")
    assert chat.state == State.PROVINCE
    return chat


@pytest.mark.parametrize("typed", ["กทม.ค่ะ", "กทม. ค่ะ", "กทมค่ะ", "กรุงเทพฯครับ"])
def test_province_with_a_polite_particle(typed: str) -> None:
    chat = at_province()
    texts = chat.say(typed)
    assert chat.draft["province_code"] == "10" and chat.state == State.DISTRICT
    assert texts[0].startswith("กรุงเทพมหานคร") and "จังหวัดกรุงเทพ" not in chat.text()


def test_a_province_other_than_bangkok_is_a_changwat() -> None:
    chat = at_province()
    texts = chat.say("เชียงใหม่ค่ะ")
    assert chat.draft["province_code"] == "50" and texts[0].startswith("จังหวัดเชียงใหม่")


@pytest.mark.parametrize(("typed", "code"), [
    ("ป้อมปราบ", "1008"), ("ป้อมปราบค่ะ", "1008"), ("เขตป้อมปราบ", "1008"),
    ("Pom Prap", "1008"), ("ลาดกระ", "1011"), ("บางรัก ค่ะ", "1004"), ("จตุจักรค่ะ", "1030"),
])
def test_district_short_forms_and_particles(typed: str, code: str) -> None:
    chat = at_province()
    chat.say("กทม.")
    assert chat.state == State.DISTRICT
    chat.say(typed)
    assert chat.draft["district_code"] == code and chat.state == State.PHONE


def test_an_ambiguous_start_or_khwaeng_is_not_a_district() -> None:
    chat = at_province()
    chat.say("กทม.")
    texts = chat.say("บาง")  # บางรัก, บางกะปิ, บางเขน …
    assert chat.state == State.DISTRICT and "ไม่พบเขต" in texts[0]
    texts = chat.say("แขวงบางมด")  # in เขตจอมทอง and in เขตทุ่งครุ
    assert chat.state == State.DISTRICT and not chat.draft.get("district_code")
    assert "เป็นชื่อแขวง" in texts[0] and "เขตจอมทองและเขตทุ่งครุ" in texts[0]
    assert "ไม่ทราบเขต" in chat.buttons()
    texts = chat.say("แขวงไม่มีอยู่จริง")
    assert chat.state == State.DISTRICT and "เป็นชื่อแขวง" in texts[0]


@pytest.mark.parametrize(("typed", "code"), [
    ("แขวงสีลม", "1004"), ("สีลมค่ะ", "1004"), ("แขวง สีลม", "1004"),
    ("แขวงบางกะปิ", "1017"),  # แขวงบางกะปิ is in เขตห้วยขวาง, not in เขตบางกะปิ
])
def test_a_khwaeng_in_one_khet_answers_the_district_step(typed: str, code: str) -> None:
    chat = at_province()
    chat.say("กทม.")
    chat.say(typed)
    assert chat.draft["district_code"] == code and chat.state == State.PHONE


@pytest.mark.parametrize(("address", "province", "district"), [
    ("99/1 ถนนสีลม แขวงสีลม กรุงเทพฯ", "10", "1004"),
    ("99/1 ถนนสีลม แขวงสีลม", "10", "1004"),  # no province either: แขวง is Bangkok's
    ("45 ซอยรามคำแหง 24 แขวงหัวหมาก กทม. 10240", "10", "1006"),
    ("12 หมู่ 5 ต.แม่เหียะ จ.เชียงใหม่", "50", "5001"),
])
def test_a_subdistrict_in_one_district_gives_the_district(address: str, province: str,
                                                          district: str) -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    texts = chat.say(address)
    assert (chat.draft["province_code"], chat.draft["district_code"]) == (province, district)
    assert chat.state == State.PHONE and "บันทึกที่อยู่แล้ว (" in texts[0]


@pytest.mark.parametrize(("address", "state"), [
    ("99/1 ซอยวัดบางมด แขวงบางมด กรุงเทพฯ", State.DISTRICT),  # จอมทอง or ทุ่งครุ
    ("12 หมู่ 3 ตำบลในเมือง", State.PROVINCE),  # a ตำบลในเมือง in 22 districts
])
def test_a_subdistrict_in_several_districts_is_not_guessed(address: str, state: State) -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    chat.say(address)
    assert chat.state == state and not chat.draft.get("district_code")


def test_short_address_and_unknown_province_get_examples() -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    assert "ตัวอย่าง" in chat.say("กทม")[0] or "เช่น" in chat.text()
    chat.say("บ้านเลขที่ 9 หมู่ 4 บ้านดอนแดง")
    chat.say("ดาวอังคาร")
    assert chat.state == State.PROVINCE and "เช่น" in chat.text()


def test_a_location_message_is_an_address() -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    chat.send(inputs.Location("1 ถนนราชดำเนิน ตำบลศรีภูมิ อำเภอเมืองเชียงใหม่ เชียงใหม่ 50200",
                              18.79, 98.99, "บ้าน"))
    assert chat.draft["province_code"] == "50" and "18.79000" in chat.draft["address"]
    assert chat.state == State.PHONE


@pytest.mark.parametrize(("typed", "stored"), [
    ("081-234-5678", "0812345678"), ("๐๘๑ ๒๓๔ ๕๖๗๘", "0812345678"),
    ("+66 81 234 5678", "0812345678"), ("02 123 4567", "021234567"),
])
def test_phone_is_normalised(typed: str, stored: str) -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    chat.say("12 หมู่ 3 ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200")
    chat.say(typed)
    assert chat.draft["phone"] == stored and chat.state == State.CONFIRM


@pytest.mark.parametrize(("typed", "stored"), [
    ("0812345678 ค่ะ", "0812345678"), ("เบอร์ 081-234-5678", "0812345678"),
    ("โทร 081-234-5678", "0812345678"), ("081–234–5678", "0812345678"),
    ("0066812345678", "0812345678"), ("02 123 4567 ต่อ 12", "021234567"),
])
def test_phone_as_people_type_it(typed: str, stored: str) -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    chat.say("12 หมู่ 3 ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200")
    texts = chat.say(typed)
    assert chat.draft["phone"] == stored and chat.state == State.CONFIRM
    if "ต่อ" in typed:
        assert "ไม่ได้บันทึกเบอร์ต่อ (12)" in texts[0]


@pytest.mark.parametrize(("typed", "reason"), [
    ("081-234-567", "สั้นเกินไป"), ("08123456789", "ยาวเกินไป"),
    ("+1 415 555 0100", "ในประเทศไทย"), ("1800123456", "ไม่ใช่เบอร์มือถือหรือเบอร์บ้าน"),
])
def test_refused_phone_says_why(typed: str, reason: str) -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    chat.say("12 หมู่ 3 ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200")
    texts = chat.say(typed)
    assert chat.state == State.PHONE and reason in texts[0]


@pytest.mark.parametrize("typed", ["12345", "081-234-567", "+1 415 555 0100", "โทรมาได้เลย"])
def test_wrong_phone_gets_an_example_not_a_dead_end(typed: str) -> None:
    chat = at_name()
    chat.say("สมชาย ใจดี")
    chat.say("12 หมู่ 3 ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200")
    texts = chat.say(typed)
    assert chat.state == State.PHONE and "เช่น" in texts[0] and "ยกเลิก" in chat.buttons()
    chat.say("0812345678")
    assert chat.state == State.CONFIRM


@pytest.mark.parametrize("event", [inputs.Sticker(), inputs.Media("image", "m9"),
                                   inputs.Location("", 0.0, 0.0)])
def test_non_text_where_text_is_expected_gets_a_helpful_answer(event: inputs.Input) -> None:
    chat = at_name()
    texts = chat.send(event)
    assert chat.state == State.NAME and texts and "ชื่อและนามสกุล" in texts[-1]
