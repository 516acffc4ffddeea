"""The twelve complaint categories (CONTRACT.md "Categories"), read from config/data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

LABEL_MAX_CHARS = 20


@dataclass(frozen=True)
class Category:
    """A complaint category: stable key, Thai name, and a button label of ≤ 20 characters."""

    key: str
    name_th: str
    label: str


def _read_rows() -> list[dict[str, str]]:
    path = resources.files("config") / "data" / "categories.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def load_categories() -> tuple[Category, ...]:
    """All categories in the contract's order."""
    categories = tuple(
        Category(key=row["key"], name_th=row["name_th"], label=row["label"]) for row in _read_rows()
    )
    keys = [c.key for c in categories]
    if len(set(keys)) != len(keys):
        raise ValueError("categories.json: duplicate category key")
    for category in categories:
        if len(category.label) > LABEL_MAX_CHARS:
            raise ValueError(f"categories.json: label of {category.key!r} is too long")
    return categories


@cache
def _by_key() -> dict[str, Category]:
    return {category.key: category for category in load_categories()}


def category_keys() -> tuple[str, ...]:
    """The category keys in the contract's order."""
    return tuple(category.key for category in load_categories())


def category_by_key(key: str) -> Category:
    """The category with this key; KeyError if there is none."""
    try:
        return _by_key()[key]
    except KeyError:
        raise KeyError(f"unknown category: {key!r}") from None


def category_keywords() -> dict[str, tuple[str, ...]]:
    """Words that hint at each category (a feature of the suggester and its baseline)."""
    return {row["key"]: tuple(row.get("keywords", ())) for row in _read_rows()}
