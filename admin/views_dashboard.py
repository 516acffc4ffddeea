"""The dashboard: KPI, trend, counts and the lists that need action now."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import login_required

from admin import charts
from admin.context import now, uow, viewer
from core.services.admin_audit import record
from core.services.admin_dashboard import TtlCache
from core.services.admin_dashboard import dashboard as build_dashboard


def add_routes(bp: Blueprint) -> None:
    """The dashboard at /admin/."""
    bp.add_url_rule("/", view_func=dashboard)


@login_required
def dashboard():  # noqa: ANN201
    """This month's and this fiscal year's KPI, the trend, counts and action lists."""
    cache = current_app.extensions.setdefault("admin_dashboard_cache", TtlCache())
    with uow() as work:
        data = build_dashboard(work, viewer(), now(), cache)
        shown = sum(len(listed["rows"]) for listed in data["lists"].values())
        record(work, actor=viewer().username, action="dashboard_view", now=now(), shown=shown)
        work.commit()
    chart = charts.trend_chart(data["trend"])
    return render_template("admin/dashboard.html", d=data, chart=chart)
