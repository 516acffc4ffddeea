"""Routing with the editable tables: category rules, district map, units."""

from __future__ import annotations

from collections.abc import Sequence

from core.domain.routing import RoutingRules, route
from core.persistence.models import Hospital
from core.persistence.uow import UnitOfWork


def rules_from_db(uow: UnitOfWork, category: str,
                  places: Sequence[tuple[str | None, str | None]]) -> RoutingRules:
    """The routing rules as staff last edited them, as far as one case's routing can use
    them: its category's rule, and the routes and offices of its (province, district)
    places (a few rows, not every unit and district)."""
    unit_rows, district_rows, rule_rows = uow.reference.routing_tables(category, places)
    kinds = {code: kind for code, kind, _ in unit_rows}
    bangkok: dict[str, str] = {}
    branches: dict[str, str] = {}
    for district, unit in district_rows:
        (bangkok if kinds.get(unit) == "bangkok_area" else branches)[district] = unit
    data = {
        "rules": [{"category": r.category, "unit": r.unit_code, "note": r.note}
                  for r in rule_rows],
        "bangkok_district_areas": bangkok,
        "branch_districts": branches,
    }
    units = [{"code": code, "kind": kind, "province_code": province}
             for code, kind, province in unit_rows]
    return RoutingRules.from_data(data, units)


def route_case(
    uow: UnitOfWork,
    category: str,
    hospital: Hospital | None,
    province_code: str | None,
    district_code: str | None,
) -> tuple[str, str]:
    """(unit code, Thai reason) for a new case."""
    decision = route(
        category=category,
        hospital_province=hospital.province_code if hospital else None,
        hospital_district=hospital.district_code if hospital else None,
        complainant_province=province_code,
        complainant_district=district_code,
        rules=rules_from_db(uow, category, [
            (hospital.province_code, hospital.district_code) if hospital else (None, None),
            (province_code, district_code)]),
    )
    return decision.unit_code, decision.reason_th
