"""What the `classify` command does: retrain with staff corrections, and evaluate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.classify.baseline import CompressionBaseline, KeywordBaseline
from core.classify.calibration import Calibration, calibrate
from core.classify.corpus import (
    Example,
    dev_path,
    merge_corrections,
    read_corrections,
    read_examples,
    train_path,
)
from core.classify.evaluation import Report, evaluate
from core.classify.model import LinearModel
from core.classify.training import TrainConfig, train
from core.domain.categories import category_keys, category_keywords


@dataclass(frozen=True)
class RetrainResult:
    """What a retraining run used and produced."""

    model: LinearModel
    examples: int
    corrections: int
    skipped_held_out: int
    calibration: Calibration


def build_model(
    corrections: Path | None = None, config: TrainConfig | None = None
) -> RetrainResult:
    """Train on the shipped training set plus staff corrections; calibrate on the dev set."""
    fixes = read_corrections(corrections) if corrections else []
    dev = read_examples(dev_path())
    examples, skipped = merge_corrections(read_examples(train_path()), fixes, dev)
    model = train(((e.text, e.category) for e in examples), config)
    calibration = calibrate(model.probabilities, model.categories, dev)
    model.threshold = calibration.threshold
    model.info.update(
        corrections=len(fixes) - skipped,
        calibration={
            "threshold": calibration.threshold,
            "from_dev": calibration.from_dev,
            "from_no_information": calibration.from_no_information,
            "dev_coverage": round(calibration.dev.coverage, 4),
            "dev_top3_confident": round(calibration.dev.top3_confident, 4),
        },
    )
    return RetrainResult(model, len(examples), len(fixes) - skipped, skipped, calibration)


def _model_ranker(model: LinearModel) -> Callable[[str], list[str]]:
    categories = model.categories

    def rank(text: str) -> list[str]:
        scores = model.probabilities(text)
        return [categories[i] for i in sorted(range(len(scores)), key=lambda i: -scores[i])]

    return rank


def evaluate_all(
    model: LinearModel, examples: list[Example], baselines: bool = True
) -> list[Report]:
    """The model's figures on `examples`, then each baseline's, in the same run."""
    categories = category_keys()
    reports = [evaluate("model", _model_ranker(model), examples, categories)]
    if baselines:
        train_set = read_examples(train_path())
        for baseline in (
            CompressionBaseline(train_set, categories),
            KeywordBaseline(category_keywords(), categories),
        ):
            reports.append(evaluate(baseline.name, baseline, examples, categories))
    return reports
