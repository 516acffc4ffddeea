"""The twelve categories of CONTRACT.md, as core.domain.categories reads them."""

import pytest

from core.domain.categories import (
    category_by_key,
    category_keys,
    category_keywords,
    load_categories,
)

CONTRACT_ORDER = (
    "medical",
    "sickness_invalidity_death",
    "maternity_child",
    "old_age",
    "unemployment",
    "contributions",
    "employer",
    "work_injury",
    "staff_service",
    "online_services",
    "corruption",
    "other",
)


def test_the_twelve_categories_in_the_contract_order() -> None:
    assert category_keys() == CONTRACT_ORDER
    assert len(load_categories()) == 12


def test_names_and_labels_are_the_contract_ones() -> None:
    medical = category_by_key("medical")
    assert medical.name_th == "สถานพยาบาลและการรักษาพยาบาล"
    assert medical.label == "การรักษาพยาบาล"
    assert category_by_key("corruption").label == "ทุจริต/ประพฤติมิชอบ"
    assert all(len(c.label) <= 20 for c in load_categories())


def test_unknown_key_raises_key_error() -> None:
    with pytest.raises(KeyError):
        category_by_key("parking")


def test_every_category_has_keywords() -> None:
    keywords = category_keywords()
    assert set(keywords) == set(CONTRACT_ORDER)
    assert all(len(words) >= 5 for words in keywords.values())
