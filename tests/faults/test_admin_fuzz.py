"""Fuzzing every admin form: any values in any field, never a 500 or a traceback.

Each form's field names come from its WTForms class (so a new field is fuzzed too); the
values are random text (Thai, control characters, very long), numbers, dates in odd shapes,
or nothing. The CSRF token is the real one, so the views themselves are exercised; an
exception in a view fails the test (the test app propagates it instead of answering 500).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from admin.forms import LineLinkForm, LoginForm, PasswordForm
from admin.forms_new import NewCaseForm
from admin.forms_ref import (
    HolidayAddForm,
    HolidayRemoveForm,
    UnitLineForm,
    UserCreateForm,
    UserEditForm,
)
from admin.views_case import FORMS
from core.persistence.models import Case
from tests.admin.conftest import (  # noqa: F401 - fixtures
    accounts,
    app,
    as_user,
    clock,
    file_test_case,
    runtime,
)

FUZZ = settings(max_examples=10, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
ODD = ["", " ", "0", "-1", "1", "5", "6", "99999999999999999999", "๑๒๓", "2569-13-45",
       "31/02/2569", "29/2/2570", "2026-02-30", "25:61", "medical", "IC", "BKK01", "on",
       "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "\u200b", "a" * 5000, "ก" * 300]
VALUES = st.one_of(st.sampled_from(ODD), st.text(max_size=60),
                   st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B),
                           max_size=40),
                   st.integers(min_value=-10**6, max_value=10**6).map(str))


def _fields(app, form_class: type, prefix: str = "") -> list[str]:  # noqa: F811
    with app.test_request_context():
        form = form_class(formdata=None, prefix=prefix, meta={"csrf": False})
        return [field.name for field in form if field.type != "CSRFTokenField"]


def _check(response: Any) -> None:
    assert response.status_code < 500, response.status_code
    assert b"Traceback" not in response.get_data()


def _form(draw: Any, names: list[str]) -> dict[str, str]:
    """Some of the fields, each with an odd value (a field may be missing altogether)."""
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    return {name: draw(VALUES) for name in chosen}


STAFF_FORMS = [  # (url, form class)
    ("/admin/account", PasswordForm), ("/admin/account/line", LineLinkForm),
    ("/admin/users", UserCreateForm), ("/admin/users/{user}", UserEditForm),
    ("/admin/calendar/add", HolidayAddForm), ("/admin/calendar/remove", HolidayRemoveForm),
    ("/admin/cases/new", NewCaseForm), ("/admin/units/BKK01", UnitLineForm),
]


@pytest.mark.slow
@pytest.mark.parametrize(("url", "form_class"), STAFF_FORMS,
                         ids=[url for url, _ in STAFF_FORMS])
@FUZZ
@given(data=st.data())
def test_staff_forms_take_any_values(app, accounts, url, form_class, data):  # noqa: F811
    staff = as_user(app, "admin1")
    names = _fields(app, form_class)
    response = staff.post(url.format(user=accounts["bkk1"]), _form(data.draw, names))
    _check(response)


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_routing_forms_take_any_values(app, accounts, data):  # noqa: F811
    staff = as_user(app, "admin1")
    districts = {f"district_{code}": data.draw(VALUES) for code in ("1001", "1014", "9999", "")}
    _check(staff.post("/admin/routing/districts", districts))
    rules = {f"{kind}_{key}": data.draw(VALUES)
             for key in ("medical", "corruption", "other", "nope") for kind in ("rule", "note")}
    _check(staff.post("/admin/routing/rules", rules))


@pytest.mark.slow
@pytest.mark.parametrize("action", sorted(FORMS))
@FUZZ
@given(data=st.data())
def test_case_actions_take_any_values(app, runtime, accounts, action, data):  # noqa: F811
    case_id = file_test_case(runtime)
    staff = as_user(app, data.draw(st.sampled_from(["admin1", "bkk1", "view1", "bkk2"])))
    staff.get(f"/admin/cases/{case_id}")
    form = _form(data.draw, _fields(app, FORMS[action], prefix=action))
    if data.draw(st.booleans()):  # mostly the version the page showed, so the action runs
        with runtime.uow() as uow:
            form[f"{action}-version"] = str(uow.session.scalar(
                select(Case.version).where(Case.id == case_id)))
    _check(staff.post(f"/admin/cases/{case_id}/{action}", form))


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_sign_in_takes_any_values(app, accounts, data):  # noqa: F811
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = _form(data.draw, _fields(app, LoginForm))
    _check(client.post("/admin/login", data={"csrf_token": token, **form}))
