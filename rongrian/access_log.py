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
        atoms["U"] = _path_only(environ.get("RAW_URI", ""))
        return atoms

    def exception(self, msg: str, *args: Any, **kwargs: Any) -> None:
        """Gunicorn's "Error handling request GET /path?query" names the whole URI: the
        query string is cut here too (Flask answers the app's own errors, so this is for
        what fails outside it, such as a client gone mid-response)."""
        args = tuple(_path_only(a) if isinstance(a, str) and a.startswith("/") else a
                     for a in args)
        super().exception(msg, *args, **kwargs)


def _path_only(uri: str) -> str:
    return uri.split("?", 1)[0].split("#", 1)[0]
