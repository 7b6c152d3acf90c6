"""What every /api/v1 response shares: problem+json errors, caching (ETag, Cache-Control),
CORS for GET, a rate limit, English messages, and never a cookie."""
from __future__ import annotations

from flask import current_app, g, request
from werkzeug.exceptions import BadRequest

from marketplace.api import PREFIX, bp
from marketplace.errors import problem_response
from marketplace.extensions import limiter

MAX_AGE = 60  # seconds: catalogue data may be a minute old in a cache
DEFAULT_RATE_LIMIT = "300 per minute"  # API_RATE_LIMIT in the config overrides it
EXPOSED_HEADERS = "ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"


class InvalidParameters(BadRequest):
    """Query parameters the API cannot read: each problem named in `errors`."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("The query parameters are not valid; see `errors`.")
        self.errors = errors


def invalid(parameter: str, detail: str) -> InvalidParameters:
    return InvalidParameters([{"parameter": parameter, "detail": detail}])


@bp.errorhandler(InvalidParameters)
def _invalid_parameters(error: InvalidParameters):
    return problem_response(400, "Bad Request", error.description, errors=error.errors)


def _under_api() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


@bp.before_app_request
def _api_request_defaults() -> None:
    if _under_api():
        # Messages (validation errors) in English whatever the store's language cookie says:
        # a response must not depend on cookies, or shared caches would mix languages.
        g.locale = "en"


@bp.after_app_request
def _api_response_headers(response):
    """Runs for every /api/v1 response, unknown paths and errors included."""
    if not _under_api():
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
        return response
    if response.status_code == 200 and request.method in ("GET", "HEAD"):
        # A strong validator from the body itself: equal bytes, equal tag, whatever changed
        # underneath; a matching If-None-Match turns this into a 304 without a body.
        response.add_etag()
        response.cache_control.public = True
        response.cache_control.max_age = MAX_AGE
        return response.make_conditional(request)
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


class _NoSessionUnderApi:
    """The app's session interface, except that /api/v1 responses never save the session:
    a signed-in buyer's browser calling the API gets no refreshed cookie, and a public,
    cacheable response never carries a Set-Cookie."""

    def __init__(self, inner) -> None:
        self._inner = inner

    def save_session(self, app, session, response) -> None:
        if _under_api():
            return None
        return self._inner.save_session(app, session, response)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


@bp.record_once
def _install(state) -> None:
    app = state.app
    app.session_interface = _NoSessionUnderApi(app.session_interface)


def configured_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT", DEFAULT_RATE_LIMIT)


limiter.limit(configured_limit)(bp)
