"""Every response carries the security headers; HSTS only with real LINE credentials."""

from __future__ import annotations

import pytest

from rongrian.runtime import Runtime
from rongrian.web import create_app


@pytest.mark.parametrize("production", [False, True])
def test_headers(tmp_path, production):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'h.db'}",
           "RONGRIAN_INSTANCE": str(tmp_path / "instance")}
    if production:
        env |= {"LINE_CHANNEL_SECRET": "s" * 32, "LINE_CHANNEL_ACCESS_TOKEN": "t",
                "SECRET_KEY": "k" * 32}
    runtime = Runtime.from_env(env)
    try:
        response = create_app(runtime).test_client().get("/healthz")
    finally:
        runtime.close()
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert ("Strict-Transport-Security" in response.headers) is production


def test_machine_endpoints_have_no_session_and_staff_pages_do(tmp_path):
    """LINE's webhook and the health check neither read nor write the session cookie;
    the staff pages keep theirs (the login form's CSRF token lives in it)."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'h.db'}",
           "RONGRIAN_INSTANCE": str(tmp_path / "instance")}
    runtime = Runtime.from_env(env)
    try:
        app = create_app(runtime)
        for path, stateless in (("/line/webhook", True), ("/healthz", True),
                                ("/admin/login", False)):
            with app.test_request_context(path, method="POST"):
                from flask import request
                session = app.session_interface.open_session(app, request)
                assert app.session_interface.is_null_session(session) is stateless, path
    finally:
        runtime.close()
