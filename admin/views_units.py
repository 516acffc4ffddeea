"""Units and routing: LINE targets for alerts, the district map, category rules."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from admin.context import admin_required, now, uow, viewer
from admin.forms_ref import UnitLineForm
from admin.present import CATEGORIES
from config.datafiles import load_geo
from core.domain.errors import DomainError
from core.domain.geo import province_name
from core.persistence.admin_queries import staff_accounts
from core.persistence.scheduling import STAFF_ROLES
from core.services import admin_reference
from core.services.recipients import INFORMATION_CENTER


def add_routes(bp: Blueprint) -> None:
    """Units, one unit's LINE targets, routing."""
    bp.add_url_rule("/units", view_func=units)
    bp.add_url_rule("/units/<code>", view_func=unit, methods=["GET", "POST"])
    bp.add_url_rule("/routing", view_func=routing, methods=["GET"])
    bp.add_url_rule("/routing/districts", view_func=save_districts, methods=["POST"])
    bp.add_url_rule("/routing/rules", view_func=save_rules, methods=["POST"])


@login_required
def units():  # noqa: ANN201
    """Every unit with where its alerts go and how many of its staff linked LINE."""
    with uow() as work:
        rows = list(work.reference.units())
        linked: dict[str, list[str]] = {}
        on_line: set[str] = set()  # units with an officer or admin who receives alerts
        for user in staff_accounts(work.session, active_only=True):
            linked.setdefault(user.unit_code or "", []).append(
                user.username + (" ✓" if user.line_user_id else ""))
            if user.line_user_id and user.role in STAFF_ROLES:
                on_line.add(user.unit_code or "")
        silent = {u.code for u in rows if not u.line_group_id and u.code not in on_line}
        ic_silent = any(u.kind == INFORMATION_CENTER and u.code in silent for u in rows)
        return render_template("admin/units.html", units=rows, linked=linked, silent=silent,
                               ic_silent=ic_silent)


@admin_required
def unit(code: str):  # noqa: ANN201
    """One unit's LINE group and head's LINE account."""
    with uow() as work:
        found = work.reference.unit(code)
        if found is None:
            abort(404)
        form = UnitLineForm(obj=found)
        status = 200
        if request.method == "POST":
            status = 422
            if form.validate():
                try:
                    admin_reference.set_unit_line(
                        work, code, form.line_group_id.data or "", form.head_line_id.data or "",
                        actor=viewer().username, now=now())
                except DomainError as exc:
                    target = form.head_line_id if "หัวหน้า" in str(exc) else form.line_group_id
                    target.errors.append(str(exc))
                else:
                    flash(f"บันทึกช่องทางแจ้งเตือนของ {found.name_th} แล้ว", "ok")
                    return redirect(url_for("admin.units"))
        users = staff_accounts(work.session, code)
        return render_template("admin/unit.html", unit=found, form=form, users=users), status


def _province() -> str:
    code = request.values.get("province", "10")
    return code if province_name(code) else "10"


@login_required
def routing(errors: dict[str, str] | None = None, status: int = 200):  # noqa: ANN201
    """The district map of one province and the category rules."""
    province = _province()
    districts = [d for d in load_geo()["districts"] if d["province_code"] == province]
    with uow() as work:
        all_units = list(work.reference.units())
        routes = {r.district_code: r.unit_code for r in work.reference.district_routes()}
        rules = {r.category: r for r in work.reference.routing_rules()}
        if province == "10":
            choices = [u for u in all_units if u.kind == "bangkok_area"]
        else:
            choices = [u for u in all_units if u.province_code == province]
        provinces = sorted(((p["code"], p["name_th"]) for p in load_geo()["provinces"]),
                           key=lambda pair: pair[1])
        typed = request.form if request.method == "POST" else {}
        return render_template(
            "admin/routing.html", province=province, provinces=provinces,
            districts=districts, routes=routes, choices=choices, rules=rules, units=all_units,
            categories=CATEGORIES, errors=errors or {}, typed=typed), status


@admin_required
def save_districts():  # noqa: ANN201
    """Save the district map of one province."""
    province = _province()
    codes = [d["code"] for d in load_geo()["districts"] if d["province_code"] == province]
    wanted = {c: request.form.get(f"district_{c}", "").strip() for c in codes}
    try:
        with uow() as work:
            changed = admin_reference.set_district_routes(work, wanted, actor=viewer().username,
                                                          now=now())
    except DomainError as exc:
        return routing(errors={"districts": str(exc)}, status=422)
    flash(f"บันทึกแผนที่เขตแล้ว ({changed} รายการเปลี่ยน)", "ok")
    return redirect(url_for("admin.routing", province=province))


@admin_required
def save_rules():  # noqa: ANN201
    """Save the category rules."""
    wanted = {key: (request.form.get(f"rule_{key}", "").strip(),
                    request.form.get(f"note_{key}", "")[:500]) for key in CATEGORIES}
    try:
        with uow() as work:
            changed = admin_reference.set_routing_rules(work, wanted, actor=viewer().username,
                                                        now=now())
    except DomainError as exc:
        return routing(errors={"rules": str(exc)}, status=422)
    flash(f"บันทึกกฎการส่งเรื่องแล้ว ({changed} รายการเปลี่ยน)", "ok")
    return redirect(url_for("admin.routing"))
