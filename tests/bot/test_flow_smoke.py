"""A complete medical complaint through signed webhooks and the fake LINE server."""

from __future__ import annotations

import re

from tests.bot.conftest import LineUser


def test_medical_complaint_end_to_end(somchai: LineUser) -> None:
    answers = somchai.answers(somchai.event("follow", follow={"isUnblocked": False}))
    assert "ยินดีต้อนรับ" in answers[0]
    assert somchai.buttons() == ["ร้องเรียน", "ติดตามเรื่อง", "เชื่อมเรื่องเดิม", "ช่วยเหลือ"]
    somchai.tap("ร้องเรียน")
    somchai.tap("ยินยอม")
    somchai.say("ไปรักษาที่โรงพยาบาลแล้วถูกเรียกเก็บเงินค่ายา 3000 บาท ทั้งที่ใช้สิทธิประกันสังคม")
    somchai.tap("เล่าครบแล้ว")
    assert somchai.buttons()[0] == "การรักษาพยาบาล" and "หมวดอื่น ๆ" in somchai.buttons()
    assert "สถานพยาบาลใด" in somchai.say("การรักษาพยาบาล")[-1]  # typed as the label
    choices = somchai.say("รพ.ราชวิถ")[-1]  # abbreviation and a typo
    assert "1. โรงพยาบาลราชวิถี" in choices
    assert "บันทึกสถานพยาบาล: โรงพยาบาลราชวิถี" in somchai.say("1")[-1]
    assert "ที่อยู่" in somchai.say("นาย สมชาย ใจดี")[-1]
    assert "(พญาไท กรุงเทพมหานคร)" in somchai.say(
        "99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพฯ 10400")[-1]
    summary = somchai.say("081-234-5678")[-1]
    for field in ("หมวดหมู่: สถานพยาบาลและการรักษาพยาบาล", "สถานพยาบาล: โรงพยาบาลราชวิถี",
                  "ชื่อ-นามสกุล: นายสมชาย ใจดี", "โทรศัพท์: 081-234-5678"):
        assert field in summary
    answers = somchai.tap("ยืนยันส่งเรื่อง")
    assert re.search(r"เลขที่เรื่อง: 25\d\d-\d{6}", answers[0])
    assert "36 ชั่วโมง" in answers[0] and "กำหนดแล้วเสร็จ: ภายในวันที่" in answers[0]
