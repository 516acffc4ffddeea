"""Category suggestion for complaint texts (PyThaiNLP normalisation and newmm tokens,
a softmax-regression model stored as JSON). See docs/classifier.md."""

from core.classify.corpus import Correction, Example
from core.classify.model import LinearModel
from core.classify.suggester import Suggester, Suggestion, load_suggester
from core.classify.training import TrainConfig, train

__all__ = [
    "Correction",
    "Example",
    "LinearModel",
    "Suggester",
    "Suggestion",
    "TrainConfig",
    "load_suggester",
    "train",
]
