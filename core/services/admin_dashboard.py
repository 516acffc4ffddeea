"""The dashboard: this month's and this fiscal year's KPI, the trend, counts, action lists."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from core.domain import kpi
from core.domain.clock import local_date
from core.persistence import admin_queries as q
from core.persistence.uow import UnitOfWork
from core.services.admin_case_list import add_badges
from core.services.admin_cases import Viewer
from core.services.calendar import calendar_for

TREND_MONTHS = 12
LIST_SIZE = 10
LIST_COUNT_CAP = 1000
KPI_TTL = 300.0  # seconds: past months hardly change; this month's figure may lag 5 minutes
COUNTS_TTL = 30.0


class TtlCache:
    """Aggregates kept for a few seconds, so a busy dashboard does not recount a million rows.

    The action lists are never cached; only the KPI by month and the open-case counts.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._items: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, ttl: float, compute: Callable[[], Any]) -> Any:
        """The cached value of `key`, computed again when older than `ttl` seconds."""
        now = self._clock()
        with self._lock:
            hit = self._items.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = compute()
        with self._lock:
            if len(self._items) > 1000:
                self._items.clear()
            self._items[key] = (now + ttl, value)
        return value


@dataclass(frozen=True)
class KpiFigure:
    """Counted, resolved within 25 working days, percent and level."""

    counted: int
    resolved: int

    @property
    def percent(self) -> float:
        """resolved / counted × 100."""
        return kpi.percent(self.resolved, self.counted)

    @property
    def level(self) -> int:
        """The score level 0-5."""
        return kpi.level(self.resolved, self.counted)


def fiscal_year_start(day: date) -> date:
    """1 October that starts the Thai fiscal year containing `day`."""
    return date(day.year if day.month >= 10 else day.year - 1, 10, 1)


def fiscal_year_be(day: date) -> int:
    """The Buddhist-Era fiscal year of a date (FY 2569 = Oct 2025 - Sep 2026)."""
    return fiscal_year_start(day).year + 1 + 543


def months_back(day: date, count: int) -> list[tuple[int, int]]:
    """(year, month) of the `count` months ending with `day`'s month, oldest first."""
    months, year, month = [], day.year, day.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def dashboard(uow: UnitOfWork, viewer: Viewer, now: datetime,
              cache: TtlCache | None = None) -> dict[str, Any]:
    """Everything the dashboard shows, within the viewer's unit scope."""
    cache = cache or TtlCache(clock=lambda: 0.0)
    today = local_date(now)
    scope = viewer.scope_unit
    trend_months = months_back(today, TREND_MONTHS)
    fy_start = fiscal_year_start(today)
    first = min(fy_start, date(*trend_months[0], 1))
    by_month = cache.get(("kpi", scope, today), KPI_TTL,
                         lambda: q.kpi_by_month(uow.session, first, today, scope))
    open_rows = cache.get(("open", scope), COUNTS_TTL, lambda: q.group_counts(
        uow.session, q.CaseFilter(scope_unit=scope, status="open")))

    def figure(months: list[tuple[int, int]]) -> KpiFigure:
        pairs = [by_month.get(m, (0, 0)) for m in months]
        return KpiFigure(sum(c for c, _ in pairs), sum(r for _, r in pairs))

    fy_months = [m for m in months_back(today, 12) if date(*m, 1) >= fy_start]
    month_first = today.replace(day=1)
    return {
        "today": today,
        "month": kpi.Month(today.year, today.month),
        "fiscal_year_be": fiscal_year_be(today),
        "month_kpi": figure([(today.year, today.month)]),
        "fy_kpi": figure(fy_months),
        "trend": [(m, figure([m])) for m in trend_months],
        "open_counts": _grouped(open_rows),
        "month_counts": _grouped(q.group_counts(
            uow.session, q.CaseFilter(scope_unit=scope, received_from=month_first,
                                      received_to=today))),
        "lists": _action_lists(uow, scope, today, now),
    }


def _grouped(rows: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    grouped: dict[str, Counter[str]] = {k: Counter() for k in
                                        ("status", "unit_code", "category", "channel")}
    for row in rows:
        for key, counter in grouped.items():
            counter[row[key]] += row["n"]
    grouped["total"] = Counter({"all": sum(r["n"] for r in rows)})
    return grouped


def _action_lists(uow: UnitOfWork, scope: str | None, today: date,
                  now: datetime) -> dict[str, dict[str, Any]]:
    soon = calendar_for(uow, today).deadline(today, 3)
    specs = {
        "awaiting_contact": (q.CaseFilter(scope_unit=scope, status=q.AWAITING_CONTACT),
                             "contact", ""),
        "due_soon": (q.CaseFilter(scope_unit=scope, due_from=today, due_to=soon), "due", "3"),
        "overdue": (q.CaseFilter(scope_unit=scope, due_from=date(1900, 1, 1),
                                 due_to=today - timedelta(days=1)), "due", "overdue"),
    }
    lists = {}
    for name, (f, order, due) in specs.items():
        rows = q.action_list(uow.session, f, order, LIST_SIZE)
        add_badges(uow, rows, now)
        count, more = q.count_cases(uow.session, f, LIST_COUNT_CAP)
        lists[name] = {"rows": rows, "count": count, "more": more, "due": due}
    return lists
