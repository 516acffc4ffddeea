"""Gunicorn's access log without the query string: staff search by phone or name
(`/admin/cases?q=0812345678`), and such a line would put personal data in the log."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

# Method, path and protocol; never %(r)s (the request line), %(q)s or %(f)s (the referer).
ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'


class AccessLogger(Logger):
    """%(U)s is the path as the client sent it (still percent-encoded) without its query
    string: gunicorn's own is decoded, so a `%0A` in a path would forge a second line."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any
              ) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = environ.get("RAW_URI", "").split("?", 1)[0].split("#", 1)[0]
        return atoms
