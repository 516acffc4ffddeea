"""The LINE edge's HTTP routes (webhook, local-mode fake LINE and simulator)."""

from __future__ import annotations

from flask import Flask

from bot import fake_line, simulator, webhook
from bot.edge import LineEdge
from rongrian.runtime import Runtime


def register(app: Flask, runtime: Runtime) -> None:
    """Attach the webhook; in local mode also the fake LINE API and `/simulator`."""
    edge = LineEdge(runtime)
    edge.warm_up()
    app.extensions["rongrian.line"] = edge
    app.register_blueprint(webhook.make_blueprint(edge))
    if edge.config.local:
        app.register_blueprint(fake_line.make_blueprint(runtime))
        app.register_blueprint(simulator.make_blueprint(runtime, edge))
