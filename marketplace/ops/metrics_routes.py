"""GET /metrics: the Prometheus text format, for the monitoring server only.

Allowed when the client's address is in METRICS_ALLOWED_NETWORKS (default: this machine) and,
when METRICS_TOKEN is set, it sends `Authorization: Bearer <token>`; anyone else gets a 404,
as if there were nothing here. deploy/nginx.conf denies /metrics to the internet as well.
"""
from __future__ import annotations

import hmac
import ipaddress

import sqlalchemy as sa
from flask import Response, abort, current_app, request
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from marketplace.catalog.models import SearchIndexQueue
from marketplace.extensions import db
from marketplace.mail import MAX_ATTEMPTS, OutboxMessage
from marketplace.ops import bp
from marketplace.ops.metrics import multiprocess_dir
from marketplace.orders.models import Order, OrderStatus, Shipment, ShipmentStatus


def _allowed() -> bool:
    config = current_app.config
    try:
        client = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    networks = config.get("METRICS_ALLOWED_NETWORKS") or ()
    if not any(client in ipaddress.ip_network(network, strict=False) for network in networks):
        return False
    token = config.get("METRICS_TOKEN")
    if token:
        sent = request.headers.get("Authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    return True


class StoreCollector:
    """Backlogs and orders by state, counted in the database at scrape time (so every worker
    and server reports the same numbers, with nothing to keep in step)."""

    def collect(self):
        unsent = OutboxMessage.sent_at.is_(None)
        outbox = db.session.execute(sa.select(
            sa.func.count().filter(OutboxMessage.attempts < MAX_ATTEMPTS),
            sa.func.count().filter(OutboxMessage.attempts >= MAX_ATTEMPTS),
        ).where(unsent)).one()
        yield GaugeMetricFamily("sentra_outbox_backlog", "Mail waiting to be sent (or retried).",
                                value=outbox[0])
        yield GaugeMetricFamily("sentra_outbox_failed", "Mail given up on after every attempt.",
                                value=outbox[1])
        queued = db.session.scalar(sa.select(sa.func.count()).select_from(SearchIndexQueue))
        yield GaugeMetricFamily("sentra_search_queue_backlog",
                                "Product changes not yet applied to the search index.", value=queued)
        for name, model, states in (("sentra_orders", Order, OrderStatus),
                                    ("sentra_shipments", Shipment, ShipmentStatus)):
            counts = dict(db.session.execute(
                sa.select(model.status, sa.func.count()).group_by(model.status)).all())
            family = GaugeMetricFamily(name, f"{model.__name__}s by status.", labels=["status"])
            for state in states:
                family.add_metric([state.value], counts.get(state, 0))
            yield family
        db.session.commit()  # end the read transaction


@bp.get("/metrics")
def metrics():
    if not _allowed():
        abort(404)
    directory = multiprocess_dir()
    counted = REGISTRY  # this process's counts
    if directory is not None:  # every gunicorn worker's, summed from their files
        from prometheus_client import multiprocess

        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted, path=str(directory))
    store = CollectorRegistry()
    store.register(StoreCollector())
    response = Response(generate_latest(counted) + generate_latest(store), mimetype=None)
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    response.headers["Cache-Control"] = "no-store"
    return response

