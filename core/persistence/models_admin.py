"""Indexes the staff pages need on 1,000,000 cases (list sorting, search, due windows, counts).

Open cases are few among many closed ones, so their indexes are partial (`status <>
'closed'`); queries about open cases must say `status <> 'closed'` (OPEN below) to use them.
The dashboard's counts and KPI read covering indexes and never touch the rows.
"""

from __future__ import annotations

from sqlalchemy import Index, literal_column

from core.persistence.models import Case

OPEN = Case.status != literal_column("'closed'")
NEW = Case.status == literal_column("'new'")


def _partial(name: str, condition: object, *columns: object) -> Index:
    return Index(name, *columns, sqlite_where=condition, postgresql_where=condition)


# The case list, newest first: everyone, and one unit's staff.
Index("ix_cases_received_at", Case.received_at, Case.id)
Index("ix_cases_unit_received", Case.unit_code, Case.received_at, Case.id)
# Search by the start of a first name, a last name or both (migration 0009): each index
# carries the other name, checked in the index; pattern ops on PostgreSQL, so that a prefix
# LIKE reads them under any collation. Filter by hospital.
_PATTERN = "varchar_pattern_ops"
Index("ix_cases_first_name", Case.first_name, Case.last_name,
      postgresql_ops={"first_name": _PATTERN, "last_name": _PATTERN})
Index("ix_cases_last_name", Case.last_name, Case.first_name,
      postgresql_ops={"last_name": _PATTERN, "first_name": _PATTERN})
Index("ix_cases_hospital", Case.hospital_id, Case.received_at)
# Open cases by deadline (overdue, due within N working days) and awaiting contact.
_partial("ix_cases_open_due", OPEN, Case.due_date)
_partial("ix_cases_open_unit_due", OPEN, Case.unit_code, Case.due_date)
_partial("ix_cases_new_contact", NEW, Case.contact_due_at)
# Covering: open cases counted by status, unit, category, channel; the month's intake.
_partial("ix_cases_open_counts", OPEN, Case.status, Case.unit_code, Case.category,
         Case.channel)
Index("ix_cases_received_counts", Case.received_date, Case.status, Case.unit_code,
      Case.category, Case.channel)
# Covering: the KPI by month, counted at the deadline or at an earlier closing.
Index("ix_cases_kpi_due", Case.due_date, Case.kpi_closed_date, Case.unit_code)
Index("ix_cases_kpi_closed", Case.kpi_closed_date, Case.due_date, Case.unit_code)
