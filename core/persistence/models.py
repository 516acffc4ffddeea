"""SQLAlchemy 2.x typed models: the only place the schema is described."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.persistence.types import UTCDateTime

# BigInteger primary keys that are still INTEGER PRIMARY KEY (rowid) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class Unit(Base):
    __tablename__ = "units"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name_th: Mapped[str] = mapped_column(String(200))
    short_th: Mapped[str | None] = mapped_column(String(100))
    sso_code: Mapped[str | None] = mapped_column(String(10))
    province_code: Mapped[str | None] = mapped_column(String(2))
    district_code: Mapped[str | None] = mapped_column(String(4))
    parent_code: Mapped[str | None] = mapped_column(String(20))
    area: Mapped[int | None]
    line_group_id: Mapped[str | None] = mapped_column(String(64))
    head_line_id: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DistrictRoute(Base):
    """Which unit serves a district: Bangkok district to area office, or a branch."""

    __tablename__ = "district_routes"
    district_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code"))


class RoutingRule(Base):
    """A category that always goes to one unit (e.g. corruption to head office)."""

    __tablename__ = "routing_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(40), unique=True)
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code"))
    note: Mapped[str] = mapped_column(Text, default="")


class Hospital(Base):
    __tablename__ = "hospitals"
    id: Mapped[str] = mapped_column(String(10), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(200))
    province_code: Mapped[str | None] = mapped_column(String(2))
    district_code: Mapped[str | None] = mapped_column(String(4))
    ownership_th: Mapped[str | None] = mapped_column(String(50))
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class HolidayOverride(Base):
    """A staff correction to the civil-service calendar (cabinet special holiday etc.)."""

    __tablename__ = "holiday_overrides"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    action: Mapped[str] = mapped_column(String(6))  # add | remove
    name: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]


class TrackingCounter(Base):
    __tablename__ = "tracking_counters"
    year_be: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tracking_no: Mapped[str] = mapped_column(String(20), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="new")
    complexity: Mapped[str] = mapped_column(String(8), default="simple")
    is_formal: Mapped[bool] = mapped_column(Boolean, default=True)
    category: Mapped[str] = mapped_column(String(40))
    suggested_category: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    hospital_id: Mapped[str | None] = mapped_column(ForeignKey("hospitals.id"))
    hospital_text: Mapped[str | None] = mapped_column(String(300))
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code"))
    title: Mapped[str | None] = mapped_column(String(40))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(Text)
    province_code: Mapped[str | None] = mapped_column(String(2))
    district_code: Mapped[str | None] = mapped_column(String(4))
    phone: Mapped[str | None] = mapped_column(String(20))
    line_user_id: Mapped[str | None] = mapped_column(String(64))
    consent_version: Mapped[str | None] = mapped_column(String(20))
    consented_at: Mapped[datetime | None]
    received_at: Mapped[datetime]
    received_date: Mapped[date] = mapped_column(Date)  # Bangkok date of receipt
    contact_due_at: Mapped[datetime]
    due_date: Mapped[date] = mapped_column(Date)  # the 25-working-day deadline
    contacted_at: Mapped[datetime | None]
    outcome: Mapped[int | None] = mapped_column(Integer)
    outcome_explanation: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    closed_date: Mapped[date | None] = mapped_column(Date)  # Bangkok date of closing
    # The Bangkok date of the closing the KPI counts: the first one, kept when the case is
    # reopened after that month ended (its report is history), cleared when reopened within
    # the month (core.services.cases.reopen).
    kpi_closed_date: Mapped[date | None] = mapped_column(Date)
    anonymised_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    unit: Mapped[Unit] = relationship(lazy="joined")
    hospital: Mapped[Hospital | None] = relationship(lazy="joined")
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="case", order_by="Milestone.due_at", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="case", order_by="Attachment.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_cases_received_date", "received_date"),
        Index("ix_cases_due_date", "due_date"),
        Index("ix_cases_unit_status", "unit_code", "status"),
        Index("ix_cases_phone", "phone"),
        Index("ix_cases_line_user", "line_user_id"),
        Index("ix_cases_status_contact_due", "status", "contact_due_at"),
    )


class CaseEvent(Base):
    """The timeline: every change, who made it, when, what."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(30))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    case: Mapped[Case] = relationship(back_populates="events")


