"""Load the project's reference data (units, hospitals, routing) into the database."""

from __future__ import annotations

from dataclasses import dataclass

from config import datafiles
from core.persistence.models import DistrictRoute, Hospital, RoutingRule, Unit
from core.persistence.uow import UnitOfWork


@dataclass(frozen=True)
class LoadResult:
    units: int
    hospitals: int
    rules: int


def load_reference(uow: UnitOfWork) -> LoadResult:
    """Insert reference rows that are missing; never overwrite what staff edited."""
    existing_units = {u.code for u in uow.reference.units()}
    units = [u for u in datafiles.load_units() if u["code"] not in existing_units]
    for raw in units:
        uow.add(Unit(
            code=raw["code"], kind=raw["kind"], name_th=raw["name_th"],
            short_th=raw.get("short_th"), sso_code=raw.get("sso_code"),
            province_code=raw.get("province_code"), district_code=raw.get("district_code"),
            parent_code=raw.get("parent_code"), area=raw.get("area"), active=True,
        ))
    uow.flush()
    existing_hospitals = {h.id for h in uow.reference.hospitals()}
    hospitals = [h for h in datafiles.load_hospitals() if h["id"] not in existing_hospitals]
    for raw in hospitals:
        uow.add(Hospital(
            id=raw["id"], name_th=raw["name_th"], province_code=raw.get("province_code"),
            district_code=raw.get("district_code"), ownership_th=raw.get("ownership_th"),
            aliases=list(raw.get("aliases", [])), active=True,
        ))
    routing = datafiles.load_routing()
    rules = 0
    if not uow.reference.routing_rules():
        for raw in routing.get("rules", []):
            uow.add(RoutingRule(category=raw["category"], unit_code=raw["unit"],
                                note=raw.get("note", "")))
            rules += 1
    if not uow.reference.district_routes():
        maps = (routing.get("bangkok_district_areas", {}), routing.get("branch_districts", {}))
        for mapping in maps:
            for district, unit in mapping.items():
                uow.add(DistrictRoute(district_code=district, unit_code=unit))
    uow.flush()
    return LoadResult(units=len(units), hospitals=len(hospitals), rules=rules)
