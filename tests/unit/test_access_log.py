"""The gunicorn logger keeps query strings (a staff search by phone or name) out of the log."""

from __future__ import annotations

import logging

from gunicorn.config import Config

from rongrian.access_log import AccessLogger


def test_error_handling_request_line_has_the_path_without_its_query(caplog):
    logger = AccessLogger(Config())
    logger.error_log.propagate = True
    with caplog.at_level(logging.ERROR, logger="gunicorn.error"):
        try:
            raise OSError("client went away")
        except OSError:
            logger.exception("Error handling request %s %s", "GET",
                             "/admin/cases?q=0812345678#top")
    assert "Error handling request GET /admin/cases" in caplog.text
    assert "0812345678" not in caplog.text and "?" not in caplog.text
