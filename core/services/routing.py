"""Routing with the editable tables: category rules, district map, units."""

from __future__ import annotations

from core.domain.routing import RoutingRules, route
from core.persistence.models import Hospital
from core.persistence.uow import UnitOfWork


def rules_from_db(uow: UnitOfWork) -> RoutingRules:
    """The routing rules as staff last edited them."""
    unit_rows, district_rows, rule_rows = uow.reference.routing_tables()
    units = [row._asdict() for row in unit_rows]
    kinds = {u["code"]: u["kind"] for u in units}
    bangkok: dict[str, str] = {}
    branches: dict[str, str] = {}
    for row in district_rows:
        target = bangkok if kinds.get(row.unit_code) == "bangkok_area" else branches
        target[row.district_code] = row.unit_code
    data = {
        "rules": [{"category": r.category, "unit": r.unit_code, "note": r.note}
                  for r in rule_rows],
        "bangkok_district_areas": bangkok,
        "branch_districts": branches,
    }
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
        rules=rules_from_db(uow),
    )
    return decision.unit_code, decision.reason_th
