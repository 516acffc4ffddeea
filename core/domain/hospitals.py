"""Find a network hospital from what a complainant typed (abbreviations, typos, spacing)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapidfuzz import fuzz, process

from core.domain.thai_text import thai_digits_to_arabic

# Calibrated in tests/unit/test_hospitals.py: typos of real names score >= 85, while
# unrelated hospital names stay below 80.
CONFIDENT_SCORE = 0.85
# best() also refuses when another hospital scores within this margin (e.g. "เกษมราษฎร์").
AMBIGUITY_MARGIN = 0.04

# Keys shorter than this (e.g. "กลาง") only count when they are most of the query.
SHORT_KEY = 5

_MARKS = re.compile(r"[\u0E47-\u0E4E]")  # tone marks, thanthakhat: often left out or mistyped
_WORDS = re.compile(
    r"โรงพยาบาล|โรงบาล|ร\.\s*พ\.?|รพ\.?|hospital|\((?:สธ|กห|มท)\)|สธ\.|ฯ"
)
_PUNCT = re.compile(r"[\s.\-()'\"/,]")


@dataclass(frozen=True)
class HospitalMatch:
    """One candidate hospital and how well it matched, 0..1."""

    hospital_id: str
    name_th: str
    province_code: str
    score: float


def normalize_hospital_text(text: str) -> str:
    """The comparable form of a hospital name: no รพ./โรงพยาบาล, marks, spaces or dots."""
    text = thai_digits_to_arabic(unicodedata.normalize("NFC", text or "")).lower()
    return _PUNCT.sub("", _MARKS.sub("", _WORDS.sub(" ", text)))


class HospitalMatcher:
    """A fuzzy index over the hospital list; build once, query many times."""

    def __init__(self, hospitals: Iterable[Mapping[str, Any]],
                 province_aliases: Mapping[str, Iterable[str]] | None = None) -> None:
        """`province_aliases`: a province's Thai name to what people call it (นครราชสีมา:
        โคราช), so that "มหาราช โคราช" finds โรงพยาบาลมหาราชนครราชสีมา."""
        self._hospitals = [dict(h) for h in hospitals]
        self._keys: list[str] = []
        self._owner: list[int] = []
        nicknames = {normalize_hospital_text(name): [normalize_hospital_text(a) for a in aliases]
                     for name, aliases in (province_aliases or {}).items()}
        for position, hospital in enumerate(self._hospitals):
            forms = {normalize_hospital_text(f) for f in [hospital["name_th"],
                                                          *hospital.get("aliases", [])]}
            forms |= {form.replace(name, nickname) for form in list(forms)
                      for name, aliases in nicknames.items() if name in form
                      for nickname in aliases}
            for form in sorted(f for f in forms if len(f) >= 2):
                self._keys.append(form)
                self._owner.append(position)

    def match(self, text: str, limit: int = 3,
              province_code: str | None = None) -> list[HospitalMatch]:
        """The best `limit` distinct hospitals for the text, best first (maybe in one province)."""
        query = normalize_hospital_text(text)
        if len(query) < 2 or limit <= 0:
            return []
        best: dict[int, float] = {}
        for key, score, key_index in process.extract(
            query, self._keys, scorer=fuzz.WRatio, limit=None, score_cutoff=50
        ):
            if len(key) < SHORT_KEY and len(query) >= 1.5 * len(key):
                score = min(score, 80.0)  # a short name inside longer text is weak evidence
            owner = self._owner[key_index]
            hospital = self._hospitals[owner]
            if province_code and hospital["province_code"] != province_code:
                continue
            best[owner] = max(best.get(owner, 0.0), score / 100)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [self._result(owner, score) for owner, score in ranked]

    def best(self, text: str, province_code: str | None = None) -> HospitalMatch | None:
        """The one hospital the text clearly names, or None when unsure or ambiguous."""
        return self.clear_winner(self.match(text, limit=2, province_code=province_code))

    @staticmethod
    def clear_winner(top: Sequence[HospitalMatch]) -> HospitalMatch | None:
        """What `best` says, from `match`'s ranking of the same text (two or more places):
        one fuzzy search over the hospital list answers both questions."""
        if not top or top[0].score < CONFIDENT_SCORE:
            return None
        if len(top) > 1 and top[1].score > top[0].score - AMBIGUITY_MARGIN and top[0].score < 1:
            return None
        if len(top) > 1 and top[1].score >= 1:
            return None
        return top[0]

    def _result(self, owner: int, score: float) -> HospitalMatch:
        hospital = self._hospitals[owner]
        return HospitalMatch(hospital["id"], hospital["name_th"], hospital["province_code"],
                             round(score, 3))


@cache
def default_matcher() -> HospitalMatcher:
    """The matcher over config/data/hospitals.json, built on first use."""
    from config.datafiles import load_geo, load_hospitals

    thai = re.compile(r"[\u0E00-\u0E7F]")
    nicknames = {p["name_th"]: [a for a in p.get("aliases", []) if thai.search(a)]
                 for p in load_geo()["provinces"]}
    return HospitalMatcher(load_hospitals(), {k: v for k, v in nicknames.items() if v})
