"""`rongrian serve|web|clock`: the processes of a deployment."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

from config.settings import DEFAULT_DATABASE_URL
from rongrian.errors import UsageError
from rongrian.runtime import Runtime


def register(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="web app and scheduler together (what `make run` starts)")
    serve.set_defaults(func=run_serve)
    web = sub.add_parser("web", help="the web app under gunicorn")
    web.add_argument("--workers", type=_worker_count,
                     help="gunicorn workers (default: WEB_CONCURRENCY, else 2)")
    web.set_defaults(func=run_web, log_level=logging.INFO)
    clock = sub.add_parser("clock", help="the scheduler (exactly one per deployment)")
    clock.set_defaults(func=run_clock, log_level=logging.INFO)


def _worker_count(text: str) -> int:
    """A whole number of workers, at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"the number of web workers is a whole number of at least 1, not {text!r}")
    return int(text)


def workers(args: argparse.Namespace, environ: dict[str, str]) -> int:
    """--workers, else WEB_CONCURRENCY, else 2; a bad WEB_CONCURRENCY is a usage error."""
    if args.workers is not None:
        return args.workers
    try:
        return _worker_count(environ.get("WEB_CONCURRENCY", "2"))
    except argparse.ArgumentTypeError as exc:
        raise UsageError(f"WEB_CONCURRENCY: {exc}") from None


def run_web(args: argparse.Namespace) -> int:
    """Exec gunicorn serving the app on PORT (access log without query strings)."""
    from rongrian.access_log import ACCESS_LOG_FORMAT

    count = workers(args, dict(os.environ))
    runtime = Runtime.from_env()
    runtime.require_migrated()
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    os.execve(gunicorn, [
        gunicorn, "--bind", f"0.0.0.0:{runtime.settings.port}" if runtime.settings.production
        else f"127.0.0.1:{runtime.settings.port}",
        "--workers", str(count), "--timeout", "30",
        "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT,
        "--logger-class", "rongrian.access_log.AccessLogger",
        "--no-control-socket",  # gunicorn 27's admin socket in $HOME: unused, one less door
        # gunicorn puts its --chdir first on sys.path (default: the working directory, where
        # an admin.py or core.py would replace the project's own packages): the code's home
        "--chdir", str(CODE_ROOT),
        "rongrian.wsgi:create()",
    ], absolute_paths(dict(os.environ), runtime.settings.instance_path))
    return 0  # not reached


CODE_ROOT = Path(__file__).resolve().parents[2]  # holds rongrian/, admin/, bot/, core/, …


def absolute_paths(environ: dict[str, str], instance: Path) -> dict[str, str]:
    """The environment with its relative paths made absolute from the working directory,
    so they mean the same after gunicorn's --chdir."""
    env = dict(environ, RONGRIAN_INSTANCE=str(instance))
    url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        path = url[len("sqlite:///"):]
        if path and not path.startswith(":memory:"):
            env["DATABASE_URL"] = "sqlite:///" + str(Path(path).absolute())
    policy = env.get("SLA_POLICY", "").strip()
    if policy.endswith(".json"):
        env["SLA_POLICY"] = str(Path(policy).absolute())
    return env


def run_clock(args: argparse.Namespace) -> int:
    """Run the scheduler until stopped."""
    from scheduler.clock import run

    runtime = Runtime.from_env()
    runtime.require_migrated()
    run(runtime)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Start web and clock as one process group; stop both when either ends."""
    runtime = Runtime.from_env()
    runtime.require_migrated()
    rongrian = [sys.executable, "-P", "-m", "rongrian"]  # -P: not the working directory first
    children = [subprocess.Popen([*rongrian, "web"]), subprocess.Popen([*rongrian, "clock"])]
    mode = "local mode: open /simulator" if runtime.settings.local_mode else "LINE mode"
    print(f"rongrian on http://127.0.0.1:{runtime.settings.port} ({mode}; admin: /admin/)",
          flush=True)

    def stop(*_: object) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(child.poll() is None for child in children):
            try:
                children[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
    finally:
        stop()
        for child in children:
            child.wait(timeout=30)
    return max((child.returncode or 0) for child in children)
