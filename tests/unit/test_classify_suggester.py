"""The shipped suggester: a valid ranking for any text, right on plain complaints."""

import math

import pytest

from core.classify import Suggester, load_suggester
from core.classify.model import LinearModel
from core.domain.categories import category_by_key, category_keys


@pytest.fixture(scope="module")
def suggester() -> Suggester:
    return load_suggester()


def assert_valid_ranking(suggestions) -> None:  # noqa: ANN001
    keys = [s.category for s in suggestions]
    assert sorted(keys) == sorted(category_keys())  # every category once
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert math.isclose(sum(scores), 1.0, abs_tol=1e-9)
    assert all(s.label == category_by_key(s.category).label for s in suggestions)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("โรงพยาบาลตามสิทธิไม่ยอมรักษา ให้จ่ายเงินเอง", "medical"),
        ("ยื่นขอค่าทำศพของพ่อ 3 เดือนแล้วยังไม่ได้", "sickness_invalidity_death"),
        ("เงินสงเคราะห์บุตรไม่เข้าเดือนนี้", "maternity_child"),
        ("อายุครบ 55 แล้ว บำนาญชราภาพยังไม่ได้", "old_age"),
        ("ถูกเลิกจ้าง ขึ้นทะเบียนว่างงานแล้วเงินไม่เข้า", "unemployment"),
        ("ม.39 ส่งเงินทุกเดือนแต่โดนตัดสิทธิ", "contributions"),
        ("บริษัทหักเงินประกันสังคมแต่ไม่นำส่ง", "employer"),
        ("นิ้วขาดเพราะเครื่องจักรในโรงงาน นายจ้างไม่แจ้งกองทุนเงินทดแทน", "work_injury"),
        ("เจ้าหน้าที่ที่สาขาพูดจาไม่สุภาพ ตะคอกใส่", "staff_service"),
        ("เข้าแอปไม่ได้ OTP ไม่มา", "online_services"),
        ("เจ้าหน้าที่เรียกเงินใต้โต๊ะ", "corruption"),
        ("อยากเสนอให้เพิ่มสิทธิค่าแว่นตา", "other"),
    ],
)
def test_plain_complaints_come_first_and_confident(
    suggester: Suggester, text: str, category: str
) -> None:
    suggestions = suggester.suggest(text)
    assert_valid_ranking(suggestions)
    assert suggestions[0].category == category
    assert suggester.is_confident(suggestions)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "🙏🙏😡", "(sticker)", "hello", "I want to complain", "สวัสดีครับ", "ok"],
)
def test_no_information_gives_a_ranking_but_cannot_tell(suggester: Suggester, text: str) -> None:
    suggestions = suggester.suggest(text)
    assert_valid_ranking(suggestions)
    assert not suggester.is_confident(suggestions)


@pytest.mark.parametrize(
    "text",
    [
        "ประกันสังคม" * 455,  # 5,000 characters of one word
        "มากกก" * 1000,
        "ก" * 5000,
        "รพ. hospital 医院 больница ไม่รับรักษา ม.33 😡 \u200b\u0e48\u0e48",  # mixed scripts
        "\u0e49\u0e49\u0e49 ่่ ๆๆๆ",  # dangling marks only
        "The hospital refused to treat me and charged 3,000 baht",
        "\x00\x1b[31m<script>alert(1)</script>",
    ],
)
def test_odd_input_gives_a_valid_ranking(suggester: Suggester, text: str) -> None:
    assert_valid_ranking(suggester.suggest(text))


def test_long_repeated_word_is_not_confident(suggester: Suggester) -> None:
    assert not suggester.is_confident(suggester.suggest("ประกันสังคม" * 455))


def test_deterministic(suggester: Suggester) -> None:
    text = "คลอดลูกแล้วเบิกค่าคลอดไม่ได้ ม.33"
    assert suggester.suggest(text) == suggester.suggest(text)


def test_loaded_once_and_a_given_path_overrides(tmp_path) -> None:  # noqa: ANN001
    assert load_suggester() is load_suggester()
    shipped = load_suggester().model
    shipped.save(tmp_path / "model.json")
    other = LinearModel.load(tmp_path / "model.json")
    other.threshold = 0.999999
    other.save(tmp_path / "strict.json")
    strict = load_suggester(tmp_path / "strict.json")
    assert strict is not load_suggester()
    assert strict.threshold == 0.999999
    assert not strict.is_confident(strict.suggest("เงินว่างงานไม่เข้า"))


def test_model_for_other_categories_is_refused() -> None:
    shipped = load_suggester().model
    model = LinearModel(
        categories=shipped.categories[:-1],
        weights={},
        bias=shipped.bias[:-1],
        dictionary=(),
        keywords={},
    )
    with pytest.raises(ValueError, match="retrain"):
        Suggester(model)
