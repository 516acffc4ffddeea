"""Names and phone numbers as complainants type them."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core.domain import name_titles
from core.domain.people import (
    ParsedName,
    PhoneReading,
    ValidationError,
    last4,
    mask_phone,
    normalize_phone,
    parse_full_name,
    read_phone,
    split_title,
    validate_name_part,
)
from core.domain.thai_text import strip_polite_particles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("นางสาวสมใจ ใจดี", ParsedName("นางสาว", "สมใจ", "ใจดี")),
        ("น.ส. สมใจ ใจดี", ParsedName("นางสาว", "สมใจ", "ใจดี")),
        ("นส.สมใจ  ใจดี ", ParsedName("นางสาว", "สมใจ", "ใจดี")),
        ("นส สมใจ ใจดี", ParsedName("นางสาว", "สมใจ", "ใจดี")),
        ("นายสมชาย รักงาน", ParsedName("นาย", "สมชาย", "รักงาน")),
        ("นาง มาลี ศรีสุข", ParsedName("นาง", "มาลี", "ศรีสุข")),
        ("ด.ช.ก้องภพ มีสุข", ParsedName("เด็กชาย", "ก้องภพ", "มีสุข")),
        ("ด.ญ. มะลิ หอมดี", ParsedName("เด็กหญิง", "มะลิ", "หอมดี")),
        ("ดร.สมศักดิ์ รักเรียน", ParsedName("ดร.", "สมศักดิ์", "รักเรียน")),
        ("ว่าที่ ร.ต.สมหมาย ใจกล้า", ParsedName("ว่าที่ร้อยตรี", "สมหมาย", "ใจกล้า")),
        ("สมชาย ณ อยุธยา", ParsedName(None, "สมชาย", "ณ อยุธยา")),
        ("นายิกา ทองดี", ParsedName(None, "นายิกา", "ทองดี")),
        ("Mr. John Smith", ParsedName("Mr.", "John", "Smith")),
        ("mrs Jane Doe", ParsedName("Mrs.", "Jane", "Doe")),
        ("Miss Anna Lee", ParsedName("Miss", "Anna", "Lee")),
    ],
)
def test_parse_full_name(text: str, expected: ParsedName) -> None:
    assert parse_full_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("นายสมชาย ใจดี ค่ะ", ParsedName("นาย", "สมชาย", "ใจดี")),
        ("ด.ต. สมชาย ใจดี", ParsedName("ดาบตำรวจ", "สมชาย", "ใจดี")),
        ("พ.ต.ท. สมชาย ใจดี", ParsedName("พันตำรวจโท", "สมชาย", "ใจดี")),
        ("พตท สมชาย ใจดี", ParsedName("พันตำรวจโท", "สมชาย", "ใจดี")),
        ("ร.ต.อ สมชาย ใจดี", ParsedName("ร้อยตำรวจเอก", "สมชาย", "ใจดี")),
        ("ร.ต.อ.สมชาย ใจดี", ParsedName("ร้อยตำรวจเอก", "สมชาย", "ใจดี")),
        ("ร.ต.อ.หญิงสมใจ ใจดี", ParsedName("ร้อยตำรวจเอกหญิง", "สมใจ", "ใจดี")),
        ("สิบตำรวจโทสมชาย ใจดี", ParsedName("สิบตำรวจโท", "สมชาย", "ใจดี")),
        ("จ.ส.อ.สมชาย ใจดี", ParsedName("จ่าสิบเอก", "สมชาย", "ใจดี")),
        ("พล.ต.อนันต์ ใจดี", ParsedName("พลตรี", "อนันต์", "ใจดี")),
        ("ร.ต.สมชาย ใจดี", ParsedName("ร.ต.", "สมชาย", "ใจดี")),  # army, navy or air force
        ("ว่าที่ร.ต.หญิง สมใจ ใจดี", ParsedName("ว่าที่ร้อยตรีหญิง", "สมใจ", "ใจดี")),
        ("ผศ.ดร.สมชาย ใจดี", ParsedName("ผู้ช่วยศาสตราจารย์ ดร.", "สมชาย", "ใจดี")),
        ("พ.ต.อ. ดร.สมชาย ใจดี", ParsedName("พันตำรวจเอก ดร.", "สมชาย", "ใจดี")),
        ("นพ.สมชาย ใจดี", ParsedName("นายแพทย์", "สมชาย", "ใจดี")),
        ("ม.ร.ว.สมชาย ใจดี", ParsedName("หม่อมราชวงศ์", "สมชาย", "ใจดี")),
        ("คุณ มาลี ศรีสุข", ParsedName("คุณ", "มาลี", "ศรีสุข")),
        ("คุณมาลี ศรีสุข", ParsedName("คุณ", "มาลี", "ศรีสุข")),
        ("คุณหญิงมาลี ศรีสุข", ParsedName("คุณหญิง", "มาลี", "ศรีสุข")),
        ("พระมหาสมชาย ฐิตธมฺโม", ParsedName("พระมหา", "สมชาย", "ฐิตธมฺโม")),
        ("พระ สมชาย ฐิตธมฺโม", ParsedName("พระ", "สมชาย", "ฐิตธมฺโม")),
        ("น.ส สมใจ ใจดี", ParsedName("นางสาว", "สมใจ", "ใจดี")),
        ("ชื่อ สมชาย นามสกุล ใจดี", ParsedName(None, "สมชาย", "ใจดี")),
        ("ชื่อสมชาย สกุล ใจดี", ParsedName(None, "สมชาย", "ใจดี")),
        ("ชื่อ-นามสกุล: นายสมชาย ใจดี", ParsedName("นาย", "สมชาย", "ใจดี")),
        ("ชื่อ-สกุล สมชาย ใจดี", ParsedName(None, "สมชาย", "ใจดี")),
        ("ผมชื่อสมชาย ใจดีครับ", ParsedName(None, "สมชาย", "ใจดี")),
        ("ดิฉัน นางสาวสมใจ ใจดีค่ะ", ParsedName("นางสาว", "สมใจ", "ใจดี")),
        ("หนูชื่อมะลิ หอมดีค่ะ", ParsedName(None, "มะลิ", "หอมดี")),
        # Names that start like a title or a label stay names.
        ("คุณากร ใจดี", ParsedName(None, "คุณากร", "ใจดี")),
        ("พระพร ใจดี", ParsedName(None, "พระพร", "ใจดี")),
        ("พลอย ใจดี", ParsedName(None, "พลอย", "ใจดี")),
        ("นพ ใจดี", ParsedName(None, "นพ", "ใจดี")),
        ("มล ใจดี", ParsedName(None, "มล", "ใจดี")),
        ("หนู ใจดี", ParsedName(None, "หนู", "ใจดี")),
        ("หนูพิน ใจดี", ParsedName(None, "หนูพิน", "ใจดี")),
        ("ฉันทนา ใจดี", ParsedName(None, "ฉันทนา", "ใจดี")),
        ("สมชาย สกุลดี", ParsedName(None, "สมชาย", "สกุลดี")),
    ],
)
def test_titles_ranks_and_labels(text: str, expected: ParsedName) -> None:
    assert parse_full_name(text) == expected


ALL_TITLES = [(typed, title.stored) for title in name_titles.THAI_TITLES
              for typed in title.typed]


@pytest.mark.parametrize(("typed", "stored"), ALL_TITLES)
def test_every_title_in_the_table_is_read_spaced_and_glued(typed: str, stored: str) -> None:
    assert len(stored) <= 40  # cases.title
    assert split_title(f"{typed} สมชาย") == (stored, "สมชาย")
    assert split_title(f"{typed}สมชาย") == (stored, "สมชาย")
    if "." in typed:  # the last dot left out: read when a space follows
        letters = typed.replace(".", "")
        if ("." in typed.rstrip(".") or len(letters) >= 3
                or letters in name_titles.DOTLESS_ABBREVIATIONS):
            assert split_title(typed.rstrip(".") + " สมชาย") == (stored, "สมชาย")
        else:  # นพ, ศ: a first name or nickname too
            assert split_title(letters + " สมชาย")[0] is None
        assert split_title(typed.rstrip(".") + "สมชาย")[0] != stored


@pytest.mark.parametrize(
    "text",
    ["", "สมใจ", "นางสาวสมใจ", "นาย", "สมใจ1 ใจดี", "สมใจ ใจดี๙", "สมใจ ใจดี😀",
     "https://example.com ใจดี", "ก ข", "นาย ก ใจดี", "สมใจ " + "ก" * 61,
     "สมใจ ใจดี!!", "ๆๆ ใจดี", "กกกก ใจดี"],
)
def test_refused_names_explain_with_an_example(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_full_name(text)
    assert "เช่น" in caught.value.message_th and "สมใจ" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "left"),
    [("ใจงาม ค่ะ", "ใจงาม"), ("ใจงามค่ะ", "ใจงาม"), ("ใจงาม  นะคะ.", "ใจงาม"),
     ("สมชาย ใจดีครับผม", "สมชาย ใจดี"), ("ใจงาม ค่ะ ค่ะ", "ใจงาม"), ("ใจงาม Na", "ใจงาม"),
     ("กทม.ค่ะ", "กทม."), ("ค่ะ", ""), ("ชนะ", "ชนะ"), ("ชนะ นะ", "ชนะ"), ("มีค่า", "มีค่า"),
     ("ใจงาม ค่า", "ใจงาม"), ("ใจงามna", "ใจงาม"), ("Jana", "Jana"), ("Jana na", "Jana")],
)
def test_polite_particles_come_off_the_end(typed: str, left: str) -> None:
    assert strip_polite_particles(typed) == left


def test_names_without_polite_particles() -> None:
    assert parse_full_name("สมหญิง ใจงาม ค่ะ") == ParsedName(None, "สมหญิง", "ใจงาม")
    assert validate_name_part("ใจงามค่ะ", field_th="นามสกุล") == "ใจงาม"
    assert split_title("นางสาวสมใจ ค่ะ") == ("นางสาว", "สมใจ")


def test_split_title_and_parts() -> None:
    assert split_title(" น.ส.สมใจ ") == ("นางสาว", "สมใจ")
    assert split_title("สมใจ") == (None, "สมใจ")
    assert validate_name_part("  สมใจ ") == "สมใจ"
    with pytest.raises(ValidationError, match="นามสกุลต้องไม่มีตัวเลข"):
        validate_name_part("ใจดี2", field_th="นามสกุล", example="ใจดี")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0812345678", "0812345678"),
        ("081-234-5678", "0812345678"),
        ("๐๘๑ ๒๓๔ ๕๖๗๘", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("+66 (0)81-234-5678", "0812345678"),
        ("66812345678", "0812345678"),
        ("081.234.5678", "0812345678"),
        ("02-123-4567", "021234567"),
        ("(02) 123 4567", "021234567"),
        ("053-123-456", "053123456"),
        ("0912345678", "0912345678"),
    ],
)
def test_normalize_phone(text: str, expected: str) -> None:
    assert normalize_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "1506", "081234567", "08123456789", "0012345678", "1800123456", "+1 650 253 0000",
     "081-234-567ก", "โทร 0812345678", "0812345678, 021234567", "abc"],
)
def test_refused_phones_explain_with_an_example(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_phone(text)
    assert "0812345678" in caught.value.message_th


@pytest.mark.parametrize(
    ("text", "expected"),
    [("081–234–5678", "0812345678"), ("081—234—5678", "0812345678"),
     ("0066812345678", "0812345678"), ("00 66 2 123 4567", "021234567")],
)
def test_normalize_phone_dashes_and_0066(text: str, expected: str) -> None:
    assert normalize_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("081234567", "สั้นเกินไป"), ("1506", "สั้นเกินไป"), ("08123456789", "ยาวเกินไป"),
     ("0212345678", "ยาวเกินไป"), ("+1 650 253 0000", "ในประเทศไทย"),
     ("0012345678", "ในประเทศไทย"), ("1800123456", "ไม่ใช่เบอร์มือถือหรือเบอร์บ้าน"),
     ("0112345678", "ไม่ใช่เบอร์มือถือหรือเบอร์บ้าน"), ("081-234-567ก", "ตัวอักษร"),
     ("abc", "ไม่พบตัวเลข")],
)
def test_refused_phones_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_phone(text)
    assert reason in caught.value.message_th and "0812345678" in caught.value.message_th


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0812345678 ค่ะ", PhoneReading("0812345678")),
     ("0812345678ครับ", PhoneReading("0812345678")),
     ("เบอร์ 081-234-5678", PhoneReading("0812345678")),
     ("โทร 081-234-5678", PhoneReading("0812345678")),
     ("เบอร์โทรศัพท์: ๐๘๑ ๒๓๔ ๕๖๗๘ นะคะ", PhoneReading("0812345678")),
     ("มือถือ 0912345678", PhoneReading("0912345678")),
     ("02 123 4567 ต่อ 12", PhoneReading("021234567", "12")),
     ("โทร. 02-123-4567 ext. 305", PhoneReading("021234567", "305")),
     ("081–234–5678", PhoneReading("0812345678")),
     ("0066812345678", PhoneReading("0812345678"))],
)
def test_read_phone_from_a_chat_message(text: str, expected: PhoneReading) -> None:
    assert read_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("โทรมาได้เลย", "ไม่พบตัวเลข"), ("0812345678, 021234567", "หลายหมายเลข"),
     ("0812345678 หรือ 021234567", "หลายหมายเลข"), ("เบอร์ 081-234-567", "สั้นเกินไป"),
     ("โทร 0812345678 ตอนเย็น", "ตัวอักษร")],
)
def test_read_phone_refusals_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_phone(text)
    assert reason in caught.value.message_th and "0812345678" in caught.value.message_th


def test_mask_and_last4() -> None:
    assert mask_phone("0812345678") == "081-xxx-5678"
    assert mask_phone("021234567") == "02-xxx-4567"
    assert mask_phone("+66812345678") == "081-xxx-5678"
    assert mask_phone("12") == "xxx"
    assert last4("081-234-5678") == "5678"


THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@given(
    prefix=st.sampled_from(["06", "08", "09"]),
    rest=st.text(alphabet="0123456789", min_size=8, max_size=8),
    style=st.sampled_from(["plain", "dashes", "spaces", "plus66", "66", "thai", "dots"]),
)
def test_any_valid_mobile_survives_formatting(prefix: str, rest: str, style: str) -> None:
    number = prefix + rest
    try:
        canonical = normalize_phone(number)
    except ValidationError:
        assume(False)
    assert canonical == number
    typed = {
        "plain": number,
        "dashes": f"{number[:3]}-{number[3:6]}-{number[6:]}",
        "spaces": f"{number[:3]} {number[3:6]} {number[6:]}",
        "plus66": "+66 " + number[1:],
        "66": "66" + number[1:],
        "thai": number.translate(THAI),
        "dots": f"{number[:3]}.{number[3:6]}.{number[6:]}",
    }[style]
    assert normalize_phone(typed) == number
    assert mask_phone(typed) == f"{number[:3]}-xxx-{number[-4:]}"
