"""Features of a complaint: newmm words and word pairs, character n-grams, keyword hits."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pythainlp.tokenize.newmm import segment
from pythainlp.util import Trie

from core.classify.normalise import normalise


@dataclass(frozen=True)
class FeatureConfig:
    """How text becomes features; saved with the model so training and use agree."""

    max_chars: int = 600  # only the start of a very long text is read (keeps p99 low)
    char_ngrams: tuple[int, int] = (2, 4)
    word_weight: float = 1.5
    char_weight: float = 1.0
    keyword_weight: float = 0.5
    # Vectors are scaled to unit length, except that a block with little in it (a few words)
    # is divided by at least this norm, so that very short texts give flatter scores.
    norm_floor: tuple[float, float, float] = (3.0, 8.0, 1.0)  # words, chars, keywords

    def to_json(self) -> dict[str, object]:
        """The config as JSON-ready data."""
        return {
            "max_chars": self.max_chars,
            "char_ngrams": list(self.char_ngrams),
            "word_weight": self.word_weight,
            "char_weight": self.char_weight,
            "keyword_weight": self.keyword_weight,
            "norm_floor": list(self.norm_floor),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> FeatureConfig:
        """The config from `to_json` data."""
        low, high = data["char_ngrams"]  # type: ignore[misc]
        return cls(
            max_chars=int(data["max_chars"]),  # type: ignore[arg-type]
            char_ngrams=(int(low), int(high)),
            word_weight=float(data["word_weight"]),  # type: ignore[arg-type]
            char_weight=float(data["char_weight"]),  # type: ignore[arg-type]
            keyword_weight=float(data["keyword_weight"]),  # type: ignore[arg-type]
            norm_floor=tuple(float(x) for x in data["norm_floor"]),  # type: ignore[arg-type]
        )


_MAX_COUNT = 63  # counts above this weigh as much as 63 occurrences
TF = (0.0, *(1.0 + math.log(count) for count in range(1, _MAX_COUNT + 1)))
_TF2 = tuple(tf * tf for tf in TF)


@dataclass(frozen=True)
class Block:
    """One block of features: value of a feature = TF[count] × scale."""

    scale: float
    counts: dict[str, int]  # clipped to _MAX_COUNT

    def values(self) -> dict[str, float]:
        """Feature name -> value."""
        return {name: TF[count] * self.scale for name, count in self.counts.items()}


def _block(counts: Counter[str], weight: float, floor: float) -> Block:
    """Sub-linear term frequency 1 + ln(count), scaled to length `weight` (less when the
    norm is below `floor`)."""
    clipped = {name: min(count, _MAX_COUNT) for name, count in counts.items()}
    norm = max(math.sqrt(sum(map(_TF2.__getitem__, clipped.values()))), floor)
    return Block(weight / norm if norm else 0.0, clipped)


@dataclass
class FeatureExtractor:
    """Turns text into a sparse feature vector; tokenises with the model's own dictionary."""

    dictionary: tuple[str, ...]
    keywords: Mapping[str, tuple[str, ...]]
    config: FeatureConfig = field(default_factory=FeatureConfig)

    def __post_init__(self) -> None:
        words = set(self.dictionary)
        words.update(k for ks in self.keywords.values() for k in ks if not k.isascii())
        self._trie = Trie(sorted(words))

    def tokens(self, normalised: str) -> list[str]:
        """newmm tokens of already normalised text, spaces included."""
        return segment(normalised, custom_dict=self._trie) if normalised else []

    def __call__(self, text: str) -> dict[str, float]:
        """The feature vector of a raw text (block names never clash)."""
        features: dict[str, float] = {}
        for block in self.blocks(text):
            features.update(block.values())
        return features

    def blocks(self, text: str) -> tuple[Block, Block, Block]:
        """The word, character and keyword blocks of a raw text."""
        limit = self.config.max_chars
        normalised = normalise(text[: limit + limit // 2])[:limit]
        tokens = _without_repeats(self.tokens(normalised))
        config = self.config
        words, chars, keywords = config.norm_floor
        return (
            _block(self._words(tokens), config.word_weight, words),
            _block(self._chars("".join(tokens)), config.char_weight, chars),
            _block(self._keyword_hits(tokens), config.keyword_weight, keywords),
        )

    @staticmethod
    def _words(tokens: list[str]) -> Counter[str]:
        words = [t for t in tokens if not t.isspace()]
        counts = Counter("w:" + w for w in words)
        counts.update(f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False))
        return counts

    def _chars(self, normalised: str) -> Counter[str]:
        """Character n-grams, unprefixed: normalised text has no ":", so they cannot clash
        with the "w:", "b:" and "k:" names of the other blocks."""
        text = f" {normalised} "
        low, high = self.config.char_ngrams
        counts: Counter[str] = Counter()
        for n in range(low, high + 1):
            counts.update(text[i : i + n] for i in range(len(text) - n + 1))
        return counts

    def _keyword_hits(self, tokens: list[str]) -> Counter[str]:
        """One count per keyword occurrence that starts and ends on token boundaries."""
        joined = "".join(tokens)
        bounds = set(_offsets(tokens))
        counts: Counter[str] = Counter()
        for key, words in self.keywords.items():
            for word in words:
                start = joined.find(word)
                while start >= 0:
                    if start in bounds and start + len(word) in bounds:
                        counts["k:" + key] += 1
                    start = joined.find(word, start + 1)
        return counts


def _without_repeats(tokens: list[str]) -> list[str]:
    """Drop a word that repeats the previous word ("ประกันสังคม ประกันสังคม ..." counts once)."""
    kept: list[str] = []
    previous = ""
    for token in tokens:
        if token.isspace():
            if kept and not kept[-1].isspace():
                kept.append(token)
        elif token != previous:
            kept.append(token)
            previous = token
        elif kept and kept[-1].isspace():
            kept.pop()
    return kept


def _offsets(tokens: Iterable[str]) -> Iterable[int]:
    offset = 0
    yield offset
    for token in tokens:
        offset += len(token)
        yield offset
