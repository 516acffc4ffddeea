"""The shipped corpus, JSONL reading, and staff corrections as training data."""

import json
from collections import Counter
from datetime import datetime

import pytest

from core.classify.corpus import (
    Correction,
    Example,
    dev_path,
    merge_corrections,
    read_corrections,
    read_examples,
    train_path,
)
from core.domain.categories import category_keys

BKK = datetime.fromisoformat("2026-01-01T00:00:00+07:00").tzinfo


def test_at_least_sixty_examples_per_category_and_dev_is_held_out() -> None:
    train, dev = read_examples(train_path()), read_examples(dev_path())
    total = Counter(e.category for e in train + dev)
    assert set(total) == set(category_keys())
    assert min(total.values()) >= 60
    assert min(Counter(e.category for e in dev).values()) >= 20
    assert not {e.text for e in train} & {e.text for e in dev}


def test_corpus_has_the_voices_the_issue_asks_for() -> None:
    texts = [e.text for e in read_examples(train_path()) + read_examples(dev_path())]
    assert any("ม.33" in t or "ม33" in t for t in texts)
    assert any("ม.39" in t for t in texts) and any("ม.40" in t for t in texts)
    assert any(any("\u0e50" <= ch <= "\u0e59" for ch in t) for t in texts)  # Thai digits
    assert any("กกก" in t or "งงง" in t for t in texts)  # repeated letters
    assert any(any(w in t for w in ("app", "OTP", "HR", "refer")) for t in texts)
    assert any(len(t) < 20 for t in texts) and any(len(t) > 120 for t in texts)


def _write(path, rows) -> None:  # noqa: ANN001
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def test_bad_rows_are_reported_with_their_line(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "bad.jsonl"
    _write(path, [{"text": "ก", "category": "medical"}, {"text": "ข", "category": "parking"}])
    with pytest.raises(ValueError, match="line 2: unknown category 'parking'"):
        read_examples(path)
    path.write_text('{"text": "ก", "category": "medical"}\nnot json\n', "utf-8")
    with pytest.raises(ValueError, match="line 2: not JSON"):
        read_examples(path)


def test_corrections_round_trip(tmp_path) -> None:  # noqa: ANN001
    fix = Correction("รพ.ไม่รับ", "medical", "other", datetime(2026, 3, 1, 9, 30, tzinfo=BKK))
    path = tmp_path / "corrections.jsonl"
    _write(path, [fix.to_json()])
    assert set(fix.to_json()) == {"text", "category", "from_category", "corrected_at"}
    assert read_corrections(path) == [fix]


def test_corrections_without_date_are_refused(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "corrections.jsonl"
    _write(path, [{"text": "ก", "category": "medical", "corrected_at": "yesterday"}])
    with pytest.raises(ValueError, match="line 1: bad corrected_at"):
        read_corrections(path)


def test_merge_latest_correction_wins_and_dev_stays_unseen() -> None:
    train = [Example("เงินไม่เข้า", "other"), Example("แอปล่ม", "online_services")]
    dev = [Example("ข้อความใน dev", "medical")]

    def at(day: int) -> datetime:
        return datetime(2026, 3, day, tzinfo=BKK)

    fixes = [
        Correction("เงินไม่เข้า", "unemployment", "other", at(2)),
        Correction("เงินไม่เข้า", "maternity_child", "other", at(1)),  # older
        Correction("ใหม่", "employer", None, at(1)),
        Correction("ข้อความใน dev", "corruption", "medical", at(1)),
    ]
    merged, skipped = merge_corrections(train, fixes, dev)
    assert merged == [
        Example("เงินไม่เข้า", "unemployment"),
        Example("แอปล่ม", "online_services"),
        Example("ใหม่", "employer"),
    ]
    assert skipped == 1
