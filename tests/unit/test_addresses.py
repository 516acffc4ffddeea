"""Is it an address? Real addresses pass; phone numbers, names and junk are refused."""

from __future__ import annotations

import pytest

from core.domain.addresses import (
    NO_HOUSE_NUMBER,
    NO_PLACE,
    NOT_AN_ADDRESS_NAME,
    NOT_AN_ADDRESS_PHONE,
    NOT_AN_ADDRESS_RUN,
    PROBLEMS_TH,
    address_issue,
    address_problem,
)

# Every address typed in the tests, fixtures and benchmarks, and other real shapes:
# condos, villages, บ้านเลขที่, rural addresses without a number, English (Google) style.
REAL = [
    "99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพฯ 10400",
    "99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กทม. 10400",
    "99/9 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพมหานคร",
    "77/7 ซอยทดลอง ถนนพหลโยธิน เขตพญาไท กรุงเทพฯ 10400",
    "12 หมู่ 3 ต.สุเทพ อ.เมือง จ.เชียงใหม่",
    "12 หมู่ 3 ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200",
    "12 หมู่ 4 ต.บ้านสวน อ.เมืองชลบุรี จ.ชลบุรี 20000",
    "99/9 หมู่ 3 ต.บ้านสวน อ.เมืองชลบุรี",
    "12 ม.3 ต.ในเมืองอ.เมืองจ.ขอนแก่น",
    "บ้านเลขที่ 5 ซอยลาดพร้าว 1 เขตจตุจักร กทม.",
    "บ้านเลขที่ 9 หมู่ 4 บ้านดอนแดง",
    "88 หมู่ 2 ตำบลในเมือง 40000",
    "คอนโดริมน้ำ ชั้น 5 กรุงเทพมหานคร",
    "1 ถนนสุขุมวิท กรุงเทพฯ",
    "99 ถนนทดสอบ",
    "1 ถนนราชดำเนิน ตำบลศรีภูมิ อำเภอเมืองเชียงใหม่ เชียงใหม่ 50200",
    "๑๒ ถนนบางนา-ตราด อ.บางพลี จ.สมุทรปราการ ๑๐๕๔๐",
    "ซอยสุขุมวิท 22 คลองเตย กทม 10110",
    "แขวงบางกะปิ เขตห้วยขวาง กรุงเทพมหานคร",
    "ถ.ตากสิน แขวงบุคคโล เขตธนบุรี",
    "บ้านอยู่ จ.บึงกาฬ อ.เซกา",
    "บ้านดอนแดง ตำบลโนนสูง อำเภอเมือง จังหวัดขอนแก่น",
    "9 บ้านหนองบัว โนนสูง โคราช",
    "หอพักสุขใจ ห้อง 305 ใกล้ ม.เกษตร",
    "คอนโดลุมพินี 1168/99 ถ.พระราม 3",
    "ห้อง 1204 อาคารชุดเดอะพาร์ค 88/8",
    "หมู่บ้านพฤกษา 12 ลำลูกกา ปทุมธานี",
    "45/6 ม.2 ต.บางพูด อ.ปากเกร็ด นนทบุรี",
    "12 ถนนนิมมานเหมินท์ เชียงใหม่ค่ะ",
    "99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพฯ 10400 โทร 0812345678",
    "1/2 " + "ถนนยาว " * 60,
    "123 Moo 4, Hang Dong, Chiang Mai 50230",
    "Bang Rak, Bangkok 10500",
    "123 Sukhumvit Rd, Khlong Toei, Bangkok 10110",
    "1/23 Soi Sukhumvit 11, Khlong Toei Nuea, Watthana, Bangkok 10110, Thailand",
    "234 Moo 5 Tambon Nong Prue, Amphoe Bang Lamung, Chon Buri 20150",
    "Sukhumvit Road, Bangkok",
]


@pytest.mark.parametrize("address", REAL)
def test_real_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("081-234-5678", NOT_AN_ADDRESS_PHONE),
        ("โทร 081-234-5678", NOT_AN_ADDRESS_PHONE),
        ("เบอร์ 0812345678 ค่ะ", NOT_AN_ADDRESS_PHONE),
        ("02 123 4567 ต่อ 12", NOT_AN_ADDRESS_PHONE),
        ("0812345678 กรุงเทพ", NOT_AN_ADDRESS_PHONE),
        ("นายสมชาย ใจดี", NOT_AN_ADDRESS_NAME),
        ("ร.ต.อ.สมชาย ใจดี", NOT_AN_ADDRESS_NAME),
        ("Mr. John Smith", NOT_AN_ADDRESS_NAME),
        ("ก" * 490 + "กรุงเทพ", NOT_AN_ADDRESS_RUN),
        ("ก" * 480 + " 12 กรุงเทพ 10200", NOT_AN_ADDRESS_RUN),
        ("สมชาย ใจดี มีสุข", NO_PLACE),
        ("ไม่ทราบค่ะ ขอไม่บอก", NO_PLACE),
        ("กรุงเทพมหานคร ประเทศไทย", NO_HOUSE_NUMBER),
    ],
)
def test_what_is_not_an_address_is_refused_with_the_reason(text: str, problem: str) -> None:
    assert address_problem(text) == problem
    assert PROBLEMS_TH[address_issue(text)] == problem  # the key staff pages word their way
    assert problem.endswith("ค่ะ") or "ค่ะ " in problem
