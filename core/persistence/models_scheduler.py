"""Indexes the clock needs on 1,000,000 open cases (due milestones, the daily digest)."""

from __future__ import annotations

from sqlalchemy import Index

from core.persistence.models import Case, Milestone

# Unmet milestones by kind and due time, covering what an alert needs from the milestone
# (met_at too, always NULL here: SQLite then reads the index alone).
# Partial: met milestones (every closed case's) never enter it, so it stays the size of the
# open work, and a tick's range queries read the index alone.
Index("ix_milestones_unmet_kind_due", Milestone.kind, Milestone.due_at, Milestone.case_id,
      Milestone.seq, Milestone.due_date, Milestone.met_at,
      sqlite_where=Milestone.met_at.is_(None), postgresql_where=Milestone.met_at.is_(None))
# The 08:30 digest: open cases per unit due today / overdue, new cases per unit.
Index("ix_cases_status_unit_due", Case.status, Case.unit_code, Case.due_date)
