"""The Flask application factory: webhook, simulator, admin pages and health check."""

from __future__ import annotations

import logging
from types import TracebackType

from flask import Flask, Request, Response, jsonify, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from werkzeug.middleware.proxy_fix import ProxyFix

from core.logsafe import trace
from rongrian.runtime import Runtime

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024  # LINE webhook bodies are small; admin uploads have their own limit


def create_app(runtime: Runtime | None = None) -> Flask:
    """Build the web app around a runtime (settings + database)."""
    runtime = runtime or Runtime.from_env()
    app = _App("rongrian", instance_path=str(runtime.settings.instance_path))
    app.config.update(
        SECRET_KEY=runtime.settings.secret_key,
        MAX_CONTENT_LENGTH=8 * MAX_BODY_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=runtime.settings.production,
    )
    app.extensions["rongrian"] = runtime
    if runtime.settings.trusted_proxies:  # the client's address and scheme, as the proxy saw them
        hops = runtime.settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.session_interface = _StaffSessions()

    @app.get("/healthz")
    def healthz():  # noqa: ANN202
        """200 when the database answers, 503 otherwise."""
        from core.persistence.db import ping

        if ping(runtime.engine):
            return jsonify(status="ok")
        return jsonify(status="unavailable"), 503

    _register_blueprints(app, runtime)
    app.after_request(_security_headers)
    if runtime.settings.production:  # behind HTTPS: LINE only calls HTTPS webhooks
        app.after_request(_strict_transport)
    return app


class _App(Flask):
    """Flask whose record of an unhandled error names its class and frames, not its message
    (a database error's message quotes the row it failed on: names, phones, addresses)."""

    def log_exception(self, exc_info: tuple[type, BaseException, TracebackType]
                      | tuple[None, None, None]) -> None:
        kind = exc_info[0].__name__ if exc_info[0] else "error"
        self.logger.error("Exception on %s [%s]: %s\n%s", request.path, request.method, kind,
                          trace(exc_info[2]))


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


class _StaffSessions(SecureCookieSessionInterface):
    """Signed-cookie sessions for people with a browser; none for machine endpoints (LINE's
    webhook and the health check), which skip the cookie's parse, check and re-signing."""

    STATELESS = ("/line/", "/healthz")

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        if request.path.startswith(self.STATELESS):
            return self.make_null_session(app)
        return super().open_session(app, request)


def _register_blueprints(app: Flask, runtime: Runtime) -> None:
    from admin.web import register as register_admin
    from bot.web import register as register_bot

    register_bot(app, runtime)
    register_admin(app, runtime)


def _strict_transport(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def runtime_of(app: Flask) -> Runtime:
    """The runtime an app was built with."""
    return app.extensions["rongrian"]
