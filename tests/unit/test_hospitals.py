"""Hospital matching: tolerant of short forms and typos, silent when unsure."""

from __future__ import annotations

import pytest

from core.domain.hospitals import (
    CONFIDENT_SCORE,
    HospitalMatcher,
    default_matcher,
    normalize_hospital_text,
)

# Invented hospitals for the behaviour that does not depend on the real list.
SMALL = [
    {"id": "H1", "name_th": "โรงพยาบาลสุขใจ สาขาเหนือ", "province_code": "50", "aliases": []},
    {"id": "H2", "name_th": "โรงพยาบาลสุขใจ สาขาใต้", "province_code": "90", "aliases": []},
    {"id": "H3", "name_th": "โรงพยาบาลดวงดาว (สธ)", "province_code": "10",
     "aliases": ["ดวงดาว"]},
]


def test_normalize_drops_prefixes_marks_and_spacing() -> None:
    assert normalize_hospital_text("ร.พ. พระมงกุฎเกล้า") == "พระมงกุฎเกลา"
    assert normalize_hospital_text("โรงพยาบาลดวงดาว (สธ)") == "ดวงดาว"
    assert normalize_hospital_text("Siriraj Hospital") == "siriraj"


def test_ambiguous_name_needs_a_province() -> None:
    matcher = HospitalMatcher(SMALL)
    assert matcher.best("รพ.สุขใจ") is None
    assert {m.hospital_id for m in matcher.match("รพ.สุขใจ")} >= {"H1", "H2"}
    found = matcher.best("รพ.สุขใจ", province_code="90")
    assert found is not None and found.hospital_id == "H2"


def test_match_limits_and_orders() -> None:
    matcher = HospitalMatcher(SMALL)
    results = matcher.match("ดวงดาว", limit=1)
    assert [m.hospital_id for m in results] == ["H3"] and results[0].score == 1.0
    assert matcher.match("", limit=3) == [] and matcher.match("ดวงดาว", limit=0) == []


@pytest.mark.parametrize(
    ("typed", "hospital_id"),
    [
        ("รพ.ศิริราช", "H019"),
        ("ศิริราด", "H019"),  # typo
        ("โรงพยาบาลศิรราช", "H019"),  # missing letter
        ("Siriraj hospital", "H019"),
        ("ร.พ. จุฬา", "H005"),
        ("จุฬาฯ", "H005"),
        ("รามา", "H016"),
        ("ราชวิถี", "H015"),
        ("ราชวิถี 2", "H136"),
        ("พระมงกุฏเกล้า", "H012"),  # wrong ฎ/ฏ
        ("พระมงกุฎเกลา", "H012"),  # tone mark left out
        ("เกษมราษบางแค", "H027"),  # no space, missing ฎร์
        ("เกษมราษฎร์ บางแค", "H027"),
        ("บางนา 2", "H223"),
        ("รพ.กลาง", "H003"),
        ("จุฬารัตน์3", "H220"),
        ("รพ ขอนแก่น", "H057"),
        ("วชิรพยาบาล", "H001"),
        ("มหาราช โคราช", "H109"),  # what people call นครราชสีมา
        ("รพ.มหาราชโคราช", "H109"),
    ],
)
def test_confident_matches_on_the_real_list(typed: str, hospital_id: str) -> None:
    found = default_matcher().best(typed)
    assert found is not None and found.hospital_id == hospital_id
    assert found.score >= CONFIDENT_SCORE


@pytest.mark.parametrize(
    "typed",
    [
        "สมิติเวช",  # not a network hospital
        "บำรุงราษฎร์",
        "ยันฮี",
        "เซนต์หลุยส์",
        "เกษมราษฎร์",  # a chain: several branches
        "บางนา",
        "รพ.กรุงเทพ",
        "ไปรพ.ใกล้บ้านกลางเมือง",  # "กลาง" inside longer text is not enough
        "รพ.วชิระ",  # วชิรพยาบาล or วชิระภูเก็ต
    ],
)
def test_no_confident_match_for_unknown_or_ambiguous(typed: str) -> None:
    assert default_matcher().best(typed) is None


def test_best_in_province_resolves_a_chain() -> None:
    found = default_matcher().best("เกษมราษฎร์", province_code="24")
    assert found is not None and found.hospital_id == "H063"


@pytest.mark.parametrize("typed", [
    "รพ ราชวิถ", "ศิริราช", "รพ.สุขใจ", "มหาราช โคราช", "โรงพยาบาลกรุงเทพ", "ร.พ.จุฬา",
    "บำรุงราษฎร์", "คลินิกหมอฟัน", "xyz", "รพ.ตำรวจ", "ธนบุรี", "เปาโล",
])
def test_one_search_answers_best_and_candidates(typed: str) -> None:
    """The conversation ranks once and asks `clear_winner`; it must say what `best` says."""
    matcher = default_matcher()
    top = matcher.match(typed, 3)
    assert matcher.clear_winner(top) == matcher.best(typed)
    assert matcher.clear_winner(matcher.match(typed, 2)) == matcher.best(typed)
