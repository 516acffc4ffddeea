"""A live server on a fresh SQLite database and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from config.settings import Settings
from core.persistence import db
from core.services.reference import load_reference
from rongrian.runtime import Runtime
from rongrian.web import create_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_runtime(tmp_path: Path) -> Iterator[Runtime]:
    """A migrated SQLite database with reference data, in local mode on a free port.

    In local mode the bot and the outbox call the fake LINE at 127.0.0.1:PORT, so the port
    is chosen before the app is built.
    """
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    settings = Settings.from_env({"DATABASE_URL": url, "RONGRIAN_INSTANCE": str(tmp_path),
                                  "PORT": str(_free_port()),
                                  "SECRET_KEY": "e2e-secret-key-0123456789abcdef"})
    engine = db.make_engine(url)
    db.upgrade(engine)
    runtime = Runtime(settings, engine, db.make_session_factory(engine))
    with runtime.uow() as uow:
        load_reference(uow)
        uow.commit()
    yield runtime
    runtime.close()


@pytest.fixture
def live_server(live_runtime: Runtime) -> Iterator[str]:
    """The whole web app on a free local port; yields its base URL."""
    app = create_app(live_runtime)
    server = make_server("127.0.0.1", live_runtime.settings.port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium (never a downloaded browser); skipped when it is not installed."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (its own cookies), in Thai, desktop size."""
    context = browser.new_context(locale="th-TH", viewport={"width": 1366, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Keep a full-page screenshot as a test artefact (test-artifacts/, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
