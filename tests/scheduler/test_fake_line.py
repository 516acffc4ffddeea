"""The fake LINE server's own checks catch what LINE would refuse."""

from __future__ import annotations

from datetime import date

from core.services.notify import satisfaction_question
from tests.scheduler.fake_line import spec_errors


def test_a_closing_question_is_valid():
    body = {"to": "U" + "1" * 32, "messages": [satisfaction_question("2569-000001",
                                                                     date(2026, 3, 25))]}
    assert spec_errors(body) == []


def test_missing_text_too_many_messages_and_long_labels_are_refused():
    assert spec_errors({"to": "U1", "messages": [{"type": "text"}]})
    assert spec_errors({"to": "U1", "messages": [{"type": "text", "text": "ก"}] * 6})
    action = {"type": "postback", "label": "ก" * 21, "data": "x"}
    long_label = {"type": "text", "text": "ก",
                  "quickReply": {"items": [{"type": "action", "action": action}]}}
    assert spec_errors({"to": "U1", "messages": [long_label]})
