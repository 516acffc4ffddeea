"""Simple rankers the model is compared with: gzip distance (as PyThaiNLP's GzipModel)
and keyword matching."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence

from core.classify.corpus import Example
from core.classify.normalise import normalise

_GZIP_FRAMING = 18  # gzip's header and trailer around the raw deflate stream


def _deflater() -> zlib._Compress:
    return zlib.compressobj(9, zlib.DEFLATED, -15)  # gzip.compress's level, raw deflate


def _size(text: str) -> int:
    """len(gzip.compress(text)), without building the gzip framing."""
    deflater = _deflater()
    return len(deflater.compress(text.encode("utf-8")) + deflater.flush()) + _GZIP_FRAMING


class CompressionBaseline:
    """Parameter-free: rank categories by their nearest training text in normalised
    compression distance (Jiang et al. 2023), the method of pythainlp.classify.GzipModel,
    re-written without numpy and extended from 1-NN to a ranking of every category."""

    name = "baseline: gzip 1-NN"

    def __init__(self, examples: Iterable[Example], categories: Sequence[str]) -> None:
        self.categories = tuple(categories)
        self._train = [(e.text, e.category, _size(e.text)) for e in examples]

    def __call__(self, text: str) -> list[str]:
        """Category keys, nearest first."""
        size = _size(text)
        prefix = _deflater()  # the query is compressed once; each pair continues from it
        head = len(prefix.compress(text.encode("utf-8")))
        nearest = dict.fromkeys(self.categories, 2.0)
        for other, category, other_size in self._train:
            pair = prefix.copy()
            joint = head + len(pair.compress(other.encode("utf-8")) + pair.flush()) + _GZIP_FRAMING
            distance = (joint - min(size, other_size)) / max(size, other_size)
            if distance < nearest[category]:
                nearest[category] = distance
        return sorted(self.categories, key=lambda key: nearest[key])


class KeywordBaseline:
    """Count each category's keywords (categories.json) in the normalised text."""

    name = "baseline: keywords"

    def __init__(self, keywords: Mapping[str, Sequence[str]], categories: Sequence[str]) -> None:
        self.categories = tuple(categories)
        self._keywords = {key: [normalise(w) for w in keywords.get(key, ())] for key in categories}

    def __call__(self, text: str) -> list[str]:
        """Category keys, most keyword hits first; ties keep the categories' order."""
        normalised = normalise(text)
        hits = {
            key: sum(normalised.count(word) for word in words if word)
            for key, words in self._keywords.items()
        }
        return sorted(self.categories, key=lambda key: -hits[key])
