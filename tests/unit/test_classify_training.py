"""Training: deterministic, JSON round trip, and the shipped model's quality on dev."""

import json

import pytest

from core.classify import TrainConfig, load_suggester, train
from core.classify.corpus import dev_path, model_path, read_examples, train_path
from core.classify.model import LinearModel
from core.classify.service import build_model, evaluate_all

FAST = TrainConfig(epochs=4)


@pytest.fixture(scope="module")
def small() -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    rows = []
    for e in read_examples(train_path()):
        if seen.get(e.category, 0) < 6:
            seen[e.category] = seen.get(e.category, 0) + 1
            rows.append((e.text, e.category))
    return rows


def test_training_is_deterministic_and_round_trips(small, tmp_path) -> None:  # noqa: ANN001
    first, second = train(small, FAST), train(small, FAST)
    assert first.to_json() == second.to_json()
    first.save(tmp_path / "m.json")
    loaded = LinearModel.load(tmp_path / "m.json")
    assert loaded.to_json() == first.to_json()
    text = "โรงพยาบาลไม่รับรักษา"
    assert loaded.probabilities(text) == first.probabilities(text)
    json.loads((tmp_path / "m.json").read_text("utf-8"))  # plain JSON, not pickle


def test_training_learns_its_examples(small) -> None:  # noqa: ANN001
    model = train(small, FAST)
    right = 0
    for text, category in small:
        scores = model.probabilities(text)
        right += model.categories[scores.index(max(scores))] == category
    assert right / len(small) > 0.9


def test_bad_training_input() -> None:
    with pytest.raises(KeyError):
        train([("ข้อความ", "parking")], FAST)
    with pytest.raises(ValueError, match="no training examples"):
        train([], FAST)


def test_not_a_model_file(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "x.json").write_text('{"format": "pickle"}', "utf-8")
    with pytest.raises(ValueError, match="not a"):
        LinearModel.load(tmp_path / "x.json")


def test_shipped_model_meets_the_targets_on_dev_and_beats_the_baselines() -> None:
    model = load_suggester().model
    reports = evaluate_all(model, read_examples(dev_path()))
    mine, *baselines = reports
    assert mine.accuracy >= 0.80
    assert mine.top3 >= 0.95
    for baseline in baselines:
        assert mine.accuracy > baseline.accuracy
        assert mine.macro_f1 > baseline.macro_f1


def test_shipped_model_was_trained_on_the_shipped_set() -> None:
    model = LinearModel.load(model_path())
    assert model.info["examples"] == len(read_examples(train_path()))
    assert 0.0 < model.threshold < 1.0
    assert model.info["calibration"]["threshold"] == model.threshold


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_model() -> None:
    rebuilt = build_model().model
    assert rebuilt.to_json() == LinearModel.load(model_path()).to_json()
