"""A Bangkok address that names its แขวง but not its เขต, through the webhook to routing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.persistence.models import Case
from core.services.admin_reference import set_district_routes
from rongrian.runtime import Runtime, utcnow
from tests.bot.conftest import LineUser

# Which area office serves which เขต is staff data (it ships empty); these are the test's.
AREAS = {"1004": "BKK05", "1014": "BKK01", "1035": "BKK09", "1049": "BKK12"}


def file_employer_complaint(user: LineUser, address: str, *extra: str) -> list[str]:
    """Go through the steps up to the address, then answer `extra` and confirm."""
    user.say("ร้องเรียน")
    user.say("ยินยอม")
    user.say("นายจ้างหักเงินสมทบจากค่าจ้างทุกเดือนแต่ไม่นำส่งสำนักงานประกันสังคม")
    user.tap("เล่าครบแล้ว")
    user.say("นายจ้าง")
    user.say("นาย สมชาย ใจดี")
    answers = user.say(address)
    for text in extra:
        answers += user.say(text)
    user.say("081-234-5678")
    user.tap("ยืนยันส่งเรื่อง")
    return answers


@pytest.mark.parametrize(("address", "extra", "district", "unit"), [
    ("99/1 ถนนสีลม แขวงสีลม กรุงเทพฯ", (), "1004", "BKK05"),
    ("99/1 ถนนสีลม แขวงสีลม", (), "1004", "BKK05"),
    # แขวงบางมด is in เขตจอมทอง and in เขตทุ่งครุ: the bot asks, and the answer routes.
    ("7 ซอยวัดบางมด แขวงบางมด กรุงเทพฯ", ("ทุ่งครุ",), "1049", "BKK12"),
])
def test_a_khwaeng_without_its_khet_routes_to_the_area_office(
        somchai: LineUser, runtime: Runtime, address: str, extra: tuple[str, ...],
        district: str, unit: str) -> None:
    with runtime.uow() as uow:
        set_district_routes(uow, AREAS, actor="admin", now=utcnow())
    answers = file_employer_complaint(somchai, address, *extra)
    asked = any("อยู่เขตใด" in text for text in answers)
    assert asked == bool(extra)
    with runtime.uow() as uow:
        case = uow.session.scalars(select(Case)).one()
        assert (case.province_code, case.district_code, case.unit_code) == ("10", district, unit)
