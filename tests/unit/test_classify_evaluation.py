"""Figures of a ranker and the threshold calibration rule, on hand-made cases."""

import pytest

from core.classify.calibration import TOP3_TARGET, _lowest_meeting_target, confidence
from core.classify.corpus import Example
from core.classify.evaluation import evaluate, format_report, format_summary

CATS = ("a", "b", "c", "d")


def test_accuracy_top3_macro_f1_and_confusion() -> None:
    answers = {"t1": "abcd", "t2": "bacd", "t3": "cabd", "t4": "dacb"}
    examples = [Example("t1", "a"), Example("t2", "a"), Example("t3", "c"), Example("t4", "b")]
    report = evaluate("fake", lambda text: list(answers[text]), examples, CATS)
    assert report.accuracy == 0.5
    assert report.top3 == 0.75  # t4: b is fourth
    assert report.confusion == ((1, 1, 0, 0), (0, 0, 0, 1), (0, 0, 1, 0), (0, 0, 0, 0))
    a = report.per_category["a"]
    assert (a.precision, a.recall, a.support) == (1.0, 0.5, 2)
    assert a.f1 == pytest.approx(2 / 3)
    # F1: a 2/3, b 0, c 1, d 0 (no examples, one wrong guess)
    assert report.macro_f1 == pytest.approx((2 / 3 + 0 + 1 + 0) / 4)
    text = format_report(report) + format_summary([report])
    assert "confusion" in text and "0.500" in text and "0.750" in text


def test_threshold_is_the_lowest_that_keeps_top3_on_target() -> None:
    right = [(0.9 - i / 100, True, True) for i in range(40)]  # 0.90 ... 0.51
    wrong = [(0.2, False, False), (0.15, False, False)]
    assert TOP3_TARGET == 0.98
    assert _lowest_meeting_target(right + wrong) == pytest.approx(0.51)  # 40 of 41 < 0.98
    assert _lowest_meeting_target(right) == pytest.approx(0.51)
    more = [(0.5 - i / 1000, True, True) for i in range(20)]  # 60 right
    assert _lowest_meeting_target(right + more + wrong[:1]) == pytest.approx(0.2)  # 60 of 61


def test_confidence_figures() -> None:
    results = [(0.9, True, True), (0.8, False, True), (0.3, True, True), (0.2, False, False)]
    figures = confidence(results, 0.5)
    assert figures.coverage == 0.5
    assert figures.top1_confident == 0.5
    assert figures.top3_confident == 1.0
    assert figures.top1_rest == 0.5
