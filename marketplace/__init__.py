"""Sentra: a marketplace for the UMKM of Indonesia's border regions."""
from __future__ import annotations

import logging

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from marketplace.config import PROJECT_ROOT, Config, load_config, refuse_incomplete_production
from marketplace.extensions import babel, csrf, db, limiter, login_manager, migrate


class DatabaseIdConverter(IntegerConverter):
    """Werkzeug's int converter bounded to the range of an integer primary key (int4)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max or 2**31 - 1,
                         signed=signed)


class Sentra(Flask):
    """Flask, with a short way out for a page answered from the page cache.

    A shared page found in the cache (caching.CachedAnswer, answered in a `before_request`
    hook) is finished by `cached_answer_funcs` alone: the security headers, the request id,
    its count and the request line. The rest of the `after_request` chain (rate-limit headers,
    remember-me and cart cookies, after-commit work, the API's headers) has nothing to do for
    an anonymous GET that no view answered, and walking it cost as much as the answer itself.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cached_answer_funcs: list = []

    def process_response(self, response):
        if getattr(response, "from_page_cache", False):
            for func in self.cached_answer_funcs:
                response = func(response)
            return response
        return super().process_response(response)


def create_app(config: Config | str | None = None, **overrides) -> Flask:
    app = Sentra(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        static_url_path="/static",
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    if config is None or isinstance(config, str):
        config = load_config(config)
    app.config.from_object(config)
    app.config.update(overrides)
    refuse_incomplete_production(app.config)
    from marketplace.catalog.search import check_backend

    check_backend(app.config)
    _trust_proxies(app)

    _init_extensions(app)
    from marketplace import security

    # NUL bytes refused before anything else runs; security headers on every response.
    security.init_app(app)
    # Registered last so that it runs first: an untrusted Host is refused before the NUL guard.
    _refuse_untrusted_hosts(app)
    # `<int:id>` in every route matches only ids a row can have: a 30-digit number in a URL
    # is a plain 404, not an OverflowError from the database driver (a 500).
    app.url_map.converters["int"] = DatabaseIdConverter
    _register_blueprints(app)

    from marketplace import cli, errors, templating

    errors.register(app)
    templating.register(app)
    cli.register(app)
    cli.register_order_commands(app)
    cli.register_search_commands(app)
    cli.register_catalog_commands(app)
    cli.register_seller_commands(app)
    from marketplace import aftercommit, ops
    from marketplace.privacy import commands as privacy_commands

    ops.init_app(app)  # request ids and log, metrics, /readyz, error reporter, backup/restore
    app.cli.add_command(privacy_commands.group)
    # Every command runs the work its commits registered (mail, search index) when it ends.
    aftercommit.run_after_commands(app.cli)

    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO)
    return app


def _trust_proxies(app: Flask) -> None:
    """Trust as many proxies' X-Forwarded-* headers as the settings say (PROXY_FIX_*): behind
    nginx alone 1, behind a load balancer plus nginx 2 (so that the per-address login limit
    sees the client, not the balancer)."""
    counts = {name: int(app.config.get(f"PROXY_FIX_X_{name.upper()}", 0))
              for name in ("for", "proto", "host", "port", "prefix")}
    if any(counts.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **{f"x_{name}": n for name, n in counts.items()})  # type: ignore[method-assign]


def _refuse_untrusted_hosts(app: Flask) -> None:
    """A Host (or X-Forwarded-Host) outside TRUSTED_HOSTS gets a plain 400 page before anything
    else runs. Flask checks TRUSTED_HOSTS itself while matching the URL, but then leaves the
    request without a URL adapter: the store's own error page (url_for everywhere) and every
    hook that reads `request.host` would turn the 400 into a 500."""
    from werkzeug.exceptions import SecurityError

    def refuse():
        if isinstance(request.routing_exception, SecurityError):
            from flask import render_template

            return render_template("errors/untrusted_host.html",
                                   public_url=app.config["PUBLIC_BASE_URL"]), 400
        return None

    app.before_request_funcs.setdefault(None, []).insert(0, refuse)


def _init_extensions(app: Flask) -> None:
    from marketplace import aftercommit, caching, database, sessions

    db.init_app(app)
    database.configure_engine_events(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PROJECT_ROOT / "marketplace" / "translations"),
    )
    limiter.init_app(app)
    aftercommit.init_app(app)
    caching.init_app(app)
    sessions.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None  # the login page says why on its own
    login_manager.session_protection = "basic"
    # Flask-Login has no public way to choose how a browser is recognised: its generator is
    # set here, the one place that touches the private name, so that session protection and
    # the page cache's fast path (caching._personal_answer) compare the same identifier.
    login_manager._session_identifier_generator = sessions.session_identifier

    from marketplace.accounts import models as account_models  # noqa: F401
    from marketplace.catalog import models as catalog_models  # noqa: F401  (tables for Alembic)
    from marketplace.catalog import display_models, review_models  # noqa: F401
    from marketplace.orders import models as order_models  # noqa: F401
    from marketplace.orders import xendit_models  # noqa: F401
    from marketplace.payments import models as payment_models  # noqa: F401
    from marketplace.admin import models as admin_models  # noqa: F401
    from marketplace.ledger import models as ledger_models  # noqa: F401
    from marketplace.aftersales import models as aftersales_models  # noqa: F401
    from marketplace.sellers import models as seller_models  # noqa: F401
    from marketplace.centres import models as centre_models  # noqa: F401
    from marketplace.privacy import models as privacy_models  # noqa: F401

    from marketplace.accounts.logins import user_for_login

    # The id in the session and remember-me cookie names a log-in ("<user id>:<token>"), which
    # log-out, a password change and "sign out everywhere" end (marketplace/accounts/logins.py).
    login_manager.user_loader(user_for_login)


