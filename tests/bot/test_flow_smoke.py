"""A complete medical complaint through signed webhooks and the fake LINE server."""

from __future__ import annotations

from tests.bot.conftest import LineUser


def test_medical_complaint_end_to_end(somchai: LineUser) -> None:
    answers = somchai.answers(somchai.event("follow", follow={"isUnblocked": False}))
    assert "ยินดีต้อนรับ" in answers[0]
    assert somchai.buttons() == ["ร้องเรียน", "ติดตามเรื่อง", "เชื่อมเรื่องเดิม", "ช่วยเหลือ"]
    somchai.tap("ร้องเรียน")
    somchai.tap("ยินยอม")
    somchai.say("ไปรักษาที่โรงพยาบาลแล้วถูกเรียกเก็บเงินค่ายา 3000 บาท ทั้งที่ใช้สิทธิประกันสังคม")
    somchai.tap("เล่าครบแล้ว")
    print(somchai.buttons())
    print(somchai.say("การรักษาพยาบาล"))
    print(somchai.say("รพ.ราชวิถ"))
    print(somchai.say("1"))
    print(somchai.say("นาย สมชาย ใจดี"))
    print(somchai.say("99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพฯ 10400"))
    print(somchai.say("081-234-5678"))
    answers = somchai.tap("ยืนยันส่งเรื่อง")
    print(answers)
    assert "เลขที่เรื่อง" in answers[0]
