"""SLA policies as data: the SSO's, and seed 004's BMA policy in the same shape."""

from __future__ import annotations

from datetime import date

import pytest

from core.domain.calendar import WorkCalendar
from core.domain.sla import SlaPolicy, load_policy
from tests.integration.helpers import bkk

CALENDAR = WorkCalendar.for_years(2025, 2027)


def _dates(specs, kind):
    return [s.due_date for s in specs if s.kind == kind]


def test_sso_policy_for_a_simple_case():
    specs = load_policy().milestones(bkk(2026, 3, 2, 9), "simple", CALENDAR)
    assert [s.kind for s in specs][:2] == ["contact", "consider"]
    assert specs[0].due_at == bkk(2026, 3, 3, 21)  # 36 hours
    assert _dates(specs, "final") == [date(2026, 4, 8)]
    assert _dates(specs, "simple_done") == [date(2026, 3, 6)]
    assert not _dates(specs, "progress")


def test_sso_policy_for_a_complex_case_reports_every_15_working_days_after_25():
    specs = load_policy().milestones(bkk(2026, 3, 2, 9), "complex", CALENDAR)
    assert _dates(specs, "preliminary_report") == [date(2026, 3, 12)]
    progress = _dates(specs, "progress")
    assert len(progress) == 12
    assert progress[0] == CALENDAR.deadline(date(2026, 4, 8), 15)
    assert all(CALENDAR.count(a, b) == 15 for a, b in zip(progress, progress[1:], strict=False))


def test_bma_policy_reports_on_the_15th_and_30th():
    specs = load_policy("sla_policy_bma").milestones(bkk(2026, 2, 2, 9), "simple", CALENDAR)
    assert _dates(specs, "contact") == [date(2026, 2, 3)]
    assert _dates(specs, "preliminary_report") == [date(2026, 2, 5)]
    assert _dates(specs, "progress")[:4] == [
        date(2026, 2, 15), date(2026, 2, 28), date(2026, 3, 15), date(2026, 3, 30)]


@pytest.mark.parametrize("broken", [
    {"name": "x", "milestones": [{"kind": "final", "working_days": 25}]},
    {"name": "x", "milestones": [{"kind": "contact", "hours": 1, "working_days": 2},
                                 {"kind": "final", "working_days": 25}]},
])
def test_a_policy_without_its_clocks_is_refused(broken):
    with pytest.raises(ValueError):
        SlaPolicy.from_data(broken)


_CONTACT = {"kind": "contact", "hours": 36}
_FINAL = {"kind": "final", "working_days": 25}


@pytest.mark.parametrize(("data", "says"), [
    ([_CONTACT, _FINAL], "an object with a 'name' and a list of 'milestones'"),
    ({"name": "x", "rules": [_CONTACT, _FINAL]}, "a list of 'milestones'"),
    ({"name": "x", "milestones": ["contact", _FINAL]}, "milestone 1 is not an object"),
    ({"name": "x", "milestones": [{**_CONTACT, "hour": 2}, _FINAL]},
     "'contact' has unknown fields: hour"),
    ({"name": "x", "milestones": [{"kind": "contact", "hours": "36"}, _FINAL]},
     "'contact': its numbers must be whole"),
    ({"name": "x", "milestones": [_CONTACT, {"kind": "final", "working_days": -1}]},
     "'final': its numbers must be whole and not negative"),
    ({"name": "x", "milestones": [_CONTACT, {"kind": "final", "days_of_month": [15, 32]}]},
     "days of the month run from 1 to 31"),
    ({"name": "x", "milestones": [_CONTACT, {**_FINAL, "complexity": "hard"}]},
     "complexity is simple or complex"),
    ({"name": "x", "milestones": [_CONTACT, _FINAL, {"kind": "progress", "after": "finl",
                                                    "every_working_days": 15}]},
     "'progress' comes after 'finl', which is not an earlier milestone"),
])
def test_a_bad_policy_file_says_what_is_wrong(data, says):
    with pytest.raises(ValueError, match=says):
        SlaPolicy.from_data(data)


def test_chain_length_covers_the_past_on_the_chains_own_cadence_and_twelve_ahead():
    policy, received = load_policy(), bkk(2026, 1, 5, 9)
    progress = _dates(policy.milestones(received, "complex", CALENDAR), "progress")
    assert progress[-1] == date(2026, 11, 9)
    # On 30 November the 13th report (15 working days after 9 November) is due that day.
    assert CALENDAR.deadline(date(2026, 11, 9), 15) == date(2026, 11, 30)
    assert policy.chain_length("progress", received, "complex", CALENDAR,
                               bkk(2026, 11, 30, 10)) == 12 + 12
    assert policy.chain_length("progress", received, "complex", CALENDAR,
                               bkk(2026, 12, 1, 0, 0)) == 13 + 12
    assert policy.chain_length("progress", received, "simple", CALENDAR,
                               bkk(2026, 12, 1)) == 0
    assert policy.chain_length("final", received, "complex", CALENDAR, bkk(2026, 12, 1)) == 0
