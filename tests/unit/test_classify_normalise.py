"""Normalisation of chat-typed Thai before features are computed."""

import pytest

from core.classify.normalise import normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("รอคิว ๕ ชั่วโมง", "รอคิว 5 ชั่วโมง"),  # Thai digits
        ("แย่มากกกกก ค่ะะะ", "แย่มาก ค่ะ"),  # repeated letters and vowels
        ("เงิน 1000 บาท", "เงิน 1000 บาท"),  # repeated digits are kept
        ("ประกัน\u200bสังคม", "ประกันสังคม"),  # zero-width space
        ("  ว่างงาน \n\t  ไม่เข้า  ", "ว่างงาน ไม่เข้า"),  # stray spaces
        ("เเย่", "แย่"),  # two sara e typed for sara ae
        ("โรงบาลไม่รับ", "โรงพยาบาลไม่รับ"),  # common misspelling
        ("รพ.ไม่รับ", "โรงพยาบาล ไม่รับ"),  # abbreviation
        ("จนท.พูดไม่ดี", "เจ้าหน้าที่ พูดไม่ดี"),
        ("ม.33 ม 39 มาตรา ๔๐", "ม33 ม39 ม40"),  # sections of the act
        ("ม.ค. ม.3", "ม ค ม 3"),  # not sections
        ("แบบ กท.16", "แบบ กท16"),
        ("เข้า App ไม่ได้ OTP", "เข้า แอป ไม่ได้ otp"),  # loanwords, lower case
        ("happy webhook", "happy webhook"),  # whole English words only
        ("😡😡 แย่ 🙏", "แย่"),  # emoji
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_is_idempotent_on_corpus_like_text() -> None:
    text = "ไปรพ.ตามสิทธิ ม.๓๓ แล้วโดนเก็บเงินนนน 1,200 บาท 😡"
    assert normalise(normalise(text)) == normalise(text)
