"""Request ids and the request log.

Every request gets an id: the caller's `X-Request-ID` when it is sane (a proxy or load balancer
in front may set one), else a new one. It is echoed in the `X-Request-ID` response header,
shown on error pages, and added to every log record written during the request.

With LOG_JSON (on in production) every log record is one line of JSON on standard error
(JsonLineFormatter), and each request writes one line to the `sentra.request` logger: time,
request id, method, route (the URL rule, e.g. `/order/<number>`: never the path, whose parts
may be tokens or names), status, duration and the signed-in user's id. Nothing else of the request is logged: no query
string, no form, no header, no cookie; so no password, token, address or card number can be.
"""
from __future__ import annotations

import itertools
import json
import logging
import os
import re
import secrets
import sys
import time

from flask import Flask, Response, current_app, g, has_request_context, request

from marketplace.ops import metrics

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like (uuids, nginx's $request_id, AWS trace ids); anything else
# (too long, spaces, quotes, control characters) is replaced rather than logged.
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

request_log = logging.getLogger("sentra.request")


def route_of_request() -> str:
    """The URL rule that matched (bounded in number, free of personal data), or a stand-in."""
    rule = request.url_rule
    return rule.rule if rule is not None else "<unmatched>"


def method_of_request() -> str:
    return request.method if request.method in METHODS else "OTHER"


# A new id: this process's random prefix and a counter (unique, and cheaper than a uuid4,
# which asks the kernel for randomness on every request).
_ID_PREFIX = secrets.token_hex(10)
_ids = itertools.count(1)


def _new_prefix_after_fork() -> None:  # gunicorn --preload forks workers after the import
    global _ID_PREFIX, _ids
    _ID_PREFIX, _ids = secrets.token_hex(10), itertools.count(1)


os.register_at_fork(after_in_child=_new_prefix_after_fork)


def new_request_id() -> str:
    return f"{_ID_PREFIX}{next(_ids):012x}"


def _start_request() -> None:
    g.request_started = time.perf_counter()
    incoming = request.headers.get(REQUEST_ID_HEADER)
    g.request_id = incoming if incoming and _SANE_ID.fullmatch(incoming) else new_request_id()


def signed_in_user_id() -> int | None:
    """The user's id if this request loaded a signed-in user (Flask-Login keeps it in g);
    never loaded here, so that a cached page costs no session or database look-up."""
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        return user.id
    return None


def _finish_request(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:  # a request refused before the first hook ran
        return response
    duration = time.perf_counter() - started
    route, method = route_of_request(), method_of_request()
    metrics.observe_request(method, route, response.status_code, duration)
    if current_app.config["LOG_JSON"]:
        _log_request(method, route, response.status_code, duration, signed_in_user_id())
    response.headers[REQUEST_ID_HEADER] = g.request_id
    return response


def _finish_cached_answer(response: Response) -> Response:
    """`_finish_request` for a page answered from the page cache (marketplace.Sentra): counted
    but not timed into the histogram, logged alike (with the signed-in visitor's id, if any)."""
    started = g.get("request_started")
    if started is None:
        return response
    route, method = route_of_request(), method_of_request()
    metrics.count_request(method, route, response.status_code)
    if current_app.config["LOG_JSON"]:
        _log_request(method, route, response.status_code, time.perf_counter() - started,
                     getattr(response, "user_id", None))
    response.headers[REQUEST_ID_HEADER] = g.request_id
    return response


def _log_request(method: str, route: str, status: int, duration: float,
                 user_id: int | None) -> None:
    """The request line (the request id needs no escaping: _SANE_ID's characters or hex).

    When the JSON handler of `configure_json_logging` is the only place
    it can go (production), it is written straight to that handler's stream, the same bytes
    JsonLineFormatter would make, without a LogRecord, a filter pass and a `json.dumps` of a
    dictionary (two thirds of the line's cost); anywhere else (tests capturing records, a
    handler of someone's own) through `logging` as any record."""
    handler = _direct_handler()
    if handler is not None:
        line = (f'{{"time": "{_log_time()}", "level": "INFO", "logger": "sentra.request", '
                f'"message": "request", "request_id": "{g.request_id}", '
                f'"method": "{method}", "route": {_json_text(route)}, "status": {int(status)}, '
                f'"duration_ms": {round(duration * 1000, 2)!r}, '
                f'"user_id": {"null" if user_id is None else int(user_id)}}}\n')
        try:
            with handler.lock:
                handler.stream.write(line)
                handler.stream.flush()
            return
        except Exception:  # noqa: BLE001  (a closed stream: let logging report it its way)
            pass
    request_log.info("request", extra={"request_id": g.request_id, "fields": {
        "method": method,
        "route": route,
        "status": status,
        "duration_ms": round(duration * 1000, 2),
        "user_id": user_id,
    }})


def _direct_handler() -> logging.StreamHandler | None:
    """The JSON handler, when a request record would reach it and nothing else."""
    root = logging.root
    if (len(root.handlers) != 1 or request_log.handlers or not request_log.propagate
            or request_log.filters or root.filters or request_log.disabled
            or not request_log.isEnabledFor(logging.INFO)):
        return None
    handler = root.handlers[0]
    if (handler.get_name() != _JSON_HANDLER_NAME or handler.level > logging.INFO
            or type(handler.formatter) is not JsonLineFormatter):
        return None
    return handler  # type: ignore[return-value]


_json_texts: dict[str, str] = {}


def _json_text(value: str) -> str:
    """`json.dumps(value, ensure_ascii=False)`, kept for the few values seen (routes)."""
    text = _json_texts.get(value)
    if text is None:
        text = json.dumps(value, ensure_ascii=False)
        if len(_json_texts) < 4096:  # URL rules are a bounded set
            _json_texts[value] = text
    return text


_log_second: list = [None, ""]


def _log_time() -> str:
    """The record's time as JsonLineFormatter writes it (local time, to the second), made
    once a second."""
    now = time.time()
    second = int(now)
    if _log_second[0] != second:
        _log_second[:] = [second, time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(now))]
    return _log_second[1]


class RequestIdFilter(logging.Filter):
    """Adds the request id to every record written while a request is answered."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id") if has_request_context() else None
        return True


class JsonLineFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the request id, the fields
    a record carries in `extra={"fields": {...}}`, and the traceback of an exception.

    Hand-written rather than python-json-logger's `JsonFormatter`: that one inspects every
    attribute of every record and cost twice as much per request line (bench/ops_cost.py),
    for nothing this store logs."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def json_formatter() -> logging.Formatter:
    return JsonLineFormatter()


_JSON_HANDLER_NAME = "sentra-json"


def configure_json_logging() -> None:
    """Root logger: one JSON line per record on standard error, INFO and up (once per process)."""
    root = logging.getLogger()
    if any(handler.get_name() == _JSON_HANDLER_NAME for handler in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_JSON_HANDLER_NAME)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def init_app(app: Flask) -> None:
    app.config.setdefault("LOG_JSON", False)
    if app.config["LOG_JSON"] and not app.testing:
        configure_json_logging()
    # First of all `before_request` functions, ahead of the page cache's answer, so that a
    # cached page is timed, counted and logged like any other; after_request runs for error
    # pages too (Flask finalises a handled 500 the same way).
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_finish_request)
    getattr(app, "cached_answer_funcs", []).append(_finish_cached_answer)
