"""SLA policy as data, and the milestones it gives a case."""

from __future__ import annotations

import calendar as _calendar
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from core.domain.clock import end_of_day, local_date

POLICY_DIR = Path(__file__).resolve().parents[2] / "config" / "data"


class Calendar(Protocol):
    def deadline(self, received: date, n: int) -> date: ...
    def next_working_day(self, day: date) -> date: ...


@dataclass(frozen=True)
class MilestoneRule:
    kind: str
    label_th: str
    hours: int | None = None
    working_days: int | None = None
    every_working_days: int | None = None
    days_of_month: tuple[int, ...] = ()
    after: str | None = None
    repeat: int = 1
    complexity: str | None = None  # None: every case

    def applies(self, complexity: str) -> bool:
        """True when this rule concerns a case of that complexity."""
        return self.complexity in (None, complexity)


@dataclass(frozen=True)
class MilestoneSpec:
    kind: str
    seq: int
    due_at: datetime
    due_date: date | None


@dataclass(frozen=True)
class SlaPolicy:
    name: str
    rules: tuple[MilestoneRule, ...]

    @classmethod
    def from_data(cls, data: Any) -> SlaPolicy:
        """Build and check a policy from its JSON shape; ValueError saying what is wrong."""
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) \
                or not isinstance(data.get("milestones"), list):
            raise ValueError("a policy is an object with a 'name' and a list of 'milestones'")
        rules: list[MilestoneRule] = []
        for number, raw in enumerate(data["milestones"], 1):
            rule = _rule(raw, number)
            if rule.after is not None and rule.after not in {r.kind for r in rules}:
                raise ValueError(f"milestone {rule.kind!r} comes after {rule.after!r}, "
                                 "which is not an earlier milestone")
            rules.append(rule)
        kinds = {r.kind for r in rules}
        for needed in ("contact", "final"):
            if needed not in kinds:
                raise ValueError(f"an SLA policy needs a {needed!r} milestone")
        return cls(name=data["name"], rules=tuple(rules))

    def label(self, kind: str) -> str:
        """The Thai label of a milestone kind."""
        return next((r.label_th for r in self.rules if r.kind == kind), kind)

    def repeating(self, kind: str) -> MilestoneRule | None:
        """The rule of a milestone kind that recurs (progress reports), if it is one."""
        return next((r for r in self.rules if r.kind == kind and
                     (r.every_working_days or r.days_of_month)), None)

    def milestones(
        self, received_at: datetime, complexity: str, calendar: Calendar,
        at_least: dict[str, int] | None = None,
    ) -> list[MilestoneSpec]:
        """Every milestone of a case received at that instant, by due time. A recurring
        kind gives `repeat` milestones, or `at_least[kind]` when more were added since (the
        chain is extended while the case stays open)."""
        received = local_date(received_at)
        specs: dict[str, list[MilestoneSpec]] = {}
        for rule in self.rules:
            if not rule.applies(complexity):
                continue
            anchor = specs[rule.after][-1].due_date if rule.after in specs else received
            count = max(rule.repeat, (at_least or {}).get(rule.kind, 0))
            specs[rule.kind] = list(_expand(rule, received_at, anchor or received, calendar,
                                            count))
        return sorted((s for group in specs.values() for s in group), key=lambda s: s.due_at)

    def chain_length(self, kind: str, received_at: datetime, complexity: str,
                     calendar: Calendar, now: datetime) -> int:
        """How long a recurring chain must be for `repeat` of its milestones to fall after
        `now`: those already past, on the chain's own cadence, plus `repeat`."""
        rule = self.repeating(kind)
        if rule is None or not rule.applies(complexity):
            return 0
        specs = self.milestones(received_at, complexity, calendar)
        after = [s.due_date for s in specs if s.kind == rule.after]
        day, past = (after[-1] if after else None) or local_date(received_at), 0
        while True:
            day = _step(rule, day, calendar)
            if end_of_day(day) > now:
                return past + rule.repeat
            past += 1


def _expand(
    rule: MilestoneRule, received_at: datetime, anchor: date, calendar: Calendar, count: int
) -> list[MilestoneSpec]:
    if rule.hours is not None:
        return [MilestoneSpec(rule.kind, 0, received_at + timedelta(hours=rule.hours), None)]
    if rule.working_days is not None:
        day = calendar.deadline(anchor, rule.working_days)
        return [MilestoneSpec(rule.kind, 0, end_of_day(day), day)]
    out = []
    day = anchor
    for seq in range(count):
        day = _step(rule, day, calendar)
        out.append(MilestoneSpec(rule.kind, seq, end_of_day(day), day))
    return out


