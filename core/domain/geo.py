"""Provinces, districts and subdistricts: names, and where a free-text Thai address is.

Every function takes the geo data (the shape of config/data/geo.json) as an optional
`geo` argument; without it the project's file is loaded once. The index built from a
given `geo` object is reused while the same (unchanged) object is passed. Nothing here
raises on unknown input: "not found" is None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rapidfuzz import fuzz, process

from core.domain.thai_text import strip_polite_particles, thai_digits_to_arabic

_TONE_MARKS = re.compile(r"[\u0E47-\u0E4C]")
_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_STOP = r"(?=\s|$|\d|,|อ\.|อำเภอ|เขต|จ\.|จังหวัด)"
# Subdistricts, roads, lanes, villages: their names often equal a district's, so drop them.
_NOISE = re.compile(
    r"(?:แขวง|ตำบล|ถนน|ซอย|หมู่บ้าน|หมู่ที่|หมู่|(?<![\u0E01-\u0E4E])(?:ต|ถ|ซ|ม|มบ)\.)"
    r"\s*\S+?" + _STOP
)
# A subdistrict named after its word (แขวง is Bangkok's word, ตำบล everyone else's); the
# name may run into the next place word or name: "ต.สุเทพอ.เมือง", "แขวงสีลมกรุงเทพฯ".
_SUBDISTRICT = re.compile(r"(แขวง|ตำบล|(?<![\u0E01-\u0E4E])ต\.)\s*([^\s\d,()/]+)")
_SUBDISTRICT_PREFIX = re.compile(r"^\s*(?:แขวง|ตำบล|ต\.)\s*")
_AFTER_SUBDISTRICT = re.compile(r"กิ่งอำเภอ|อำเภอ|อ\.|เขต|ข\.|จังหวัด|จ\.")
MAX_SUBDISTRICT_CHARS = 40
_MARKER = re.compile(r"(จังหวัด|จ\.|กิ่งอำเภอ|อำเภอ|อ\.|เขต|ข\.)\s*$")
_PROVINCE_MARKERS = {"จังหวัด", "จ."}
_BOUNDARY = re.compile(r"[\s,;:()/\d.\-]")
_PREFIX = re.compile(r"^\s*(?:จังหวัด|จ\.|กิ่งอำเภอ|อำเภอ|อ\.|เขต|ข\.)\s*")
BANGKOK = "10"
# A typed district name this long (folded) or longer that starts exactly one district's
# name in the province is that district ("ป้อมปราบ" → ป้อมปราบศัตรูพ่าย).
MIN_PREFIX_CHARS = 3


@dataclass(frozen=True)
class Location:
    """Where an address is: a province, maybe a district, and what showed it."""

    province_code: str
    district_code: str | None
    source: str  # "+"-joined evidence that agrees: postcode, province, district


@dataclass
class _Index:
    provinces: dict[str, dict]
    districts: dict[str, dict]
    postcodes: Mapping[str, list]
    keys: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # key -> (kind, code)
    pattern: re.Pattern[str] = re.compile(r"(?!)")  # replaced by _build
    province_keys: dict[str, str] = field(default_factory=dict)  # folded name -> code
    subdistricts: dict[str, set[str]] = field(default_factory=dict)  # folded name -> districts


def _fold(text: str) -> str:
    """Lower-case, no spaces, dots, hyphens or tone marks: for comparing typed names."""
    text = thai_digits_to_arabic(unicodedata.normalize("NFC", text)).lower()
    return _TONE_MARKS.sub("", re.sub(r"[\s.\-'ฯ]", "", text))


def _canon(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", text.lower())


def _build(geo: Mapping[str, Any]) -> _Index:
    index = _Index({p["code"]: p for p in geo["provinces"]},
                   {d["code"]: d for d in geo["districts"]}, geo.get("postcodes", {}))
    for p in geo["provinces"]:
        for name in [p["name_th"], p["name_en"], *p.get("aliases", [])]:
            index.keys.setdefault(_canon(name), []).append(("province", p["code"]))
            index.province_keys.setdefault(_fold(name), p["code"])
    for d in geo["districts"]:
        for name in (d["name_th"], d["name_en"]):
            index.keys.setdefault(_canon(name), []).append(("district", d["code"]))
    for district, names in geo.get("subdistricts", {}).items():
        for name in names:
            index.subdistricts.setdefault(_fold(name), set()).add(district)
    alternatives = sorted(index.keys, key=len, reverse=True)
    index.pattern = re.compile("|".join(r"[\s\-]*".join(map(re.escape, k.split(" ")))
                                        for k in alternatives))
    return index


@cache
def _default_index() -> _Index:
    from config.datafiles import load_geo

    return _build(load_geo())


_RECENT: dict[int, tuple[Mapping[str, Any], _Index]] = {}


def _index(geo: Mapping[str, Any] | None) -> _Index:
    """The index for the given data (the last few are kept, keyed by object identity)."""
    if geo is None:
        return _default_index()
    kept = _RECENT.get(id(geo))
    if kept is not None and kept[0] is geo:
        return kept[1]
    if len(_RECENT) >= 4:
        _RECENT.clear()
    _RECENT[id(geo)] = (geo, _build(geo))
    return _RECENT[id(geo)][1]


def province_name(code: str, geo: Mapping[str, Any] | None = None) -> str | None:
    """The Thai name of a province code, or None."""
    province = _index(geo).provinces.get(code)
    return province["name_th"] if province else None


def district_name(code: str, geo: Mapping[str, Any] | None = None) -> str | None:
    """The Thai name (without เขต/อำเภอ) of a district code, or None."""
    district = _index(geo).districts.get(code)
    return district["name_th"] if district else None


def _capital(index: _Index, province_code: str) -> str | None:
    province = index.provinces.get(province_code)
    if province is None:
        return None
    for d in index.districts.values():
        if d["province_code"] == province_code and d["name_th"] in (
            "เมือง" + province["name_th"], province["name_th"]
        ):
            return d["code"]
    return None


def capital_district(province_code: str, geo: Mapping[str, Any] | None = None) -> str | None:
    """The capital (เมือง…) district of a province; None for Bangkok or an unknown code."""
    return _capital(_index(geo), province_code)


def _unique_close(query: str, names: Mapping[str, str]) -> str | None:
    """The code of the one name close to the query (typo-tolerant), or None if unsure."""
    hits = process.extract(query, list(names), scorer=fuzz.ratio, score_cutoff=80, limit=5)
    codes = {names[name] for name, score, _ in hits if score >= hits[0][1] - 5} if hits else set()
    return codes.pop() if len(codes) == 1 else None


def province_by_name(text: str, geo: Mapping[str, Any] | None = None) -> str | None:
    """The province code for a typed province name, alias or small typo; None if unsure."""
    index = _index(geo)
    text = strip_polite_particles(text or "")
    query = _fold(_PREFIX.sub("", text))
    if not query:
        return None
    if query in index.province_keys:
        return index.province_keys[query]
    best = _unique_close(query, index.province_keys)
    if best:
        return best
    found = find_location(text, geo)
    return found.province_code if found else None


def district_by_name(text: str, province_code: str,
                     geo: Mapping[str, Any] | None = None) -> str | None:
    """The district code for a typed district name within a province; None if unsure.

    The name may be cut short when what is typed starts only one district's name
    ("ป้อมปราบ"), or have a small typo; polite particles at the end are ignored.
    """
    index = _index(geo)
    names = {_fold(d[key]): d["code"] for d in index.districts.values()
             if d["province_code"] == province_code for key in ("name_th", "name_en")}
    query = _fold(_PREFIX.sub("", strip_polite_particles(text or "")))
    if not query:
        return None
    if query in names:
        return names[query]
    started = {code for name, code in names.items() if name.startswith(query)}
    if len(query) >= MIN_PREFIX_CHARS and len(started) == 1:
        return started.pop()
    return _unique_close(query, names)


def _subdistrict_at(index: _Index, text: str) -> tuple[set[str], int]:
    """Districts with a subdistrict named at the start of the (lower-case) text, and the
    name's length; (set(), 0) when none is."""
    for cut in range(min(len(text), MAX_SUBDISTRICT_CHARS), 1, -1):
        found = index.subdistricts.get(_fold(text[:cut]))
        rest = text[cut:].strip()
        # The longest name that ends where the text does, or at a place word or name.
        if found and (not rest or _AFTER_SUBDISTRICT.match(rest) or index.pattern.match(rest)):
            return set(found), cut
    return set(), 0


