"""Training: softmax regression by seeded SGD with L2, in plain Python (no numpy needed)."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from core.classify.features import FeatureConfig, FeatureExtractor
from core.classify.model import LinearModel
from core.classify.normalise import normalise
from core.domain.categories import category_keys, category_keywords

DECIMALS = 4


@dataclass(frozen=True)
class TrainConfig:
    """Optimiser settings; the defaults were chosen by 5-fold cross-validation on train."""

    epochs: int = 15
    learning_rate: float = 0.5
    l2: float = 1e-4
    min_df: int = 2  # a feature must occur in this many training texts
    seed: int = 13
    features: FeatureConfig = field(default_factory=FeatureConfig)


def build_dictionary(texts: Iterable[str]) -> tuple[str, ...]:
    """Thai words of the training texts, found with PyThaiNLP's full newmm dictionary."""
    from pythainlp.tokenize import word_tokenize  # loads the big dictionary: training only

    words: set[str] = set()
    for text in texts:
        for token in word_tokenize(normalise(text), engine="newmm", keep_whitespace=False):
            if len(token) >= 2 and any("\u0e01" <= ch <= "\u0e5b" for ch in token):
                words.add(token)
    return tuple(sorted(words))


def _keywords() -> dict[str, tuple[str, ...]]:
    return {
        key: tuple(sorted({normalise(word) for word in words if normalise(word)}))
        for key, words in category_keywords().items()
    }


def train(
    examples: Iterable[tuple[str, str]],
    config: TrainConfig | None = None,
    categories: tuple[str, ...] | None = None,
) -> LinearModel:
    """A model trained on (text, category key) pairs; deterministic for the same input."""
    config = config or TrainConfig()
    categories = categories or category_keys()
    index = {key: i for i, key in enumerate(categories)}
    data = [(text, index[key]) for text, key in examples]  # KeyError on an unknown category
    if not data:
        raise ValueError("no training examples")
    keywords = _keywords()
    dictionary = build_dictionary(text for text, _ in data)
    extractor = FeatureExtractor(dictionary, keywords, config.features)
    vectors = [(extractor(text), label) for text, label in data]
    df = Counter(name for vector, _ in vectors for name in vector)
    vocab = sorted(name for name, count in df.items() if count >= config.min_df)
    kept = set(vocab)
    rows = [([(n, v) for n, v in sorted(vec.items()) if n in kept], y) for vec, y in vectors]
    weights, bias = _sgd(rows, vocab, len(categories), config)
    model_weights = {name: rounded for name, row in weights.items() if any(rounded := _round(row))}
    return LinearModel(
        categories=categories,
        weights=model_weights,
        bias=_round(bias),
        dictionary=dictionary,
        keywords=keywords,
        config=config.features,
        info={"examples": len(data), "train": _train_info(config)},
    )


def _round(row: Iterable[float]) -> tuple[float, ...]:
    return tuple(round(w, DECIMALS) + 0.0 for w in row)


def _train_info(config: TrainConfig) -> dict[str, object]:
    return {
        "epochs": config.epochs,
        "learning_rate": config.learning_rate,
        "l2": config.l2,
        "min_df": config.min_df,
        "seed": config.seed,
    }


def _sgd(
    rows: list[tuple[list[tuple[str, float]], int]],
    vocab: list[str],
    k: int,
    config: TrainConfig,
) -> tuple[Mapping[str, list[float]], list[float]]:
    """Multinomial logistic regression; weight decay by a running scale (Bottou's trick)."""
    weights = {name: [0.0] * k for name in vocab}
    bias = [0.0] * k
    order = list(range(len(rows)))
    rng = random.Random(config.seed)
    lr0, l2 = config.learning_rate, config.l2
    scale, step = 1.0, 0
    for _ in range(config.epochs):
        rng.shuffle(order)
        for i in order:
            features, label = rows[i]
            lr = lr0 / (1.0 + lr0 * l2 * step)
            step += 1
            scores = bias[:]
            for name, value in features:
                sv = scale * value
                scores = [s + w * sv for s, w in zip(scores, weights[name], strict=True)]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            grad = [e / total for e in exps]
            grad[label] -= 1.0
            scale *= 1.0 - lr * l2
            for name, value in features:
                row, g = weights[name], lr * value / scale
                for c in range(k):
                    if grad[c] > 1e-7 or grad[c] < -1e-7:
                        row[c] -= g * grad[c]
            for c in range(k):
                bias[c] -= 0.1 * lr * grad[c]
            if scale < 1e-6:
                for row in weights.values():
                    row[:] = [w * scale for w in row]
                scale = 1.0
    return {name: [w * scale for w in row] for name, row in weights.items()}, bias
