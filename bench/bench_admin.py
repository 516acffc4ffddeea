"""Staff pages on 1,000,000 cases: server time of the case list and the dashboard.

Each page is requested through the real Flask app (sign-in, unit scope, audit row,
template) with the test client, so the figure is the server's time without the network.
Targets: the list under 300 ms, the dashboard under 1 s (median of the runs). The dashboard
keeps its KPI and open-case counts for a few minutes, so it is measured twice: the first
request of a fresh app ("cold": every aggregate computed) and the median afterwards.
The synthetic data is harsh: 17 % of the million cases are open, most long overdue.
"""

from __future__ import annotations

import re
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.synthetic import engines, prepare
from config.settings import Settings
from core.persistence import db
from core.persistence.models import Case
from core.services.admin_case_list import encode_cursor
from core.services.users import create_user
from rongrian.runtime import Runtime
from rongrian.web import create_app

N = 1_000_000
RUNS = 7
NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # just after the synthetic data ends
TARGETS = {"list": 0.300, "dashboard": 1.0}
PASSWORD = "bench-password-123"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _runtime(url: str) -> Runtime:
    settings = Settings.from_env({"DATABASE_URL": url, "SECRET_KEY": "b" * 32,
                                  "RONGRIAN_INSTANCE": "/tmp/rongrian-bench-admin"})
    engine = db.make_engine(url)
    return Runtime(settings, engine, db.make_session_factory(engine))


def _client(app: Any, runtime: Runtime, username: str, unit: str) -> Any:
    with runtime.uow() as uow:
        if uow.users.by_username(username) is None:
            create_user(uow, username=username, role="officer", unit_code=unit,
                        password=PASSWORD, now=NOW)
            uow.commit()
    client = app.test_client()
    token = CSRF.search(client.get("/admin/login").get_data(as_text=True)).group(1)
    response = client.post("/admin/login", data={"csrf_token": token, "username": username,
                                                 "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def _time(client: Any, url: str) -> tuple[float, float]:
    """(median, max) seconds of RUNS requests after one warm-up."""
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return statistics.median(times), max(times)


def _probes(runtime: Runtime) -> dict[str, str]:
    with runtime.uow() as uow:
        deep = uow.session.execute(
            select(Case.id, Case.received_at).order_by(Case.received_at.desc(), Case.id.desc())
            .offset(N // 2).limit(1)).one()
        phone = uow.session.scalar(select(Case.phone).where(Case.id == N // 3))
    cursor = encode_cursor({"id": deep.id, "received_at": deep.received_at}, "received_desc")
    return {
        "list, first page": "/admin/cases",
        "list, page at row 500,000": f"/admin/cases?after={cursor}",
        "list, search by phone": f"/admin/cases?q={phone}",
        # synthetic names are ทดสอบ0-996 สมมุติ0-990: a start shared by a ninth of all
        # cases, and a first and last name's starts that pick out about a hundred
        "list, search by a name's start": "/admin/cases?q=ทดสอบ1",
        "list, search by both names' starts": "/admin/cases?q=ทดสอบ12 สมมุติ3",
        "list, open cases by deadline": "/admin/cases?status=open&sort=due_asc",
        "dashboard": "/admin/",
    }


def _cold(client: Any) -> float:
    """The dashboard's first request in a fresh app: nothing cached."""
    client.application.extensions.pop("admin_dashboard_cache", None)
    started = time.perf_counter()
    assert client.get("/admin/").status_code == 200
    return time.perf_counter() - started


def _analyze(runtime: Runtime) -> None:
    """Planner statistics for the indexes the migrations added (as a deployment would)."""
    with runtime.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def _line(name: str, who: str, label: str, median: float, worst: float, target: float) -> bool:
    verdict = "ok" if median <= target else "OVER TARGET"
    print(f"  {name:8} {who:31} {label:30} median {median * 1000:7.1f} ms "
          f"(max {worst * 1000:7.1f}) target {target * 1000:.0f} ms {verdict}", flush=True)
    return median > target


def run(name: str, url: str) -> bool:
    """Benchmark one database; True when a target was missed."""
    started = time.perf_counter()
    prepare(url, N, milestones=True).dispose()
    runtime = _runtime(url)
    _analyze(runtime)
    print(f"  {name}: {N:,} cases ready in {time.perf_counter() - started:.0f} s", flush=True)
    app = create_app(runtime)
    app.config["RONGRIAN_CLOCK"] = lambda: NOW
    clients = {"Information Center (all units)": _client(app, runtime, "bench_ic", "IC"),
               "one area office": _client(app, runtime, "bench_bkk", "BKK01")}
    missed = False
    for who, client in clients.items():
        cold = _cold(client)
        missed |= _line(name, who, "dashboard, first (cold)", cold, cold, TARGETS["dashboard"])
        for label, path in _probes(runtime).items():
            median, worst = _time(client, path)
            target = TARGETS["dashboard" if label == "dashboard" else "list"]
            missed |= _line(name, who, label, median, worst, target)
    runtime.engine.dispose()
    return missed


def main() -> bool:
    """Both databases; return True if any median missed its target."""
    Path("/tmp/rongrian-bench-admin").mkdir(exist_ok=True)
    return any([run(name, url) for name, url in engines("admin").items()])