class Milestone(Base):
    """One SLA clock of a case, stored so the scheduler can query what is due."""

    __tablename__ = "milestones"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime]
    due_date: Mapped[date | None] = mapped_column(Date)
    met_at: Mapped[datetime | None]
    case: Mapped[Case] = relationship(back_populates="milestones")
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "seq"),
        Index("ix_milestones_open_due", "met_at", "due_at"),
    )


class Attachment(Base):
    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    owner_line_user_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(12))  # image | file | video | audio
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200))
    original_name: Mapped[str | None] = mapped_column(String(200))
    line_message_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime]
    case: Mapped[Case | None] = relationship(back_populates="attachments")


class CategoryCorrection(Base):
    """A staff change of category, kept with the text as training data."""

    __tablename__ = "category_corrections"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    from_category: Mapped[str | None] = mapped_column(String(40))
    to_category: Mapped[str] = mapped_column(String(40))
    corrected_by: Mapped[str] = mapped_column(String(80))
    corrected_at: Mapped[datetime]


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))  # admin | officer | viewer
    unit_code: Mapped[str | None] = mapped_column(ForeignKey("units.code"))
    line_user_id: Mapped[str | None] = mapped_column(String(64))
    line_link_code: Mapped[str | None] = mapped_column(String(12))
    line_link_expires_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class AuditEntry(Base):
    """Who viewed or changed personal data, and when."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Conversation(Base):
    """The LINE conversation state of one person (a draft complaint in progress)."""

    __tablename__ = "conversations"
    line_user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class Follower(Base):
    __tablename__ = "line_followers"
    line_user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    following: Mapped[bool] = mapped_column(Boolean, default=True)
    followed_at: Mapped[datetime | None]
    blocked_at: Mapped[datetime | None]
    consent_version: Mapped[str | None] = mapped_column(String(20))
    consented_at: Mapped[datetime | None]


class InflightMarker(Base):
    """The event of a person being processed now (core/conversation/ordering.py); UNLOGGED
    on PostgreSQL (a hint: lost in a crash, nothing breaks)."""

    __tablename__ = "inflight"
    line_user_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64))
    sent_ms: Mapped[int] = mapped_column(BigInteger)
    at_ms: Mapped[int] = mapped_column(BigInteger)


class ProcessedEvent(Base):
    """Webhook events already handled, by webhookEventId (LINE redelivers)."""

    __tablename__ = "processed_events"
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(10), default="done")  # done | failed


class OutboxMessage(Base):
    """A push to LINE, written in the same transaction as the change that caused it."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    to: Mapped[str] = mapped_column(String(64))
    audience: Mapped[str] = mapped_column(String(12))  # complainant | staff
    kind: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    messages: Mapped[list[Any]] = mapped_column(JSON)
    retry_key: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    # When the push was first handed to LINE: its retry key de-duplicates for 24 hours only.
    first_tried_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)


class Lease(Base):
    """A named lease so exactly one clock acts at a time."""

    __tablename__ = "leases"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime]


class SigninFailure(Base):
    """A failed staff sign-in, by a keyed digest of the client's address (never the address
    itself): the per-address limit, shared by every web process. Kept for its window only."""

    __tablename__ = "signin_failures"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    address_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    __table_args__ = (Index("ix_signin_failures_key_at", "address_key", "at"),
                      Index("ix_signin_failures_at", "at"))


class KeyValue(Base):
    """Small operational state (e.g. quota pause, last monthly report sent)."""

    __tablename__ = "kv"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]
from core.persistence import models_admin  # noqa: E402, F401, I001  (admin pages' indexes)
from core.persistence import models_bot  # noqa: E402, F401  (the LINE edge: local fake LINE)
from core.persistence import models_scheduler  # noqa: E402, F401  (the clock's indexes)
