"""WSGI entry for gunicorn: `gunicorn 'rongrian.wsgi:create()'`."""

import logging

from flask import Flask

from rongrian import logs
from rongrian.web import create_app


def create() -> Flask:
    """Build the app from the environment (called by gunicorn in each worker), logging INFO
    and up to stderr as the clock does (gunicorn sets up only its own loggers)."""
    logs.configure(logging.INFO)
    return create_app()
