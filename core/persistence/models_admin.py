"""Indexes the staff pages need on 1,000,000 cases (list sorting, search, due windows)."""

from __future__ import annotations

from sqlalchemy import Index

from core.persistence.models import Case

# The case list, newest first: everyone, and one unit's staff.
Index("ix_cases_received_at", Case.received_at, Case.id)
Index("ix_cases_unit_received", Case.unit_code, Case.received_at, Case.id)
# Open cases by deadline: overdue, due within N working days, the dashboard's lists.
Index("ix_cases_status_due", Case.status, Case.due_date)
Index("ix_cases_unit_due", Case.unit_code, Case.due_date)
# Search by name, filter by hospital.
Index("ix_cases_first_name", Case.first_name)
Index("ix_cases_last_name", Case.last_name)
Index("ix_cases_hospital", Case.hospital_id, Case.received_at)
