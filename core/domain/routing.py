"""Which SSO unit handles a complaint (DOMAIN.md "Routing"): pure rules over editable data.

Order: a category rule; else the hospital's location; else the complainant's location;
else the Information Center's triage queue. A location routes to a Bangkok area office
(by the staff-maintained district map), a branch covering the district, or the
provincial office.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

INFORMATION_CENTER = "IC"
BANGKOK = "10"


@dataclass(frozen=True)
class RouteDecision:
    """The unit a case goes to and why, in Thai for staff."""

    unit_code: str
    reason_th: str


def _frozen(mapping: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class RoutingRules:
    """Everything routing needs; built from config/data or from the editable tables.

    Entries that point to a unit not in `unit_codes` (deleted or deactivated) are ignored
    when routing, so a stale staff edit cannot block intake; `unknown_units()` lists them.
    """

    category_units: Mapping[str, str] = field(default_factory=_frozen)  # category -> unit
    bangkok_district_areas: Mapping[str, str] = field(default_factory=_frozen)  # district -> unit
    branch_districts: Mapping[str, str] = field(default_factory=_frozen)  # district -> branch
    unit_codes: frozenset[str] = frozenset({INFORMATION_CENTER})
    province_offices: Mapping[str, str] = field(default_factory=_frozen)  # province -> unit

    def __post_init__(self) -> None:
        for name in ("category_units", "bangkok_district_areas", "branch_districts",
                     "province_offices"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def unknown_units(self) -> list[str]:
        """Unit codes the rules point to that are not known units (such entries are skipped)."""
        return sorted({
            code for mapping in (self.category_units, self.bangkok_district_areas,
                                 self.branch_districts, self.province_offices)
            for code in mapping.values() if code not in self.unit_codes
        })

    def target(self, mapping: Mapping[str, str], key: str | None) -> str | None:
        """The known unit a mapping gives for key, or None."""
        unit = mapping.get(key or "")
        return unit if unit in self.unit_codes else None

    @classmethod
    def from_data(cls, routing: Mapping[str, Any], units: Iterable[Mapping[str, Any]]
                  ) -> RoutingRules:
        """Build the rules from routing.json and units.json shaped data."""
        units = list(units)
        return cls(
            category_units={r["category"]: r["unit"] for r in routing.get("rules", [])},
            bangkok_district_areas={
                district: area_unit_code(unit)
                for district, unit in routing.get("bangkok_district_areas", {}).items()
            },
            branch_districts=dict(routing.get("branch_districts", {})),
            unit_codes=frozenset(u["code"] for u in units) | {INFORMATION_CENTER},
            province_offices={u["province_code"]: u["code"] for u in units
                              if u["kind"] == "provincial"},
        )


def area_unit_code(value: str | int) -> str:
    """A Bangkok area unit code from a unit code ("BKK03") or an area number (3, "3")."""
    text = str(value).strip()
    return f"BKK{int(text):02d}" if text.isdigit() else text


def _by_location(province: str | None, district: str | None, rules: RoutingRules,
                 whose_th: str) -> RouteDecision | None:
    """Route by a location; None when it says nothing (no province)."""
    province = province or (district[:2] if district else None)
    if not province:
        return None
    if province == BANGKOK:
        unit = rules.target(rules.bangkok_district_areas, district)
        if unit:
            return RouteDecision(unit, f"ตามเขตที่ตั้งของ{whose_th}ในกรุงเทพมหานคร")
        missing = "ไม่ทราบเขต" if not district else "ยังไม่ได้กำหนดสำนักงานพื้นที่ของเขตนี้"
        return RouteDecision(INFORMATION_CENTER,
                             f"{whose_th}อยู่ในกรุงเทพมหานครแต่{missing} ส่งศูนย์สารนิเทศคัดแยก")
    branch = rules.target(rules.branch_districts, district)
    if branch:
        return RouteDecision(branch, f"สาขาที่ดูแลอำเภอที่ตั้งของ{whose_th}")
    office = rules.target(rules.province_offices, province)
    if office:
        return RouteDecision(office, f"สำนักงานประกันสังคมจังหวัดที่ตั้งของ{whose_th}")
    return RouteDecision(INFORMATION_CENTER,
                         f"ไม่พบหน่วยงานของจังหวัดที่ตั้งของ{whose_th} ส่งศูนย์สารนิเทศคัดแยก")


def route(*, category: str, hospital_province: str | None, hospital_district: str | None,
          complainant_province: str | None, complainant_district: str | None,
          rules: RoutingRules) -> RouteDecision:
    """Choose the unit for a complaint; unmatched cases go to the Information Center."""
    unit = rules.target(rules.category_units, category)
    if unit:
        return RouteDecision(unit, "กำหนดหน่วยงานตามประเภทเรื่อง")
    decision = _by_location(hospital_province, hospital_district, rules, "สถานพยาบาล")
    decision = decision or _by_location(complainant_province, complainant_district, rules,
                                        "ผู้ร้องเรียน")
    return decision or RouteDecision(INFORMATION_CENTER,
                                     "ไม่ทราบที่ตั้ง ส่งศูนย์สารนิเทศคัดแยก")
