"""The message builder keeps every LINE limit, and its output passes LINE's spec."""

from __future__ import annotations

import json

import pytest

from bot.messages import MAX_MESSAGES, render_batches, summary_message, text_messages
from core.conversation.memory import Draft
from core.conversation.replies import Choice, Say
from core.conversation.summary import summary_card
from tests.fakeline import body_errors, limit_problems, spec_errors


def valid_reply(messages: list[dict]) -> list[str]:
    body = json.dumps({"replyToken": "t", "messages": messages}).encode()
    headers = {"Authorization": "Bearer x", "Content-Type": "application/json"}
    return (spec_errors("POST", "/v2/bot/message/reply", body, headers)
            + body_errors("ReplyMessageRequest", json.loads(body)) + limit_problems(messages))


@pytest.mark.parametrize("message", [
    {"type": "text"},  # no text
    {"type": "nonsense", "text": "x"},
    {"type": "flex", "altText": "x", "contents": {"type": "bubble", "body": {
        "type": "box", "layout": "bogus", "contents": []}}},
    {"type": "text", "text": "x", "quickReply": {"items": [
        {"type": "action", "action": {"type": "bogus", "label": "x"}}]}},
], ids=["text-without-text", "unknown-type", "bad-box-layout", "unknown-action"])
def test_the_spec_check_follows_message_and_action_types(message: dict) -> None:
    assert valid_reply([message]) != []


def test_long_text_is_split_at_5000_characters() -> None:
    text = ("ย่อหน้า " * 400 + "\n") * 5
    messages = text_messages(text, (Choice("ตกลง", "ok"),))
    assert all(len(m["text"]) <= 5000 for m in messages) and len(messages) >= 2
    assert "quickReply" in messages[-1] and "quickReply" not in messages[0]
    assert "".join(m["text"] for m in messages).replace("\n", "") == text.strip().replace("\n", "")


def test_quick_reply_is_cut_to_13_and_labels_to_20() -> None:
    choices = tuple(Choice(f"ตัวเลือกที่ยาวมากเกินยี่สิบตัวอักษร {i}", f"c:{i}") for i in range(20))
    [message] = text_messages("เลือก", choices)
    items = message["quickReply"]["items"]
    assert len(items) == 13 and all(len(i["action"]["label"]) <= 20 for i in items)
    assert valid_reply([message]) == []


def test_postback_data_over_300_is_refused() -> None:
    with pytest.raises(ValueError):
        text_messages("x", (Choice("ปุ่ม", "d" * 301),))


def test_more_than_five_messages_are_merged_then_batched() -> None:
    replies = [Say(f"ข้อความ {i}") for i in range(7)] + [Say("สุดท้าย", (Choice("ตกลง", "ok"),))]
    batches = render_batches(replies)
    assert all(1 <= len(b) <= MAX_MESSAGES for b in batches)
    assert "ข้อความ 0" in batches[0][0]["text"] and "quickReply" in batches[-1][-1]
    huge = [Say("ก" * 4000, (Choice("ตกลง", "ok"),)) for _ in range(7)]
    batches = render_batches(huge)
    assert [len(b) for b in batches] == [5, 2]


def test_the_summary_flex_message_is_valid_and_small() -> None:
    draft = Draft(parts=[{"id": "1", "text": "รายละเอียด " * 300}], category="medical",
                  hospital_id="H015", hospital_name="โรงพยาบาลราชวิถี", hospital_done=True,
                  title="นาง", first_name="สมศรี", last_name="มีสุข",
                  address="1/2 " + "ถนนยาว " * 60, province_code="10", district_code="1014",
                  phone="0812345678", evidence=[{"id": "9", "kind": "image", "name": None}])
    message = summary_message(summary_card(draft))
    assert valid_reply([message]) == []
    assert len(json.dumps(message["contents"], ensure_ascii=False).encode()) < 30_000
    assert len(message["altText"]) <= 1500
    buttons = json.dumps(message, ensure_ascii=False)
    for data in ("edit:name", "edit:address", "edit:phone", "edit:hospital", "confirm:send"):
        assert data in buttons
