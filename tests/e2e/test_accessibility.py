"""Every staff page and the simulator pass axe-core's WCAG 2.1 A and AA rules in chromium."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.test_admin_browser import login, seeded  # noqa: F401  (fixture)
from tests.e2e.test_simulator_to_admin import Chat, _file_in_simulator

pytestmark = pytest.mark.e2e

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}
PAGES = ["/admin/", "/admin/cases", "/admin/cases/new", "/admin/reports", "/admin/calendar",
         "/admin/units", "/admin/routing", "/admin/users", "/admin/outbox", "/admin/account"]


def _violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(n["target"][0] for n in v["nodes"][:5])
            for v in result.response["violations"]]


def test_staff_pages(page, live_server, seeded):  # noqa: F811
    page.goto(f"{live_server}/admin/login")
    found = {"/admin/login": _violations(page)}
    page.fill("#username", "somchai")
    page.fill("#password", "not-the-password")
    page.click("button[type=submit]")
    found["login refused"] = _violations(page)
    login(page, live_server)
    for path in PAGES:
        page.goto(live_server + path)
        found[path] = _violations(page)
    page.goto(f"{live_server}/admin/cases/new")
    page.click("button.primary:text-is('บันทึกเรื่อง')")
    assert page.locator(".error, .errors, [aria-invalid=true]").count(), "no error shown"
    found["new case, refused"] = _violations(page)
    page.goto(f"{live_server}/admin/cases")
    page.click(f"a:has-text('{seeded}')")
    for summary in page.locator("details summary").all():
        summary.click()
    found["case page"] = _violations(page)
    bad = {path: v for path, v in found.items() if v}
    assert not bad, "\n".join(f"{p}: {v}" for p, v in bad.items())


def test_simulator_through_a_whole_complaint(page, live_server):
    """Checked at each kind of screen: greeting and rich menu, quick replies, the person's
    own bubbles, the summary card with its buttons, and the filed case."""
    found: dict[str, list[str]] = {}
    _file_in_simulator(Chat(page), live_server,
                       seen=lambda step: found.update({step: _violations(page)}))
    assert set(found) == {"greeting", "consent quick replies", "own message", "summary card",
                          "filed"}
    bad = {step: v for step, v in found.items() if v}
    assert not bad, "\n".join(f"{p}: {v}" for p, v in bad.items())
