"""Routing: category rule, hospital location, complainant location, triage."""

from __future__ import annotations

import pytest

from config.datafiles import load_routing, load_units
from core.domain.routing import RouteDecision, RoutingRules, area_unit_code, route

UNITS = [
    {"code": "IC", "kind": "information_center", "province_code": None},
    {"code": "HQ", "kind": "head_office", "province_code": None},
    {"code": "BKK01", "kind": "bangkok_area", "province_code": "10"},
    {"code": "BKK03", "kind": "bangkok_area", "province_code": "10"},
    {"code": "P11", "kind": "provincial", "province_code": "11"},
    {"code": "P11-1103", "kind": "branch", "province_code": "11"},
    {"code": "P50", "kind": "provincial", "province_code": "50"},
]
ROUTING = {
    "rules": [{"category": "corruption", "unit": "HQ", "note": ""}],
    "bangkok_district_areas": {"1004": "BKK01", "1033": 3},
    "branch_districts": {"1103": "P11-1103", "1102": "P11-1103"},
}


@pytest.fixture
def rules() -> RoutingRules:
    return RoutingRules.from_data(ROUTING, UNITS)


def decide(rules: RoutingRules, category: str = "medical", **where: str | None) -> RouteDecision:
    places = {"hospital_province": None, "hospital_district": None,
              "complainant_province": None, "complainant_district": None}
    return route(category=category, rules=rules, **{**places, **where})


def test_category_rule_wins_over_every_location(rules: RoutingRules) -> None:
    decision = decide(rules, "corruption", hospital_province="10", hospital_district="1004")
    assert decision.unit_code == "HQ" and decision.reason_th


@pytest.mark.parametrize(
    ("where", "unit"),
    [
        ({"hospital_province": "10", "hospital_district": "1004"}, "BKK01"),
        ({"hospital_province": "10", "hospital_district": "1033"}, "BKK03"),  # area number
        ({"hospital_province": None, "hospital_district": "1004"}, "BKK01"),
        ({"hospital_province": "11", "hospital_district": "1103"}, "P11-1103"),
        ({"hospital_province": "11", "hospital_district": "1101"}, "P11"),
        ({"hospital_province": "11", "hospital_district": None}, "P11"),
        # The hospital decides even when the complainant lives elsewhere.
        ({"hospital_province": "50", "complainant_province": "11"}, "P50"),
        # A Bangkok hospital in an unmapped district goes to triage, not to the complainant's.
        ({"hospital_province": "10", "hospital_district": "1035",
          "complainant_province": "11"}, "IC"),
        ({"hospital_province": "10", "hospital_district": None}, "IC"),
    ],
)
def test_route_by_hospital(rules: RoutingRules, where: dict, unit: str) -> None:
    assert decide(rules, **where).unit_code == unit


@pytest.mark.parametrize(
    ("where", "unit"),
    [
        ({"complainant_province": "10", "complainant_district": "1004"}, "BKK01"),
        ({"complainant_province": "11", "complainant_district": "1102"}, "P11-1103"),
        ({"complainant_province": "50", "complainant_district": None}, "P50"),
        ({"complainant_province": "10", "complainant_district": "1001"}, "IC"),
        ({"complainant_province": "96"}, "IC"),  # no office known for the province
        ({}, "IC"),
    ],
)
def test_route_by_complainant(rules: RoutingRules, where: dict, unit: str) -> None:
    assert decide(rules, "staff_service", **where).unit_code == unit


def test_triage_reason_is_thai(rules: RoutingRules) -> None:
    decision = decide(rules)
    assert decision == RouteDecision("IC", decision.reason_th)
    assert "ศูนย์สารนิเทศ" in decision.reason_th


def test_rules_to_unknown_units_are_listed_and_skipped() -> None:
    routing = {**ROUTING, "rules": [{"category": "medical", "unit": "GONE"}],
               "branch_districts": {"1103": "P11-9999"}}
    rules = RoutingRules.from_data(routing, UNITS)
    assert rules.unknown_units() == ["GONE", "P11-9999"]
    assert decide(rules, hospital_province="11", hospital_district="1103").unit_code == "P11"


def test_area_unit_code() -> None:
    assert area_unit_code(3) == "BKK03" and area_unit_code("12") == "BKK12"
    assert area_unit_code("BKK05") == "BKK05"


def test_shipped_defaults() -> None:
    rules = RoutingRules.from_data(load_routing(), load_units())
    assert decide(rules, hospital_province="50").unit_code == "P50"
    assert decide(rules, complainant_province="10", complainant_district="1004").unit_code == "IC"
    assert decide(rules, "corruption", complainant_province="50").unit_code == "HQ"
    assert decide(rules, "other", complainant_province="50").unit_code == "IC"
    assert len(rules.province_offices) == 76
