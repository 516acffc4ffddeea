"""The confidence threshold: when the best score is lower, the bot shows every category."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from core.classify.corpus import Example

# Showing three guesses is worth it only if the right one is among them this often.
TOP3_TARGET = 0.98
# Texts that name no category: greetings, stickers' alt text, emoji, empty, English only.
NO_INFORMATION = (
    "",
    "   ",
    "สวัสดีครับ",
    "สวัสดีค่ะ",
    "ครับ",
    "ค่ะ",
    "ขอร้องเรียนค่ะ",
    "ขอร้องเรียนหน่อยครับ",
    "สอบถามหน่อยค่ะ",
    "มีเรื่องจะแจ้งครับ",
    "ช่วยด้วย",
    "ประกันสังคม",
    "ประกันสังคม ประกันสังคม ประกันสังคม",
    "ไม่พอใจมาก",
    "hello",
    "I want to complain",
    "ok",
    "test",
    "1234",
    "(sticker)",
    "🙏🙏",
    "😡😡😡",
)
MARGIN = 0.05


@dataclass(frozen=True)
class Calibration:
    """The chosen threshold, the two limits it came from, and what it does on the dev set."""

    threshold: float
    from_dev: float
    from_no_information: float
    dev: Confidence


@dataclass(frozen=True)
class Confidence:
    """What a threshold does on a labelled set."""

    coverage: float  # share of texts that get three guesses
    top3_confident: float  # top-3 recall among those
    top1_confident: float
    top1_rest: float  # top-1 accuracy among the texts that get the whole list


Outcome = tuple[float, bool, bool]  # best score, right first, right in the top three


def outcomes(
    probabilities: Callable[[str], Sequence[float]],
    categories: Sequence[str],
    examples: Iterable[Example],
) -> list[Outcome]:
    """For each example: the best score and whether the right category is first / in top 3."""
    result = []
    for example in examples:
        scores = probabilities(example.text)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        ranked = [categories[i] for i in order[:3]]
        right = example.category
        result.append((scores[order[0]], ranked[0] == right, right in ranked))
    return result


def confidence(results: Sequence[Outcome], threshold: float) -> Confidence:
    """Coverage and accuracy above and below `threshold`."""
    above = [o for o in results if o[0] >= threshold]
    below = [o for o in results if o[0] < threshold]
    return Confidence(
        coverage=len(above) / len(results) if results else 0.0,
        top3_confident=_share(o[2] for o in above),
        top1_confident=_share(o[1] for o in above),
        top1_rest=_share(o[1] for o in below),
    )


def calibrate(
    probabilities: Callable[[str], Sequence[float]],
    categories: Sequence[str],
    dev: Iterable[Example],
) -> Calibration:
    """The lowest threshold that keeps top-3 recall ≥ TOP3_TARGET above it on the dev set,
    raised if needed above the best score of every NO_INFORMATION text (plus MARGIN)."""
    results = outcomes(probabilities, categories, dev)
    from_dev = _lowest_meeting_target(results)
    from_probe = max(max(probabilities(text)) for text in NO_INFORMATION) + MARGIN
    threshold = round(max(from_dev, from_probe), 4)
    return Calibration(
        threshold=threshold,
        from_dev=round(from_dev, 4),
        from_no_information=round(from_probe, 4),
        dev=confidence(results, threshold),
    )


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def _lowest_meeting_target(results: Sequence[Outcome]) -> float:
    """Scan thresholds from high to low; keep lowering while the texts above meet the target."""
    best = 1.0
    hits = total = 0
    ordered = sorted(results, key=lambda o: -o[0])
    for i, (score, _, in_top3) in enumerate(ordered):
        hits += in_top3
        total += 1
        tie_follows = i + 1 < len(ordered) and ordered[i + 1][0] == score
        if not tie_follows and hits / total >= TOP3_TARGET:
            best = score
    return best
