"""Milestone alerts: the staff warnings and complainant updates that fall due in a window.

A scan looks at the instants between the previous scan (minus an overlap) and `now`, finds
the milestones whose alert instant lies there with indexed range queries on
`milestones.due_at`, and queues one outbox row per recipient under a dedupe key, so
repeating a scan, or scanning an overlapping window after a restart, sends nothing twice.
Working-day offsets fire at 08:30 Bangkok on the working day concerned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from core.domain.calendar import WorkCalendar
from core.domain.clock import BANGKOK, local_date, start_of_day
from core.domain.sla import SlaPolicy, load_policy
from core.persistence.scheduling import DueMilestone, SchedulingStore, store
from core.persistence.uow import UnitOfWork
from core.services import alert_texts as texts
from core.services.calendar import calendar_for
from core.services.cases import catch_up_recurring, extend_recurring
from core.services.notify import enqueue_many, outbox_row
from core.services.notify_policy import load_notify_policy
from core.services.recipients import Recipient, case_alert_recipients, escalation, unique

ALERT_TIME = time(8, 30)
OVERLAP = timedelta(minutes=5)
FIRST_LOOKBACK = timedelta(days=7)
MAX_LOOKBACK = timedelta(days=35)
LAST_SCAN_KEY = "scheduler:last_scan"
# How far before the last scan an instant may be and still run the jobs: two processes'
# clocks (the clock and an operator's `tick`) may disagree a little. Within the scan's own
# overlap the window and the dedupe keys make a repeat harmless; beyond it, a job would
# speak of the past as if it were now (a digest, a month report, a deadline long gone).
CLOCK_SKEW = OVERLAP
CHAINS_KEY = "scheduler:chains_checked"  # the day stale recurring chains were last extended


@dataclass(frozen=True)
class AlertRule:
    """When to speak about a milestone: `-6h`, `-3wd`, `-0wd` (due today) or `breach`."""

    kind: str
    offset: str
    audience: str = "staff"
    escalate: bool = False


RULES: tuple[AlertRule, ...] = (
    AlertRule("contact", "-6h"),
    AlertRule("contact", "breach", escalate=True),
    AlertRule("preliminary_report", "-1wd"),
    AlertRule("preliminary_report", "breach", escalate=True),
    AlertRule("final", "-3wd"),
    AlertRule("final", "-1wd"),
    AlertRule("final", "breach", escalate=True),
    AlertRule("progress", "-0wd"),
    AlertRule("progress", "-0wd", audience="complainant"),
)


class DueAlert(NamedTuple):
    rule: AlertRule
    milestone: DueMilestone
    trigger: datetime


@dataclass(frozen=True)
class ScanResult:
    since: datetime
    now: datetime
    found: int
    staff: int
    complainant: int


def last_scan(uow: UnitOfWork) -> datetime | None:
    """The instant the clock last scanned as of: the furthest it has run."""
    data = store(uow.session).kv_get(LAST_SCAN_KEY)
    return datetime.fromisoformat(data["at"]) if data else None


def behind_by(uow: UnitOfWork, now: datetime) -> datetime | None:
    """The last scan's instant when `now` is more than CLOCK_SKEW before it (a tick asked
    about the past, a system clock stepped back), else None: the jobs must not run then."""
    last = last_scan(uow)
    return last if last is not None and now < last - CLOCK_SKEW else None


def scan_window(uow: UnitOfWork, now: datetime) -> datetime:
    """Where this scan starts: the last scan minus an overlap, within sane bounds."""
    last = last_scan(uow)
    if last is None:
        return now - FIRST_LOOKBACK
    return max(min(last, now) - OVERLAP, now - MAX_LOOKBACK)


def find_due_alerts(uow: UnitOfWork, since: datetime, now: datetime, *,
                    calendar: WorkCalendar | None = None, policy: SlaPolicy | None = None,
                    rules: Sequence[AlertRule] = RULES) -> list[DueAlert]:
    """Every alert whose instant lies in (since, now], the latest one per milestone."""
    calendar = calendar or calendar_for(uow, local_date(now))
    policy = policy or load_policy()
    hourly = {r.kind for r in policy.rules if r.hours is not None}
    st = store(uow.session)
    days = _trigger_days(since, now, calendar)
    latest: dict[tuple[int, str, int, str], DueAlert] = {}
    looked_up: dict[tuple[str, datetime, datetime], list[DueMilestone]] = {}
    for rule in rules:
        for after, upto, trigger in _ranges(rule, rule.kind in hourly, since, now, days, calendar):
            key = (rule.kind, after, upto)  # staff and complainant rules share a lookup
            if key not in looked_up:
                looked_up[key] = st.unmet_due_between([rule.kind], after, upto,
                                                      dated=rule.kind not in hourly)
            for row in looked_up[key]:
                when = trigger or (row.due_at - _hours(rule.offset))
                if rule.offset != "breach" and row.due_at <= now:
                    continue  # a warning that comes too late is noise; the breach speaks
                key = (row.case_id, row.kind, row.seq, rule.audience)
                if key not in latest or latest[key].trigger <= when:
                    latest[key] = DueAlert(rule, row, when)
    return sorted(latest.values(), key=lambda a: (a.trigger, a.milestone.case_id))


def scan_milestones(uow: UnitOfWork, now: datetime) -> ScanResult:
    """Queue every alert due since the last scan; remember this scan. Idempotent."""
    since = scan_window(uow, now)
    policy = load_policy()
    found = find_due_alerts(uow, since, now, policy=policy)
    st = store(uow.session)
    _extend_chains(uow, st, found, policy)
    _catch_up_chains(uow, st, policy, now)
    notify_policy = load_notify_policy(uow)
    cases = st.case_briefs([a.milestone.case_id for a in found])
    names: dict[str, str] = {}
    recipients: dict[tuple[str, bool], list[Recipient]] = {}
    staff: list[dict[str, Any]] = []
    complainant: list[dict[str, Any]] = []
    for alert in found:
        row, case = alert.milestone, cases.get(alert.milestone.case_id)
        if case is None:  # closed meanwhile (or unmet milestones left on a closed case)
            continue
        if alert.rule.offset != "breach" and alert.trigger < case.created_at:
            continue  # its moment passed before the case was entered: its wording is stale
        unit_name = names.get(case.unit_code) or names.setdefault(
            case.unit_code, _unit_name(st, case.unit_code))
        if alert.rule.audience == "complainant":
            if case.line_user_id:
                text = texts.progress_update(case.tracking_no, unit_name,
                                             row.due_date or now.date())
                complainant.append(outbox_row(
                    key=alert_key(alert, "complainant"), to=case.line_user_id,
                    audience="complainant", kind="complainant_progress",
                    messages=[texts.text_message(text)], now=now, case_id=row.case_id,
                    policy=notify_policy))
            continue
        targets = _targets(st, case.unit_code, alert.rule.escalate, recipients)
        text = texts.milestone_alert(policy.label(row.kind), alert.rule.offset, case.tracking_no,
                                     case.category, unit_name, row.due_at, row.due_date,
                                     _escalated_to(targets) if alert.rule.escalate else ())
        for target in targets:
            message = texts.text_message(texts.for_recipient(text, target.stands_in_for,
                                                             unit_name))
            staff.append(outbox_row(key=alert_key(alert, target.role), to=target.line_id,
                                    audience="staff", kind="staff_alert",
                                    messages=[message], now=now, case_id=row.case_id))
    previous = st.kv_get(LAST_SCAN_KEY)
    if previous is None or datetime.fromisoformat(previous["at"]) < now:
        st.kv_put(LAST_SCAN_KEY, {"at": now.astimezone(UTC).isoformat()}, now)
    return ScanResult(since, now, len(found), enqueue_many(uow, staff),
                      enqueue_many(uow, complainant))


def _extend_chains(uow: UnitOfWork, st: SchedulingStore, found: list[DueAlert],
                   policy: SlaPolicy) -> None:
    """When the last stored milestone of a recurring chain (progress every 15 working days)
    comes due on an open case, store the next block, so the reports go on until it closes."""
    due: dict[tuple[int, str], int] = {}
    for alert in found:
        row = alert.milestone
        if policy.repeating(row.kind) is not None:
            due[(row.case_id, row.kind)] = max(row.seq, due.get((row.case_id, row.kind), 0))
    if not due:
        return
    case_ids, kinds = sorted({case_id for case_id, _ in due}), sorted({k for _, k in due})
    last: dict[tuple[int, str], int] = {}
    for start in range(0, len(case_ids), 500):  # bounded IN lists (SQLite's variable limit)
        last.update(st.last_seqs(case_ids[start:start + 500], kinds))
    for (case_id, kind), seq in sorted(due.items()):
        if last.get((case_id, kind), -1) <= seq:
            case = uow.cases.get(case_id)
            if case is not None:
                extend_recurring(uow, case, kind, policy)


def _catch_up_chains(uow: UnitOfWork, st: SchedulingStore, policy: SlaPolicy,
                     now: datetime) -> None:
    """Once a day, extend the recurring chains of open cases that ran out unseen (the clock
    stopped longer than a scan looks back, a chain stored before this check existed)."""
    today = local_date(now).isoformat()
    done = st.kv_get(CHAINS_KEY)
    if done is not None and done["date"] >= today:
        return
    kinds = [rule.kind for rule in policy.rules if policy.repeating(rule.kind) is rule]
    for case_id in dict.fromkeys(case_id for case_id, _ in st.stale_chains(kinds, now)):
        case = uow.cases.get(case_id)
        if case is not None:
            catch_up_recurring(uow, case, now, policy)
    st.kv_put(CHAINS_KEY, {"date": today}, now)


def alert_key(alert: DueAlert, role: str) -> str:
    """`alert:{case}:{kind}:{seq}:{offset}:{due}:{recipient}`, the dedupe key of one alert."""
    row = alert.milestone
    return f"alert:{row.case_id}:{row.kind}:{row.seq}:{alert.rule.offset}:{_due_ref(row)}:{role}"


def still_due(uow: UnitOfWork, key: str, now: datetime, to: str | None = None,
              targets: dict[tuple[str, bool], list[Recipient]] | None = None) -> bool:
    """False when the alert a key names has gone stale: the case closed, the milestone met
    or moved, or (staff alerts sent `to` someone) the case transferred to a unit whose
    staff, head and Information Center do not include that recipient (the new unit heard
    of the case from the transfer notice, and later alerts go to it). `targets` caches the
    recipients of each unit across a dispatch batch."""
    parts = key.split(":")
    if len(parts) != 7 or parts[0] != "alert":
        return True
    _, case_id, kind, seq, offset, due_ref, role = parts
    st = store(uow.session)
    state = st.case_state(int(case_id))
    if state is None or state[0] == "closed":
        return False
    milestone = st.milestone(int(case_id), kind, int(seq))
    if milestone is None or milestone.met_at is not None:
        return False
    ref = milestone.due_date.isoformat() if milestone.due_date else _stamp(milestone.due_at)
    if ref != due_ref:
        return False
    if to is not None and role != "complainant" and to not in {
            target.line_id for target in _targets(st, state[1], True,
                                                  {} if targets is None else targets)}:
        return False
    # A late warning to staff is noise; a late progress message still tells the complainant.
    return offset == "breach" or role == "complainant" or milestone.due_at > now


def _due_ref(row: DueMilestone) -> str:
    return row.due_date.isoformat() if row.due_date else _stamp(row.due_at)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M")


def _hours(offset: str) -> timedelta:
    return timedelta(hours=int(offset[1:-1])) if _is_hours(offset) else timedelta(0)


def _is_hours(offset: str) -> bool:
    return offset.startswith("-") and offset.endswith("h")


def _trigger_days(since: datetime, now: datetime, calendar: WorkCalendar) -> list[date]:
    """Working days whose 08:30 lies in (since, now]."""
    out, day = [], local_date(since)
    while day <= local_date(now):
        moment = datetime.combine(day, ALERT_TIME, BANGKOK)
        if since < moment <= now and calendar.is_working_day(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def _ranges(rule: AlertRule, hourly: bool, since: datetime, now: datetime, days: list[date],
            calendar: WorkCalendar) -> list[tuple[datetime, datetime, datetime | None]]:
    """(after, upto] ranges of due_at to look up, with the alert instant when it is fixed."""
    if rule.offset == "breach" and hourly:
        return [(since, now, None)]
    if _is_hours(rule.offset):
        shift = _hours(rule.offset)
        return [(since + shift, now + shift, None)]
    out = []
    for day in days:
        trigger = datetime.combine(day, ALERT_TIME, BANGKOK)
        if rule.offset == "breach":  # due on the previous working day or the days after it
            out.append((start_of_day(_previous_working_day(day, calendar)), start_of_day(day),
                        trigger))
            continue
        n = int(rule.offset[1:-2])
        first = calendar.deadline(day, n) if n else day
        out.append((start_of_day(first), start_of_day(calendar.deadline(day, n + 1)), trigger))
    return out


def _previous_working_day(day: date, calendar: WorkCalendar) -> date:
    day -= timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _targets(st: SchedulingStore, unit_code: str, escalate: bool,
             cache: dict[tuple[str, bool], list[Recipient]]) -> list[Recipient]:
    """Who hears of an alert: the unit (or the Information Center standing in for a unit with
    nobody on LINE), plus its head and the Information Center on a breach."""
    key = (unit_code, escalate)
    if key not in cache:
        targets = case_alert_recipients(st, unit_code)
        cache[key] = unique(targets + escalation(st, unit_code)) if escalate else targets
    return cache[key]


def _escalated_to(targets: list[Recipient]) -> tuple[str, ...]:
    """Who beyond the unit actually hears of a breach: its head, the Information Center."""
    roles = {t.role.split("-", 1)[0] for t in targets}
    return tuple(who for who in ("head", "ic") if who in roles)


def _unit_name(st: SchedulingStore, code: str) -> str:
    unit = st.unit(code)
    return (unit.short_th or unit.name_th) if unit else code
