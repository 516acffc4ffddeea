"""The shipped reference data: counts, unique codes, and references that resolve."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from config import datafiles
from core.domain.categories import load_categories
from core.domain.routing import RoutingRules

UNIT_KEYS = {"code", "kind", "name_th", "short_th", "sso_code", "province_code",
             "district_code", "parent_code", "area"}
HOSPITAL_KEYS = {"id", "name_th", "province_code", "district_code", "ownership_th", "aliases"}


@pytest.fixture(scope="module")
def geo() -> dict:
    return datafiles.load_geo()


@pytest.fixture(scope="module")
def units() -> list[dict]:
    return datafiles.load_units()


def test_loaders_read_once() -> None:
    assert datafiles.load_units() is datafiles.load_units()
    assert datafiles.load_geo() is datafiles.load_geo()


def test_unit_counts_by_kind(units: list[dict]) -> None:
    kinds = Counter(u["kind"] for u in units)
    assert kinds == {"information_center": 1, "head_office": 1, "bangkok_area": 12,
                     "provincial": 76, "branch": 50}


def test_unit_codes_unique_and_shaped(units: list[dict], geo: dict) -> None:
    codes = [u["code"] for u in units]
    assert len(codes) == len(set(codes))
    provinces = {p["code"] for p in geo["provinces"]}
    districts = {d["code"]: d["province_code"] for d in geo["districts"]}
    by_code = {u["code"]: u for u in units}
    assert by_code["IC"]["sso_code"] == "1063" and by_code["HQ"]["kind"] == "head_office"
    for u in units:
        assert set(u) == UNIT_KEYS, u["code"]
        assert u["name_th"] and u["short_th"]
        if u["kind"] == "bangkok_area":
            assert u["code"] == f"BKK{u['area']:02d}" and u["province_code"] == "10"
        if u["kind"] == "provincial":
            assert u["code"] == "P" + u["province_code"] and u["province_code"] in provinces
        if u["kind"] == "branch":
            parent = by_code[u["parent_code"]]
            assert parent["kind"] == "provincial"
            assert u["code"] == f"{parent['code']}-{u['district_code']}"
            assert districts[u["district_code"]] == u["province_code"] == parent["province_code"]


def test_every_province_but_bangkok_has_an_office(units: list[dict], geo: dict) -> None:
    offices = {u["province_code"] for u in units if u["kind"] == "provincial"}
    assert offices == {p["code"] for p in geo["provinces"]} - {"10"}


def test_hospitals(geo: dict) -> None:
    hospitals = datafiles.load_hospitals()
    assert len(hospitals) == 273
    assert [h["id"] for h in hospitals] == [f"H{n:03d}" for n in range(1, 274)]
    provinces = {p["code"] for p in geo["provinces"]}
    districts = {d["code"]: d["province_code"] for d in geo["districts"]}
    for h in hospitals:
        assert set(h) == HOSPITAL_KEYS, h["id"]
        assert h["province_code"] in provinces
        if h["district_code"] is not None:
            assert districts[h["district_code"]] == h["province_code"], h["id"]
        assert len(h["aliases"]) == len(set(h["aliases"])) and h["name_th"] not in h["aliases"]
    bangkok = [h for h in hospitals if h["province_code"] == "10"]
    assert len(bangkok) == 50
    assert sum(h["district_code"] is not None for h in bangkok) == 49


def test_geo_provinces_and_districts(geo: dict) -> None:
    provinces = geo["provinces"]
    assert len(provinces) == 77 and len({p["code"] for p in provinces}) == 77
    districts = geo["districts"]
    assert len(districts) == len({d["code"] for d in districts}) == 928
    codes = {p["code"] for p in provinces}
    for d in districts:
        assert d["province_code"] in codes and d["code"].startswith(d["province_code"])
        assert not re.match(r"^(เขต|อำเภอ)", d["name_th"]) and not d["name_en"].startswith("Khet")
    assert sum(d["province_code"] == "10" for d in districts) == 50
    bangkok = next(p for p in provinces if p["code"] == "10")
    assert {"กทม.", "กรุงเทพฯ", "Bangkok"} <= set(bangkok["aliases"])


def test_geo_postcodes_point_to_known_districts(geo: dict) -> None:
    districts = {d["code"]: d["province_code"] for d in geo["districts"]}
    covered = set()
    for code, pairs in geo["postcodes"].items():
        assert re.fullmatch(r"\d{5}", code)
        for province, district in pairs:
            assert districts[district] == province
            covered.add(district)
    assert covered == set(districts)
    assert geo["postcodes"]["10500"][0] == ["10", "1004"]
    assert {p for p, _ in geo["postcodes"]["58130"]} == {"50", "58"}


def test_geo_subdistricts_name_every_known_district(geo: dict) -> None:
    subdistricts = geo["subdistricts"]
    assert set(subdistricts) == {d["code"] for d in geo["districts"]}
    names = [name for names in subdistricts.values() for name in names]
    assert len(names) == 7437  # 7,436 subdistricts, ปอภาร (ปอพาน) under both names
    assert all(name and not re.match(r"^(?:ตำบล|แขวง)|[()]", name) for name in names)
    assert sum(len(v) for k, v in subdistricts.items() if k.startswith("10")) == 180
    assert "สีลม" in subdistricts["1004"] and "บางกะปิ" in subdistricts["1017"]


def test_routing_defaults_resolve(units: list[dict]) -> None:
    routing = datafiles.load_routing()
    assert routing["bangkok_district_areas"] == {} and routing["branch_districts"] == {}
    categories = {c.key for c in load_categories()}
    assert {r["category"] for r in routing["rules"]} <= categories
    rules = RoutingRules.from_data(routing, units)
    assert rules.unknown_units() == []
    assert rules.category_units["corruption"] == "HQ"


def test_privacy_notice_fits_a_line_message() -> None:
    notice = datafiles.load_privacy_notice()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", notice["version"])
    text = notice["text_th"]
    assert len(text) < 1500 and notice["title_th"]
    for needed in ("ชื่อ", "นามสกุล", "ที่อยู่", "หมายเลขโทรศัพท์", "ไฟล์แนบ", "ศูนย์สารนิเทศ",
                   "2 ปี", "1506", "สิทธิ"):
        assert needed in text
