"""Quality figures of a ranker on labelled examples: accuracy, top-3, macro-F1, confusion."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from core.classify.corpus import Example

Ranker = Callable[[str], Sequence[str]]  # text -> category keys, best first


@dataclass(frozen=True)
class CategoryFigures:
    """Precision, recall and F1 of one category, and how many examples it has."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Report:
    """The figures of one ranker on one set of examples."""

    name: str
    categories: tuple[str, ...]
    size: int
    accuracy: float
    top3: float
    macro_f1: float
    per_category: dict[str, CategoryFigures]
    confusion: tuple[tuple[int, ...], ...]  # [right category][suggested category]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def evaluate(
    name: str, rank: Ranker, examples: Iterable[Example], categories: Sequence[str]
) -> Report:
    """Run `rank` on every example and count."""
    index = {key: i for i, key in enumerate(categories)}
    k = len(categories)
    confusion = [[0] * k for _ in range(k)]
    size = hits = top3 = 0
    for example in examples:
        ranking = list(rank(example.text))
        size += 1
        hits += ranking[0] == example.category
        top3 += example.category in ranking[:3]
        confusion[index[example.category]][index[ranking[0]]] += 1
    per_category = {}
    for i, key in enumerate(categories):
        right = confusion[i][i]
        suggested = sum(confusion[j][i] for j in range(k))
        support = sum(confusion[i])
        precision, recall = _ratio(right, suggested), _ratio(right, support)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_category[key] = CategoryFigures(precision, recall, f1, support)
    return Report(
        name=name,
        categories=tuple(categories),
        size=size,
        accuracy=_ratio(hits, size),
        top3=_ratio(top3, size),
        macro_f1=sum(f.f1 for f in per_category.values()) / k,
        per_category=per_category,
        confusion=tuple(tuple(row) for row in confusion),
    )


def format_summary(reports: Sequence[Report]) -> str:
    """One line per ranker: accuracy, top-3 recall and macro-F1."""
    lines = [f"{'ranker':<24} {'n':>5} {'top-1':>7} {'top-3':>7} {'macro-F1':>9}"]
    for r in reports:
        lines.append(
            f"{r.name:<24} {r.size:>5} {r.accuracy:>7.3f} {r.top3:>7.3f} {r.macro_f1:>9.3f}"
        )
    return "\n".join(lines)


def format_report(report: Report) -> str:
    """Per-category precision and recall, then the confusion matrix (rows: right answer)."""
    lines = [f"== {report.name}: {report.size} texts", ""]
    lines.append(f"{'#':>3} {'category':<26} {'precision':>9} {'recall':>7} {'F1':>6} {'n':>4}")
    for i, key in enumerate(report.categories, start=1):
        f = report.per_category[key]
        lines.append(
            f"{i:>3} {key:<26} {f.precision:>9.3f} {f.recall:>7.3f} {f.f1:>6.3f} {f.support:>4}"
        )
    lines += ["", "confusion (row = right category, column = first suggestion, by #)"]
    width = len(report.categories)
    lines.append("    " + "".join(f"{j:>4}" for j in range(1, width + 1)))
    for i, row in enumerate(report.confusion, start=1):
        cells = "".join(f"{n:>4}" if n else "   ." for n in row)
        lines.append(f"{i:>3} {cells}")
    return "\n".join(lines)
