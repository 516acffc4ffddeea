"""Category suggestions for a complaint text: all twelve, best first, with a confidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.classify.corpus import model_path as shipped_model_path
from core.classify.model import LinearModel
from core.domain.categories import category_by_key, category_keys


@dataclass(frozen=True)
class Suggestion:
    """One category with its score in [0, 1] (the model's probability)."""

    category: str
    label: str
    score: float


class Suggester:
    """Ranks the categories for a text with a trained model."""

    def __init__(self, model: LinearModel) -> None:
        if tuple(model.categories) != category_keys():
            raise ValueError("the model was trained for other categories: retrain it")
        self.model = model
        self._labels = tuple(category_by_key(key).label for key in model.categories)

    @property
    def threshold(self) -> float:
        """The lowest best score that still counts as confident (calibrated on the dev set)."""
        return self.model.threshold

    def suggest(self, text: str) -> list[Suggestion]:
        """Every category once, best first; ties keep the categories' own order."""
        probabilities = self.model.probabilities(text or "")
        order = sorted(range(len(probabilities)), key=lambda i: -probabilities[i])
        return [
            Suggestion(self.model.categories[i], self._labels[i], probabilities[i]) for i in order
        ]

    def is_confident(self, suggestions: Sequence[Suggestion]) -> bool:
        """True when the best score reaches the threshold: show three guesses, not the list."""
        return bool(suggestions) and suggestions[0].score >= self.threshold


@cache
def _load(path: Path) -> Suggester:
    return Suggester(LinearModel.load(path))


def load_suggester(model_path: Path | None = None) -> Suggester:
    """The suggester for a model file (default: the shipped one); loaded once per path."""
    return _load((model_path or shipped_model_path()).resolve())
