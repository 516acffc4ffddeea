"""A linear (softmax regression) model over sparse features, stored as a JSON data file."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.classify.features import TF, FeatureConfig, FeatureExtractor

FORMAT = "rongrian-classifier/1"


@dataclass
class LinearModel:
    """Category scores = softmax(bias + Σ feature value × weight row)."""

    categories: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    dictionary: tuple[str, ...]
    keywords: Mapping[str, tuple[str, ...]]
    config: FeatureConfig = field(default_factory=FeatureConfig)
    threshold: float = 0.0
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.extractor = FeatureExtractor(self.dictionary, self.keywords, self.config)

    def probabilities(self, text: str) -> list[float]:
        """One probability per category, in `categories` order; they sum to 1."""
        # Features of a block with the same count share a value: sum their rows column-wise
        # (in C, via zip) and multiply once, instead of scaling every row.
        scores = list(self.bias)
        weights = self.weights
        for block in self.extractor.blocks(text):
            by_count: dict[int, list[tuple[float, ...]]] = {}
            for name, count in block.counts.items():
                row = weights.get(name)
                if row is not None:
                    by_count.setdefault(count, []).append(row)
            for count, rows in by_count.items():
                value = TF[count] * block.scale
                columns = map(sum, zip(*rows, strict=True))
                scores = [s + value * c for s, c in zip(scores, columns, strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def to_json(self) -> dict[str, Any]:
        """The whole model as JSON-ready data (weights rounded as stored)."""
        return {
            "format": FORMAT,
            "categories": list(self.categories),
            "threshold": self.threshold,
            "config": self.config.to_json(),
            "info": self.info,
            "keywords": {key: list(words) for key, words in self.keywords.items()},
            "dictionary": list(self.dictionary),
            "bias": list(self.bias),
            "weights": {name: list(self.weights[name]) for name in sorted(self.weights)},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:
        """A model from `to_json` data; ValueError if it is not one."""
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model file")
        categories = tuple(data["categories"])
        weights = {name: tuple(row) for name, row in data["weights"].items()}
        if any(len(row) != len(categories) for row in weights.values()):
            raise ValueError("model file: a weight row has the wrong length")
        return cls(
            categories=categories,
            weights=weights,
            bias=tuple(data["bias"]),
            dictionary=tuple(data["dictionary"]),
            keywords={key: tuple(words) for key, words in data["keywords"].items()},
            config=FeatureConfig.from_json(data["config"]),
            threshold=float(data["threshold"]),
            info=dict(data.get("info", {})),
        )

    def save(self, path: Path) -> None:
        """Write the model as UTF-8 JSON, one weight row per line (readable diffs)."""
        data = self.to_json()
        weights = data.pop("weights")
        head = json.dumps(data, ensure_ascii=False, indent=1)[:-2]
        rows = ",\n".join(
            f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(row)}"
            for name, row in weights.items()
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'{head},\n "weights": {{\n{rows}\n }}\n}}\n', encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        """Read a model written by `save`."""
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
