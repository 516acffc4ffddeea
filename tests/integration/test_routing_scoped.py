"""Filing reads only the routing rows one case can use: it must route exactly as the
whole tables do, staff edits included."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select, update

from core.domain.categories import category_keys
from core.domain.routing import RoutingRules, route
from core.persistence.models import DistrictRoute, RoutingRule, Unit
from core.services.routing import rules_from_db


def _whole(session) -> RoutingRules:
    """Every rule, route and active unit, read here on their own as the reference."""
    units = [{"code": u.code, "kind": u.kind, "province_code": u.province_code}
             for u in session.scalars(select(Unit).where(Unit.active.is_(True)))]
    kinds = {u["code"]: u["kind"] for u in units}
    routes = list(session.scalars(select(DistrictRoute)))
    return RoutingRules.from_data({
        "rules": [{"category": r.category, "unit": r.unit_code}
                  for r in session.scalars(select(RoutingRule).order_by(RoutingRule.id))],
        "bangkok_district_areas": {r.district_code: r.unit_code for r in routes
                                   if kinds.get(r.unit_code) == "bangkok_area"},
        "branch_districts": {r.district_code: r.unit_code for r in routes
                             if kinds.get(r.unit_code) != "bangkok_area"},
    }, units)


def _decide(rules, category, hospital, complainant):
    return route(category=category, hospital_province=hospital[0],
                 hospital_district=hospital[1], complainant_province=complainant[0],
                 complainant_district=complainant[1], rules=rules)


def test_scoped_rules_route_as_the_whole_tables(make_uow) -> None:
    with make_uow() as uow:
        session = uow.session
        units = list(session.execute(select(Unit.code, Unit.kind, Unit.province_code)))
        branches = [(code, province) for code, kind, province in units if kind == "branch"]
        # staff edits: Bangkok districts to area offices, districts to branches (one of them
        # deactivated), a category rule, a provincial office deactivated
        routes = {"1001": "BKK01", "1002": "BKK03", "1050": "BKK12"}
        for index, (code, province) in enumerate(branches[:6]):
            routes[f"{province}{index + 1:02d}"] = code
        for district, unit in routes.items():
            session.add(DistrictRoute(district_code=district, unit_code=unit))
        session.execute(update(Unit).where(Unit.code == branches[0][0]).values(active=False))
        provincial = next(code for code, kind, _ in units if kind == "provincial")
        session.execute(update(Unit).where(Unit.code == provincial).values(active=False))
        taken = set(session.scalars(select(RoutingRule.category)))
        free = next(key for key in category_keys() if key not in taken)
        session.add(RoutingRule(category=free, unit_code=branches[1][0], note="ทดสอบ"))
        provinces = sorted({p for _, _, p in units if p}) + ["99"]
        districts = [*routes, "9999", "1099", "5099"]
        session.flush()
        whole = _whole(session)
        rng = random.Random(7)
        places = [(None, None), ("10", None)] + [(None, d) for d in districts] + [
            (p, None) for p in provinces] + [(d[:2], d) for d in districts]
        # a case with no hospital: the complainant's place decides, every one of them
        pairs = [((None, None), place) for place in places]
        checked = 0
        for category in category_keys():
            sample = [(rng.choice(places), rng.choice(places)) for _ in range(40)]
            for hospital, complainant in sample + pairs:
                scoped = rules_from_db(uow, category, [hospital, complainant])
                assert (_decide(scoped, category, hospital, complainant)
                        == _decide(whole, category, hospital, complainant)), (
                    category, hospital, complainant)
                checked += 1
        assert checked == (40 + len(pairs)) * len(category_keys())


def test_one_cases_rows_are_for_two_places_at_most(make_uow) -> None:
    with make_uow() as uow, pytest.raises(ValueError):
        uow.reference.routing_tables("medical", [(None, None)] * 3)
