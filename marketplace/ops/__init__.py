"""Running the store: request ids and one JSON log line per request, Prometheus metrics,
the readiness check, the optional error reporter, and `flask backup` / `flask restore`.

Everything here is wired in by `init_app`, called once at the end of `create_app`.
"""
from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)


def init_app(app: Flask) -> None:
    metrics.init_app(app)
    requests.init_app(app)
    errors_reporting.init_app(app)
    app.register_blueprint(bp)
    commands.register(app)


from marketplace.ops import health, metrics_routes  # noqa: E402,F401  (routes on bp)
from marketplace.ops import commands, errors_reporting, metrics, requests  # noqa: E402