def _step(rule: MilestoneRule, day: date, calendar: Calendar) -> date:
    """The due date of a recurring milestone after the one due on `day`."""
    if rule.every_working_days:
        return calendar.deadline(day, rule.every_working_days)
    return _next_day_of_month(day, rule.days_of_month)


def _next_day_of_month(after: date, days: tuple[int, ...]) -> date:
    """The first date after `after` whose day is one of `days` (30 means month end in Feb)."""
    year, month = after.year, after.month
    for _ in range(3):
        last = _calendar.monthrange(year, month)[1]
        for wanted in sorted(days):
            candidate = date(year, month, min(wanted, last))
            if candidate > after:
                return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ValueError("days_of_month must name days of the month")


# The policies shipped in config/data, by the name SLA_POLICY gives them.
SHIPPED = {"sso": "sla_policy", "bma": "sla_policy_bma"}
_selected: SlaPolicy | None = None


def load_policy(name: str | None = None) -> SlaPolicy:
    """The policy in force (`select_policy`; the SSO's unless another was selected), or a
    shipped one by its file name in config/data (`sla_policy`, `sla_policy_bma`)."""
    if name is None:
        return _selected or _read(POLICY_DIR / "sla_policy.json")
    return _read(POLICY_DIR / f"{name}.json")


def policy_from_setting(value: str) -> SlaPolicy:
    """The policy an SLA_POLICY setting names: `sso` or `bma`, or the path of a JSON file
    of the same shape; ValueError with a one-line reason when it cannot be used."""
    value = value.strip()
    path = POLICY_DIR / f"{SHIPPED[value]}.json" if value in SHIPPED else Path(value)
    if value not in SHIPPED and path.suffix != ".json":
        raise ValueError(f"SLA_POLICY must be {' or '.join(SHIPPED)}, or a .json file, "
                         f"not {value!r}")
    try:
        return _read(path.resolve())
    except OSError as exc:
        raise ValueError(f"SLA_POLICY file {value!r} cannot be read ({exc.strerror})") from None
    except ValueError as exc:
        raise ValueError(f"SLA_POLICY file {value!r} is not a valid policy: {exc}") from None


def select_policy(policy: SlaPolicy) -> None:
    """Put a policy in force for this process (new cases get its milestones; open cases
    keep theirs). The composition root calls it from the SLA_POLICY setting."""
    global _selected
    _selected = policy


def milestone_labels() -> dict[str, str]:
    """The Thai label of every milestone kind a case may hold: those of the shipped
    policies, the policy in force's winning (cases filed before a change keep their
    milestones, so their kinds still need a label)."""
    labels: dict[str, str] = {}
    for policy in (*(load_policy(n) for n in SHIPPED.values()), load_policy()):
        labels.update((rule.kind, rule.label_th) for rule in policy.rules)
    return labels


def _rule(raw: Any, number: int) -> MilestoneRule:
    """One milestone of a policy file, checked."""
    if not isinstance(raw, dict) or not isinstance(raw.get("kind"), str):
        raise ValueError(f"milestone {number} is not an object with a 'kind'")
    unknown = sorted(set(raw) - set(MilestoneRule.__dataclass_fields__))
    if unknown:
        raise ValueError(f"milestone {raw['kind']!r} has unknown fields: {', '.join(unknown)}")
    raw = dict(raw)
    raw["days_of_month"] = tuple(raw.get("days_of_month", ()))
    raw.setdefault("label_th", raw["kind"])
    rule = MilestoneRule(**raw)
    clocks = [rule.hours, rule.working_days, rule.every_working_days, rule.days_of_month]
    if sum(bool(c) for c in clocks) != 1:
        raise ValueError(f"milestone {rule.kind!r} needs exactly one clock")
    numbers = [rule.hours, rule.working_days, rule.every_working_days, rule.repeat,
               *rule.days_of_month]
    if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in numbers
           if n is not None):
        raise ValueError(f"milestone {rule.kind!r}: its numbers must be whole and not negative")
    if any(not 1 <= day <= 31 for day in rule.days_of_month):
        raise ValueError(f"milestone {rule.kind!r}: days of the month run from 1 to 31")
    if rule.complexity not in (None, "simple", "complex"):
        raise ValueError(f"milestone {rule.kind!r}: complexity is simple or complex")
    return rule


@cache
def _read(path: Path) -> SlaPolicy:
    return SlaPolicy.from_data(json.loads(path.read_text("utf-8")))