def subdistrict_districts(text: str, province_code: str | None = None,
                          geo: Mapping[str, Any] | None = None) -> list[str]:
    """Districts (of the province, if given) with a subdistrict of the typed name, sorted."""
    index = _index(geo)
    name = _SUBDISTRICT_PREFIX.sub("", strip_polite_particles(text or "")).strip().lower()
    codes = _subdistrict_at(index, name)[0] if name else set()
    return sorted(c for c in codes if province_code is None or c[:2] == province_code)


def _by_subdistrict(named: list[tuple[str, set[str]]], provinces: set[str]) -> str | None:
    """The one district the named subdistricts point to within the provinces, else None."""
    # แขวง is Bangkok's word and ตำบล everyone else's: the word picks among the provinces,
    # and decides alone when there is no province to go by.
    codes: set[str] = set()
    for marker, districts in named:
        fits = {d for d in districts if not provinces or d[:2] in provinces}
        usual = {d for d in fits if (d[:2] == BANGKOK) == (marker == "แขวง")}
        codes |= usual if usual or not provinces else fits
    return codes.pop() if len(codes) == 1 else None


def _source(kinds: set[str]) -> str:
    return "+".join(k for k in ("postcode", "province", "district", "subdistrict") if k in kinds)


def _bounded(text: str, start: int, end: int) -> bool:
    before = start == 0 or bool(_BOUNDARY.match(text[start - 1]))
    return before and (end == len(text) or bool(_BOUNDARY.match(text[end])))