def select_locale() -> str:
    """The `lang` parameter, else the language cookie, else Indonesian: a store for
    Indonesians first.

    Deliberately not the Accept-Language header: buyers across the border often have
    English-language phones but read Indonesian, and the page must be cacheable per cookie.
    """
    from flask import current_app, has_request_context

    if not has_request_context():  # CLI commands, mail sent after commit: the store's default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if "locale" in g:
        return g.locale
    # `?lang=en` asks for this page in a language (the address hreflang gives search
    # engines, catalog/sharing.py); it wins over the cookie for this request only. The page
    # cache is keyed by the URL and the language, so both answers are cached apart.
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang", "")
    if chosen not in languages:
        chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"], "")
    g.locale = chosen if chosen in languages else current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]
    return g.locale


def _register_blueprints(app: Flask) -> None:
    from marketplace.accounts import bp as accounts_bp
    from marketplace.admin import bp as admin_bp
    from marketplace.aftersales import bp as aftersales_bp
    from marketplace.api import PREFIX as API_PREFIX, bp as api_bp
    from marketplace.catalog import bp as catalog_bp
    from marketplace.centres import bp as centres_bp
    from marketplace.core import bp as core_bp
    from marketplace.ledger import bp as ledger_bp
    from marketplace.orders import bp as orders_bp
    from marketplace.privacy import bp as privacy_bp
    from marketplace.sellers import bp as sellers_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(catalog_bp)
    app.register_blueprint(accounts_bp, url_prefix="/account")
    app.register_blueprint(sellers_bp, url_prefix="/seller")
    app.register_blueprint(orders_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(ledger_bp)
    app.register_blueprint(aftersales_bp)
    app.register_blueprint(centres_bp)
    app.register_blueprint(api_bp, url_prefix=API_PREFIX)
    app.register_blueprint(privacy_bp)
    if app.config.get("NAME") == "development":  # `make run`: nowhere else, not even tests
        from marketplace.dev import bp as dev_bp

        app.register_blueprint(dev_bp, url_prefix="/dev")
