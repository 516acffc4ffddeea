"""Webhook events per second and conversation-step latency under gunicorn, next to an echo bot.

Both apps run under gunicorn (2 sync workers) against the same fake LINE API (its own
process); events are real signed webhooks. The conversation runs the whole medical
complaint script (follow … confirm, track) for fresh users on SQLite. Targets: at least
half the echo bot's throughput, and p99 under 50 ms at 100 events/s.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SECRET = "bench0123456789abcdef0123456789ab"
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
DURATION = float(os.environ.get("BENCH_SECONDS", "8"))
CLIENTS = 8
RATE = 100
SCRIPT = [
    ("follow", None), ("postback", "menu:complain"), ("postback", "consent:yes"),
    ("text", "ไปรักษาที่โรงพยาบาลแล้วถูกเรียกเก็บเงินค่ายา ทั้งที่ใช้สิทธิประกันสังคม"),
    ("postback", "describe:done"), ("postback", "cat:medical"), ("text", "รพ ราชวิถ"),
    ("postback", "hosp:H015"), ("text", "นาย สมชาย ใจดี"),
    ("text", "99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพฯ 10400"),
    ("text", "081-234-5678"), ("postback", "confirm:send"), ("postback", "menu:track"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def event(user: str, kind: str, value: str | None) -> dict:
    base = {"type": kind, "mode": "active", "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": user}, "replyToken": uuid.uuid4().hex,
            "webhookEventId": uuid.uuid4().hex[:26].upper(),
            "deliveryContext": {"isRedelivery": False}}
    if kind == "text":
        return dict(base, type="message", message={"id": str(time.time_ns())[:18],
                                                   "type": "text", "text": value,
                                                   "quoteToken": "q"})
    if kind == "postback":
        base["postback"] = {"data": value}
    if kind == "follow":  # LINE always says whether the follow undoes a block
        base["follow"] = {"isUnblocked": False}
    return base


def post(port: int, payload: dict | None) -> float:
    """POST one signed webhook (None: LINE's empty verify call); returns its latency in s."""
    body = json.dumps({"destination": "U0", "events": [payload] if payload else []}).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest())
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/line/webhook", body, {
        "Content-Type": "application/json", "X-Line-Signature": signature.decode()})
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"webhook answered {response.status}")
    return time.perf_counter() - started


def users(prefix: str) -> iter:
    n = 0
    while True:
        n += 1
        yield "U" + hashlib.md5(f"{prefix}-{n}-{uuid.uuid4()}".encode()).hexdigest()


def throughput(port: int) -> float:
    """Events per second with CLIENTS concurrent senders, each running whole conversations."""
    stop = time.perf_counter() + DURATION
    counts = [0] * CLIENTS

    def client(index: int) -> None:
        for user in users(f"t{index}"):
            for kind, value in SCRIPT:
                if time.perf_counter() > stop:
                    return
                post(port, event(user, kind, value))
                counts[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - started)


def warm_up(port: int, workers: int = WORKERS) -> None:
    """A few whole conversations first, so every worker has loaded what it loads lazily."""
    def one(index: int) -> None:
        user = next(users(f"w{index}"))
        for kind, value in SCRIPT:
            post(port, event(user, kind, value))

    with ThreadPoolExecutor(max_workers=workers * 2) as pool:
        list(pool.map(one, range(workers * 4)))


def latencies(port: int) -> list[float]:
    """Latency of each event sent at a steady RATE per second (measured from its due time)."""
    total = int(RATE * DURATION)
    people = [next(users("r")) for _ in range(RATE)]  # each person: one event a second
    out: list[float] = []
    start = time.perf_counter() + 0.2

    def send(i: int) -> None:
        due = start + i / RATE
        time.sleep(max(0.0, due - time.perf_counter()))
        kind, value = SCRIPT[(i // RATE) % len(SCRIPT)]
        post(port, event(people[i % RATE], kind, value))
        out.append(time.perf_counter() - due)

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(send, range(total)))
    return sorted(out)


def percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(len(values) * p))] * 1000


