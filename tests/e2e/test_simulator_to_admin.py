"""Across the edge: a complaint filed in /simulator is worked in /admin, and the complainant
sees the public note and the closing explanation arrive in the simulated chat."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.line_push import make_pusher
from core.domain.clock import BANGKOK
from core.services.outbox import dispatch_pending
from core.services.users import create_user
from tests.e2e.conftest import screenshot
from tests.e2e.test_admin_browser import PASSWORD, login

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
NOTE = "ได้ประสานโรงพยาบาลแล้ว โรงพยาบาลจะคืนค่ายาให้ภายใน 7 วัน"
EXPLANATION = "โรงพยาบาลคืนค่ายา 2,000 บาทให้ท่านแล้ว ขออภัยในความไม่สะดวก"


class Chat:
    """The simulator page: say something, press a button, wait for the bot."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def bot_text(self) -> str:
        return "\n".join(self.page.locator(".row.bot").all_inner_texts())

    def _wait(self, before: int) -> None:
        deadline = time.time() + 15
        while self.page.locator(".row.bot").count() <= before:
            assert time.time() < deadline, "the bot did not answer"
            time.sleep(0.05)
        time.sleep(0.3)

    def say(self, text: str) -> None:
        before = self.page.locator(".row.bot").count()
        self.page.fill("#text", text)
        self.page.click("#send")
        self._wait(before)

    def click(self, selector: str) -> None:
        before = self.page.locator(".row.bot").count()
        self.page.click(selector)
        self._wait(before)

    def wait_for(self, text: str, seconds: float = 20) -> None:
        deadline = time.time() + seconds
        while text not in self.bot_text():
            assert time.time() < deadline, f"never arrived: {text}"
            time.sleep(0.2)


def _file_in_simulator(chat: Chat, base: str,
                       seen: Callable[[str], None] = lambda step: None) -> str:
    """File a whole complaint; `seen(step)` is called at each kind of screen on the way."""
    page = chat.page
    page.goto(base + "/simulator")
    page.wait_for_selector(".row.bot")
    seen("greeting")
    chat.click(".richmenu button:text-is('ร้องเรียน')")
    seen("consent quick replies")
    chat.click(".quick button:text-is('ยินยอม')")
    chat.say("ไปหาหมอที่โรงพยาบาลราชวิถี ถูกเรียกเก็บค่ายา 2,000 บาท ทั้งที่ใช้สิทธิ")
    seen("own message")
    chat.click(".quick button:text-is('เล่าครบแล้ว')")
    chat.say("การรักษาพยาบาล")
    chat.say("รพ.ราชวิถี")
    for label in ("ราชวิถี", "ใช่"):  # the bot may ask which hospital was meant, or confirm
        if page.locator(".quick button", has_text=label).count():
            chat.click(f".quick button:has-text('{label}') >> nth=0")
            break
    chat.say("นางสาว สมใจ ทดลองดี")
    chat.say("99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพฯ 10400")
    chat.say("081-234-5678")
    page.wait_for_selector(".flex-button.primary")
    seen("summary card")
    chat.click(".flex-button.primary")
    seen("filed")
    found = re.search(r"เลขที่เรื่อง:\s*(\d{4}-\d{6})", chat.bot_text())
    assert found, chat.bot_text()[-500:]
    return found.group(1)


def _deliver(runtime: Any) -> None:
    """What the clock's dispatch job does, at a daytime instant (outside quiet hours)."""
    today = datetime.now(BANGKOK).date() + timedelta(days=1)
    daytime = datetime(today.year, today.month, today.day, 10, 0, tzinfo=BANGKOK)
    dispatch_pending(runtime.uow, make_pusher(runtime.settings), daytime.astimezone(UTC))


def test_note_and_closing_reach_the_complainant(browser, live_server, live_runtime):
    with live_runtime.uow() as uow:
        create_user(uow, username="somchai", role="admin", unit_code=None, password=PASSWORD,
                    now=datetime.now(UTC))
        uow.commit()
    complainant = browser.new_context(locale="th-TH", viewport={"width": 480, "height": 900})
    chat = Chat(complainant.new_page())
    chat.page.set_default_timeout(15_000)
    try:
        tracking_no = _file_in_simulator(chat, live_server)
    except Exception:
        screenshot(chat.page, "simulator-failed")  # what the bot last said
        raise

    staff = browser.new_context(locale="th-TH", viewport={"width": 1366, "height": 900})
    page = staff.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server)
    page.goto(f"{live_server}/admin/cases")
    page.fill("#q", tracking_no)
    page.click("button:has-text('ค้นหา')")
    page.click(f"a:has-text('{tracking_no}')")
    assert "สมใจ ทดลองดี" in page.content() and "ราชวิถี" in page.content()
    screenshot(page, "simulator-case-in-admin")

    page.click("#act-note summary")
    page.fill("#note-text", NOTE)
    page.check("#note-public")
    page.click("#act-note button[type=submit]")
    page.wait_for_selector("text=บันทึกความคืบหน้าแล้ว")
    page.click("#act-close summary")
    page.check("#close-outcome-0")
    page.fill("#close-explanation", EXPLANATION)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#act-close button[type=submit]")
    page.wait_for_selector("text=ยุติเรื่องแล้ว")

    _deliver(live_runtime)
    chat.wait_for(NOTE)
    chat.wait_for(EXPLANATION)
    text = chat.bot_text()
    assert text.index(NOTE) < text.index(EXPLANATION)
    assert tracking_no in text[text.index(NOTE) - 200:]
    screenshot(chat.page, "simulator-complainant-chat")
    complainant.close()
    staff.close()
