"""Every staff page renders, in Thai, for an administrator."""

from __future__ import annotations

import pytest

from tests.admin.conftest import as_user, file_test_case


@pytest.mark.parametrize("url", [
    "/admin/", "/admin/cases", "/admin/cases/new", "/admin/calendar", "/admin/calendar?year=2569",
    "/admin/units", "/admin/units/BKK01", "/admin/routing", "/admin/routing?province=50",
    "/admin/outbox", "/admin/outbox?status=skipped",
    "/admin/reports", "/admin/reports?period=fy2569", "/admin/account", "/admin/users",
])
def test_page_renders(app, runtime, accounts, url):
    file_test_case(runtime)
    staff = as_user(app, "admin1")
    response = staff.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    html = response.get_data(as_text=True)
    assert 'lang="th"' in html
    assert "<script>" not in html and "style=" not in html  # the CSP allows neither


def test_case_page_renders(app, runtime, accounts):
    case_id = file_test_case(runtime)
    staff = as_user(app, "admin1")
    response = staff.get(f"/admin/cases/{case_id}")
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    html = response.get_data(as_text=True)
    assert "สมใจ ทดลองดี" in html and "0812345678" in html
