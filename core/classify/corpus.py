"""The labelled corpus (JSONL files) and staff corrections as labelled data."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from core.domain.categories import category_keys


def data_dir() -> Path:
    """config/data/classifier/: the shipped corpus and model."""
    return Path(str(resources.files("config") / "data" / "classifier"))


def train_path() -> Path:
    """The shipped training set."""
    return data_dir() / "train.jsonl"


def dev_path() -> Path:
    """The shipped development set: never used for training."""
    return data_dir() / "dev.jsonl"


def model_path() -> Path:
    """The shipped model."""
    return data_dir() / "model.json"


@dataclass(frozen=True)
class Example:
    """A text with its right category."""

    text: str
    category: str


@dataclass(frozen=True)
class Correction:
    """A staff member changed a case's category: the text and both categories."""

    text: str
    category: str
    from_category: str | None
    corrected_at: datetime

    def to_json(self) -> dict[str, str | None]:
        """One JSONL row: {"text", "category", "from_category", "corrected_at"}."""
        return {
            "text": self.text,
            "category": self.category,
            "from_category": self.from_category,
            "corrected_at": self.corrected_at.isoformat(),
        }


def _rows(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path.name} line {number}: not JSON ({exc.msg})") from None
                if not isinstance(row, dict):
                    raise ValueError(f"{path.name} line {number}: not a JSON object")
                yield number, row


def _checked(path: Path, number: int, row: dict[str, object], field: str) -> str:
    value = row.get(field)
    if not isinstance(value, str):
        raise ValueError(f"{path.name} line {number}: {field!r} is missing or not text")
    return value


def _example(path: Path, number: int, row: dict[str, object]) -> Example:
    text = _checked(path, number, row, "text")
    category = _checked(path, number, row, "category")
    if category not in category_keys():
        raise ValueError(f"{path.name} line {number}: unknown category {category!r}")
    return Example(text, category)


def read_examples(path: Path) -> list[Example]:
    """Rows {"text", "category"} of a JSONL file; ValueError names the first bad line."""
    return [_example(path, number, row) for number, row in _rows(path)]


def read_corrections(path: Path) -> list[Correction]:
    """Rows {"text", "category", "from_category", "corrected_at"} of a JSONL file."""
    corrections = []
    for number, row in _rows(path):
        example = _example(path, number, row)
        when = _checked(path, number, row, "corrected_at")
        try:
            corrected_at = datetime.fromisoformat(when)
        except ValueError:
            raise ValueError(f"{path.name} line {number}: bad corrected_at {when!r}") from None
        before = row.get("from_category")
        corrections.append(
            Correction(
                text=example.text,
                category=example.category,
                from_category=before if isinstance(before, str) else None,
                corrected_at=corrected_at,
            )
        )
    return corrections


def write_jsonl(path: Path, rows: Iterable[dict[str, object]]) -> None:
    """Write rows as UTF-8 JSONL."""
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def merge_corrections(
    train: list[Example], corrections: Iterable[Correction], held_out: Iterable[Example]
) -> tuple[list[Example], int]:
    """Training examples with staff corrections applied; the latest correction of a text wins.

    A corrected text that is also in the held-out set is skipped so that the development set
    stays unseen; the number skipped is returned with the examples.
    """
    held = {e.text.strip() for e in held_out}
    latest: dict[str, Correction] = {}
    for c in sorted(corrections, key=lambda c: c.corrected_at.timestamp()):
        latest[c.text.strip()] = c
    skipped = sum(1 for text in latest if text in held)
    fixed = {text: c.category for text, c in latest.items() if text not in held}
    merged = [Example(e.text, fixed.pop(e.text.strip(), e.category)) for e in train]
    merged.extend(Example(text, category) for text, category in sorted(fixed.items()))
    return merged, skipped
