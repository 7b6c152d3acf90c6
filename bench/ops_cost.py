"""What the request id, timing, metrics and JSON request log cost per request, in CPU µs.

    .venv/bin/python -m bench.ops_cost [--requests 20000] [--rounds 5]

The two hooks of marketplace/ops/requests.py (the first `before_request`, ahead of the page
cache's answer, and the `after_request`) run in a request context of a matched route, with
prometheus-client in multiprocess mode (as deploy/sentra.service runs it), first without and
then with the JSON log line (written to /dev/null). Measured in isolation because a whole
request's CPU time varies by more than these costs on a shared machine; compare them with
`make bench`'s "CPU ms/req" of a cached page. Gunicorn's own access log line, which the unit
no longer writes, is measured the same way for comparison.
"""
from __future__ import annotations

import argparse
import datetime
import logging
import os
import statistics
import tempfile
import time


def _per_call(call, count: int, rounds: int) -> float:
    results = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(count):
            call()
        results.append((time.process_time() - start) / count * 1e6)
    return statistics.median(results)


def gunicorn_access_log(count: int, rounds: int) -> float:
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    config.set("accesslog", os.devnull)
    logger = Logger(config)

    class Response:
        status, headers, sent, response_length = "200 OK", [("Content-Type", "text/html")], 18000, 18000

    class Request:
        headers = [("HOST", "127.0.0.1"), ("USER-AGENT", "wrk")]

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/", "PATH_INFO": "/", "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1"}
    took = datetime.timedelta(microseconds=500)
    return _per_call(lambda: logger.access(Response(), Request(), environ, took), count, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    metrics_dir = tempfile.TemporaryDirectory(prefix="sentra-ops-cost-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir.name
    from flask import Response, request

    from marketplace import create_app
    from marketplace.ops import requests as ops

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    response = Response("x")

    def one_request():
        ops._start_request()
        ops._finish_request(response)

    results = {}
    with app.test_request_context("/products/kopi-liberika"):
        request.url_rule = app.url_map.bind("localhost").match(
            "/products/kopi-liberika", return_rule=True)[0]
        results["request id, timing and metrics"] = _per_call(one_request, args.requests, args.rounds)
        app.config["LOG_JSON"] = True
        ops.configure_json_logging()
        for handler in logging.getLogger().handlers:
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115
        results["the same and the JSON log line"] = _per_call(one_request, args.requests, args.rounds)
    results["gunicorn's access log line (no longer written)"] = gunicorn_access_log(
        args.requests, args.rounds)
    metrics_dir.cleanup()
    print(f"CPU µs per request, median of {args.rounds} rounds of {args.requests}:")
    for name, value in results.items():
        print(f"  {name:<48} {value:6.1f}")


if __name__ == "__main__":
    main()
