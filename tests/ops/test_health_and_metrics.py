"""/readyz and /metrics: what an operator's monitoring sees, and who may see it."""
from __future__ import annotations

import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

from marketplace.catalog import search
from tests.admin.helpers import paid_by_transfer, two_shop_products
from tests.conftest import PROJECT_ROOT, make_test_app
from tests.factories import make_product
from tests.test_redis import REDIS_URL, redis_client  # noqa: F401  (fixture)

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}
OUTSIDE = {"REMOTE_ADDR": "203.0.113.7"}


def scrape(client, **kwargs) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", environ_base=LOCAL, **kwargs)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_readiness_checks_the_database_and_the_search_index(client, db):
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json["checks"]["database"] == "ok"
    assert answer.json["checks"]["search_index"] in ("ok", "missing")  # missing: built at first search
    assert "redis" not in str(answer.json["checks"])  # none configured in the tests
    make_product(name="Kopi Liberika")
    search.rebuild()
    assert client.get("/readyz").json["checks"]["search_index"] == "ok"
    assert answer.headers["Cache-Control"] == "no-store"


def test_readiness_fails_when_the_database_is_unreachable(media_dir):
    app = make_test_app("sqlite:////nonexistent/dir/db.sqlite", media_dir)
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json["status"] == "unavailable"
    assert answer.json["checks"]["database"] == "unavailable"


def test_readiness_fails_when_a_configured_redis_is_down(database_url, media_dir):
    app = make_test_app(database_url, media_dir, REDIS_URL="redis://127.0.0.1:1/0")
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json["checks"]["redis (REDIS_URL)"] == "unavailable"
    assert "127.0.0.1:1" not in answer.get_data(as_text=True)  # no URL (nor password) shown


def test_readiness_checks_a_running_redis(database_url, media_dir, redis_client):  # noqa: F811
    app = make_test_app(database_url, media_dir, REDIS_URL=REDIS_URL)
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 200, answer.json
    assert answer.json["checks"]["redis (REDIS_URL)"] == "ok"


def test_metrics_count_requests_per_route_not_per_path(client, db):
    product = make_product(name="Madu Hutan")
    before = scrape(client)
    client.get(f"/products/{product.slug}")
    client.get("/products/no-such-product")
    client.get("/no/such/page?email=someone@contoh.id")
    after = scrape(client)
    rule = "/products/<slug>"
    assert value(after, "sentra_http_requests_total", method="GET", route=rule, status="200") \
        - value(before, "sentra_http_requests_total", method="GET", route=rule, status="200") == 1
    assert value(after, "sentra_http_requests_total", method="GET", route=rule, status="404") \
        - value(before, "sentra_http_requests_total", method="GET", route=rule, status="404") == 1
    assert value(after, "sentra_http_requests_total", method="GET", route="<unmatched>",
                 status="404") > value(before, "sentra_http_requests_total", method="GET",
                                       route="<unmatched>", status="404")
    assert value(after, "sentra_http_request_duration_seconds_count", method="GET", route=rule) \
        - value(before, "sentra_http_request_duration_seconds_count", method="GET", route=rule) == 2
    text = client.get("/metrics", environ_base=LOCAL).get_data(as_text=True)
    assert product.slug not in text and "someone@contoh.id" not in text


def test_metrics_count_cache_hits_and_misses(client, db):
    make_product(name="Tenun Buna")
    before = scrape(client)
    client.get("/")  # rendered and stored
    client.get("/")  # from the cache, in the first before_request
    after = scrape(client)
    hits = value(after, "sentra_cache_lookups_total", kind="page", result="hit") \
        - value(before, "sentra_cache_lookups_total", kind="page", result="hit")
    misses = value(after, "sentra_cache_lookups_total", kind="page", result="miss") \
        - value(before, "sentra_cache_lookups_total", kind="page", result="miss")
    assert hits >= 1 and misses >= 1
    assert value(after, "sentra_http_requests_total", method="GET", route="/", status="200") \
        - value(before, "sentra_http_requests_total", method="GET", route="/", status="200") == 2


def test_metrics_count_unhandled_errors(database_url, media_dir):
    app = make_test_app(database_url, media_dir, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom/<int:n>")
    def boom(n):
        raise RuntimeError("kaput")

    client = app.test_client()
    before = scrape(client)
    assert client.get("/boom/3").status_code == 500
    after = scrape(client)
    assert value(after, "sentra_http_exceptions_total", route="/boom/<int:n>") \
        - value(before, "sentra_http_exceptions_total", route="/boom/<int:n>") == 1
    assert value(after, "sentra_http_requests_total", method="GET", route="/boom/<int:n>",
                 status="500") - value(before, "sentra_http_requests_total", method="GET",
                                       route="/boom/<int:n>", status="500") == 1


def test_metrics_report_orders_by_state_and_backlogs(app, client, db):
    tenun, madu = two_shop_products()
    paid_by_transfer(app, [tenun, madu])
    samples = scrape(client)
    assert value(samples, "sentra_orders", status="paid") == 1
    assert value(samples, "sentra_orders", status="awaiting_payment") == 0
    assert value(samples, "sentra_shipments", status="processing") == 2
    assert value(samples, "sentra_outbox_backlog") >= 0
    assert ("sentra_search_queue_backlog", ()) in samples


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}])
def test_metrics_need_the_token_when_one_is_set(database_url, media_dir, headers):
    app = make_test_app(database_url, media_dir, METRICS_TOKEN="s3cret-token")
    client = app.test_client()
    assert client.get("/metrics", environ_base=LOCAL, headers=headers).status_code == 404
    ok = client.get("/metrics", environ_base=LOCAL,
                    headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200


def test_metrics_are_hidden_from_other_networks(client, database_url, media_dir):
    assert client.get("/metrics", environ_base=OUTSIDE).status_code == 404
    app = make_test_app(database_url, media_dir, METRICS_ALLOWED_NETWORKS=["203.0.113.0/24"],
                        METRICS_TOKEN="s3cret-token")
    allowed = app.test_client().get("/metrics", environ_base=OUTSIDE,
                                    headers={"Authorization": "Bearer s3cret-token"})
    assert allowed.status_code == 200
    # Behind nginx the client is the address nginx forwards (ProxyFix), not nginx itself.
    forwarded = app.test_client().get("/metrics", environ_base=LOCAL, headers={
        "X-Forwarded-For": "198.51.100.9", "Authorization": "Bearer s3cret-token"})
    assert forwarded.status_code == 404


def test_metrics_of_every_gunicorn_worker_are_summed(tmp_path, database_url, media_dir):
    """PROMETHEUS_MULTIPROC_DIR: each process writes its counts there; a scrape adds them up."""
    import subprocess
    import sys

    script = (
        "from marketplace.ops import metrics;"
        "metrics.observe_request('GET', '/multi', 200, 0.01)"
    )
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # two "workers"
        subprocess.run([sys.executable, "-c", script], env=env, check=True,
                       cwd=PROJECT_ROOT)
    probe = (
        "import sys; from tests.conftest import PROJECT_ROOT, make_test_app; from pathlib import Path;"
        f"app = make_test_app({database_url!r}, Path({str(media_dir)!r}));"
        "r = app.test_client().get('/metrics', environ_base={'REMOTE_ADDR': '127.0.0.1'});"
        "sys.stdout.write(r.get_data(as_text=True))"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True,
                         text=True, cwd=PROJECT_ROOT).stdout
    assert re.search(r'sentra_http_requests_total\{method="GET",route="/multi",status="200"\} 2\.0', out), out[-2000:]
