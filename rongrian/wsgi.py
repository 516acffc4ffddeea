"""WSGI entry for gunicorn: `gunicorn 'rongrian.wsgi:create()'`."""

import gc
import logging

from flask import Flask

from rongrian import logs
from rongrian.web import create_app


def create() -> Flask:
    """Build the app from the environment (called by gunicorn in each worker), logging INFO
    and up to stderr as the clock does (gunicorn sets up only its own loggers)."""
    logs.configure(logging.INFO)
    app = create_app()
    # Everything loaded so far (modules, reference data, the classifier) lives as long as
    # the worker: keep it out of the collector's full passes, which otherwise walk it all
    # again and again under load.
    gc.freeze()
    return app
