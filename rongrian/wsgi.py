"""WSGI entry for gunicorn: `gunicorn 'rongrian.wsgi:create()'`."""

from flask import Flask

from rongrian.web import create_app


def create() -> Flask:
    """Build the app from the environment (called by gunicorn in each worker)."""
    return create_app()