def gunicorn(app: str, port: int, env: dict[str, str], workers: int = WORKERS,
             log: Path | None = None) -> subprocess.Popen:
    """The app under gunicorn, answering; its log (the app logs every case filed at INFO)
    goes to `log` when given, so the benchmark's figures are not buried in it."""
    out = open(log, "ab") if log is not None else None  # noqa: SIM115 - the child holds it
    try:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning", app], env=env,
            stdout=out, stderr=out)
    finally:
        if out is not None:
            out.close()
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            post(port, None)
            return process
        except (OSError, RuntimeError):
            time.sleep(0.2)
    process.terminate()  # SIGTERM: gunicorn stops its workers too
    process.wait(timeout=30)
    raise RuntimeError(f"{app} did not start")


def log_problems(log: Path, show: int = 5) -> str:
    """A line on the app log's warnings and errors ('' when there are none), with the
    first few of them: a run with problems says so beside its figures."""
    if not log.exists():
        return ""
    lines = [line for line in log.read_text(errors="replace").splitlines()
             if " WARNING " in line or " ERROR " in line or " CRITICAL " in line
             or line.startswith("Traceback")]
    if not lines:
        return ""
    shown = "\n".join(f"      {line[:200]}" for line in lines[:show])
    return f"    {log.stem}: {len(lines)} warning or error lines in its log, first:\n{shown}"


def prepare_database(folder: Path) -> str:
    from core.persistence import db
    from core.persistence.uow import UnitOfWork
    from core.services.reference import load_reference

    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.db'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    with UnitOfWork(db.make_session_factory(engine)) as uow:
        load_reference(uow)
        uow.commit()
    engine.dispose()
    return url


def main() -> bool:
    """Run both apps, print the figures; True when a target is missed."""
    processes: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory() as tmp:
        line_port = free_port()
        processes.append(subprocess.Popen([sys.executable, "-m", "bench.webhook_fake_line",
                                           str(line_port)]))
        env = dict(os.environ, LINE_CHANNEL_SECRET=SECRET, LINE_CHANNEL_ACCESS_TOKEN="bench",
                   ECHO_CHANNEL_SECRET=SECRET, ECHO_ACCESS_TOKEN="bench",
                   LINE_API_BASE_URL=f"http://127.0.0.1:{line_port}", SECRET_KEY="b" * 32,
                   DATABASE_URL=prepare_database(Path(tmp)), RONGRIAN_INSTANCE=tmp)
        try:
            results, problems = {}, {}
            for name, app in (("echo bot (SDK pattern)", "bench.webhook_echo:create()"),
                              ("rongrian conversation", "rongrian.wsgi:create()")):
                port = free_port()
                log = Path(tmp) / f"{app.split(':')[0]}.log"
                processes.append(gunicorn(app, port, env, log=log))
                warm_up(port)
                rate = throughput(port)
                lat = latencies(port)
                results[name] = (rate, percentile(lat, 0.5), percentile(lat, 0.99))
                process = processes.pop()
                process.terminate()
                process.wait(timeout=10)
                problems[name] = log_problems(log)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=10)
    print(f"gunicorn {WORKERS} sync workers, {CLIENTS} concurrent senders for {DURATION:.0f} s; "
          f"then {RATE} events/s for {DURATION:.0f} s (latency from each event's due time)")
    for name, (rate, p50, p99) in results.items():
        print(f"  {name:24} {rate:7.0f} events/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms")
        if problems.get(name):
            print(problems[name])
    (echo, _, _), (ours, _, p99) = results.values()
    ratio = ours / echo
    print(f"  throughput ratio {ratio:.2f} (target ≥ 0.50); p99 at {RATE}/s {p99:.1f} ms "
          "(target < 50)")
    return ratio < 0.5 or p99 >= 50


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
