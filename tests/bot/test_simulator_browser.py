"""A newcomer's first minute: a medical complaint filed in the simulator with a real browser."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest

from rongrian.runtime import Runtime

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def page(database_url: str) -> Iterator[Any]:
    """A Chromium page (Debian's chromium, never a downloaded browser)."""
    if database_url.startswith("postgresql"):
        pytest.skip("the browser test runs once, on SQLite")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(locale="th-TH", viewport={"width": 480, "height": 900})
        page.set_default_timeout(15_000)
        yield page
        browser.close()


class Chat:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def bot_rows(self) -> int:
        return self.page.locator(".row.bot").count()

    def wait_answer(self, before: int) -> str:
        deadline = time.time() + 15
        while self.bot_rows() <= before:
            assert time.time() < deadline, "the bot did not answer"
            time.sleep(0.05)
        time.sleep(0.3)  # the rest of the same reply
        return self.page.locator(".row.bot").last.inner_text()

    def say(self, text: str) -> str:
        before = self.bot_rows()
        self.page.fill("#text", text)
        self.page.click("#send")
        return self.wait_answer(before)

    def click(self, selector: str) -> str:
        before = self.bot_rows()
        self.page.click(selector)
        return self.wait_answer(before)

    def quick(self, label: str) -> str:
        return self.click(f".quick button:text-is('{label}')")


def test_a_medical_complaint_in_the_simulator(
        local_server: tuple[str, Runtime], page: Any) -> None:
    base, runtime = local_server
    chat = Chat(page)
    page.goto(base + "/simulator")
    page.wait_for_selector(".row.bot")
    assert "ยินดีต้อนรับ" in page.locator(".row.bot").first.inner_text()
    chat.click(".richmenu button:text-is('ร้องเรียน')")
    chat.quick("ยินยอม")
    chat.say("ไปหาหมอที่โรงพยาบาลราชวิถี ถูกเรียกเก็บค่ายา 2,000 บาท ทั้งที่ใช้สิทธิ")
    page.click("#more")
    assert "ได้รับรูปภาพแล้ว" in chat.click("[data-send=image]")
    chat.click(".richmenu button:text-is('ช่วยเหลือ')")
    chat.quick("เล่าครบแล้ว")
    chat.say("การรักษาพยาบาล")
    assert "ราชวิถี" in chat.say("รพ.ราชวิถ")
    chat.quick("1. รพ.ราชวิถี")
    chat.say("นาย สมชาย ใจดี")
    chat.say("99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพฯ 10400")
    chat.say("08l-234-5678")  # a typo: the bot explains and asks again
    summary = chat.say("081-234-5678")
    assert "ตรวจสอบเรื่องร้องเรียนก่อนส่ง" in summary and "081-234-5678" in summary
    assert "โรงพยาบาลราชวิถี" in summary and "1 ไฟล์" in summary
    filed = chat.click(".flex-button.primary")
    assert "เลขที่เรื่อง: 25" in filed and "36 ชั่วโมง" in filed
    assert chat.errors == []
    with runtime.uow() as uow:
        assert uow.cases.count() == 1
