"""A real `rongrian web` (gunicorn) behind a proxy and in a hostile working directory."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RONGRIAN = str(Path(sys.executable).parent / "rongrian")  # the console script, as deployed


@contextmanager
def web(env: dict[str, str], cwd: Path) -> Iterator[tuple[int, list[str]]]:
    """Start `rongrian web` with one worker; yields its port and, once stopped, its output."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    full = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "RONGRIAN_"))}
    full.update(env, PORT=str(port), HOME=str(cwd))
    process = subprocess.Popen([RONGRIAN, "web", "--workers", "1"],
                               env=full, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while get(port, "/healthz") != 200:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError("gunicorn did not serve /healthz:\n"
                                     + process.communicate(timeout=20)[0])
            time.sleep(0.2)
        yield port, output
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            output.extend(process.communicate(timeout=20)[0].splitlines())


def get(port: int, path: str, headers: dict[str, str] | None = None) -> int:
    """The status of a GET, 0 when nothing answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers=headers or {})
        return connection.getresponse().status
    except OSError:
        return 0
    finally:
        connection.close()


def test_the_access_log_names_the_client_only_behind_trusted_proxies(database_url, tmp_path):
    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    env = {"DATABASE_URL": database_url, "RONGRIAN_INSTANCE": str(tmp_path / "instance")}
    with web(env, tmp_path) as (port, default_log):
        assert get(port, "/admin/login", forwarded) == 200
    with web({**env, "TRUSTED_PROXIES": "1"}, tmp_path) as (port, trusting_log):
        assert get(port, "/admin/login", forwarded) == 200
    assert any(line.startswith('127.0.0.1 "GET /admin/login ') for line in default_log)
    assert not any("203.0.113.7" in line for line in default_log)
    assert any(line.startswith('203.0.113.7 "GET /admin/login ') for line in trusting_log)


def test_modules_in_the_working_directory_do_not_replace_the_app(tmp_path):
    """A systemd WorkingDirectory holding admin.py (and friends) still serves the app, and
    relative paths (the SQLite file, the instance folder) keep meaning the working directory."""
    for name in ("admin", "bot", "core", "config", "scheduler", "rongrian"):
        (tmp_path / f"{name}.py").write_text('raise SystemExit("the hostile module ran")\n')
    (tmp_path / "data").mkdir()
    env = {"DATABASE_URL": "sqlite:///data/rongrian.db", "RONGRIAN_INSTANCE": "inst-fixf"}
    full = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "RONGRIAN_"))}
    subprocess.run([RONGRIAN, "db", "upgrade"], env={**full, **env}, cwd=tmp_path, check=True,
                   capture_output=True)
    with web(env, tmp_path) as (port, _):
        assert get(port, "/admin/login") == 200
    assert (tmp_path / "inst-fixf" / "secret_key").exists()
    assert not (Path(__file__).resolve().parents[2] / "inst-fixf").exists()
