"""Outbox dispatch rate: queued pushes sent through LinePusher to a local fake LINE server."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import socket
import time
import uuid
from datetime import UTC, datetime

from sqlalchemy import text
from werkzeug import Request, Response
from werkzeug.serving import make_server

from bench.synthetic import engines
from bot.line_push import LinePusher
from core.persistence import db
from core.persistence.uow import UnitOfWork
from core.services.notify import enqueue
from core.services.outbox import SEND_WORKERS, dispatch_pending

N = int(os.environ.get("BENCH_OUTBOX", "5000"))
TARGET_PER_SECOND = 200.0
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 10:00 Bangkok: not quiet hours


def _serve(port: int) -> None:
    """A fake LINE push endpoint (200, or 409 for a retry key seen before), in its own process."""
    accepted: set[str] = set()

    @Request.application
    def app(request: Request) -> Response:
        key = request.headers.get("X-Line-Retry-Key", "")
        json.loads(request.get_data())
        if key in accepted:
            return Response('{"message": "conflict"}', 409, content_type="application/json")
        accepted.add(key)
        body = json.dumps({"sentMessages": [{"id": str(len(accepted)), "quoteToken": key}]})
        return Response(body, 200, content_type="application/json")

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    make_server("127.0.0.1", port, app, threaded=True).serve_forever()


def _server() -> tuple[multiprocessing.Process, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = multiprocessing.get_context("fork").Process(target=_serve, args=(port,),
                                                          daemon=True)
    process.start()
    for _ in range(100):
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return process, f"http://127.0.0.1:{port}"


def _queue(url: str) -> UnitOfWork:
    engine = db.make_engine(url)
    db.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM outbox"))
    sessions = db.make_session_factory(engine)
    with UnitOfWork(sessions) as uow:
        for i in range(N):
            enqueue(uow, key=f"bench:{i}", to="U" + uuid.uuid4().hex, audience="complainant",
                    kind="bench", now=NOW,
                    messages=[{"type": "text", "text": f"ข้อความทดสอบความเร็วที่ {i}"}])
        uow.commit()
    return sessions  # type: ignore[return-value]


def main() -> bool:
    """Dispatch N queued messages on each database; return True if below the target rate."""
    process, base = _server()
    missed = False
    try:
        for name, url in engines("outbox").items():
            sessions = _queue(url)
            pusher = LinePusher("bench", base)
            start = time.perf_counter()
            result = dispatch_pending(lambda s=sessions: UnitOfWork(s), pusher, NOW)
            seconds = time.perf_counter() - start
            pusher.close()
            rate = result.sent / seconds
            verdict = "ok" if rate >= TARGET_PER_SECOND and result.sent == N else "BELOW TARGET"
            print(f"{name:8} {result.sent:,} of {N:,} sent in {seconds:.2f} s: {rate:,.0f} "
                  f"messages/s, {SEND_WORKERS} in flight (target >= {TARGET_PER_SECOND:.0f}/s) "
                  f"{verdict}")
            missed |= verdict != "ok"
    finally:
        process.terminate()
        process.join()
    return missed