@dataclass
class _Evidence:
    score: dict[str, float] = field(default_factory=dict)
    kinds: dict[str, set[str]] = field(default_factory=dict)
    districts: list[tuple[float, int, str]] = field(default_factory=list)  # weight, pos, code

    def vote(self, province: str, weight: float, kind: str) -> None:
        self.score[province] = self.score.get(province, 0) + weight
        self.kinds.setdefault(province, set()).add(kind)


def find_location(address: str, geo: Mapping[str, Any] | None = None) -> Location | None:
    """Find the province (and district) of a free-text Thai address; None if none found."""
    index = _index(geo)
    text = thai_digits_to_arabic(unicodedata.normalize("NFC", address or "")).lower()
    evidence = _Evidence()
    postal_districts: list[str] = []
    for code in _POSTCODE.findall(text):
        pairs = index.postcodes.get(code, [])
        provinces = {p for p, _ in pairs}
        for province in provinces:
            evidence.vote(province, 2.5 if len(provinces) == 1 else 2, "postcode")
        postal_districts += [d for _, d in pairs]
    # A named subdistrict gives the district (and, when nothing else does, the province)
    # only when one district has a subdistrict of that name. It is taken out of the text
    # (a name glued to it, "แขวงสีลมกรุงเทพฯ", stays); _NOISE takes out unknown ones.
    named: list[tuple[str, set[str]]] = []
    for match in reversed(list(_SUBDISTRICT.finditer(text))):
        codes, length = _subdistrict_at(index, match.group(2))
        if codes:
            named.append((match.group(1), codes))
            text = text[: match.start()] + " " + text[match.start(2) + length:]
    text = _NOISE.sub(" ", text)
    mueang = re.search(r"(?:อำเภอ|อ\.)\s*เมือง" + _STOP, text)
    for match in index.pattern.finditer(text):
        _weigh(index, evidence, text, match)
    ranked = sorted(evidence.score.items(), key=lambda item: -item[1])
    top = {p for p, score in ranked if score == ranked[0][1]}
    if len(top) != 1:  # nothing found, or two provinces equally likely: a subdistrict may tell
        district = _by_subdistrict(named, top)
        if district is None:
            return None
        kinds = evidence.kinds.get(district[:2], set()) | {"subdistrict"}
        return Location(district[:2], district, _source(kinds))
    province = ranked[0][0]
    district, kind = _pick_district(index, evidence, province, postal_districts, bool(mueang),
                                    _by_subdistrict(named, top))
    kinds = evidence.kinds[province] | ({kind} if district else set())
    return Location(province, district, _source(kinds))


def _weigh(index: _Index, evidence: _Evidence, text: str, match: re.Match[str]) -> None:
    found = match.group(0)
    marker_match = _MARKER.search(text[: match.start()])
    marker = marker_match.group(1) if marker_match else None
    bounded = _bounded(text, match.start(), match.end())
    latin = found.isascii()
    hits = index.keys.get(_canon(found), [])
    for code in (c for kind, c in hits if kind == "province"):
        if marker in _PROVINCE_MARKERS:
            evidence.vote(code, 4, "province")
        elif marker is None and bounded:
            evidence.vote(code, 3, "province")
        elif marker is None and len(found) >= 5 and not latin:
            evidence.vote(code, 1, "province")
    if marker in _PROVINCE_MARKERS or (marker is None and (not bounded or len(found) < 3)):
        return
    districts = [c for kind, c in hits if kind == "district"]
    if marker in ("เขต", "ข."):
        districts = [c for c in districts if c.startswith(BANGKOK)]
    elif marker is not None:
        districts = [c for c in districts if not c.startswith(BANGKOK)]
    weight = 1.0 if marker in (None, "ข.") else 2.0
    if len(districts) == 1:
        evidence.vote(districts[0][:2], weight, "district")
    evidence.districts += [(weight, match.start(), c) for c in districts]


def _pick_district(index: _Index, evidence: _Evidence, province: str, postal: list[str],
                   mueang: bool, by_subdistrict: str | None) -> tuple[str | None, str]:
    """The district and what showed it: "district" (a name, เมือง, a postcode), "subdistrict"."""
    named = [(w, pos, c) for w, pos, c in evidence.districts if c.startswith(province)]
    strong = [item for item in named if item[0] >= 2]
    if strong:
        return max(strong)[2], "district"
    if mueang and province != BANGKOK:
        return _capital(index, province), "district"
    if by_subdistrict:
        return by_subdistrict, "subdistrict"
    in_province = sorted({d for d in postal if d.startswith(province)})
    if len(in_province) == 1:
        return in_province[0], "district"
    if named:
        return max(named)[2], "district"
    return None, ""
