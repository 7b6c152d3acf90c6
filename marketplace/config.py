"""Settings, read from the environment.

`SENTRA_CONFIG` picks the class (development, testing, production); every value
below can be overridden by an environment variable of the same name.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_DIR", PROJECT_ROOT / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _list(name: str) -> list[str] | None:
    """A comma-separated setting; None when unset or empty."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or None


# The local stand-in for Stripe (marketplace/dev/fake_stripe/) that `make run` starts in
# development: with no STRIPE_* set, the development store pays by card through it, so a
# newcomer's first card payment works with nothing to configure (and charges nothing).
FAKE_STRIPE_SECRET_KEY = "sk_test_fake_sentra_0000000000"
FAKE_STRIPE_WEBHOOK_SECRET = "whsec_test_fake_sentra_0000000000"
FAKE_STRIPE_PORT = 12111  # `make run` uses PORT + 7111 (FAKE_STRIPE_PORT in the environment)
STRIPE_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE")
# The same for Xendit (marketplace/dev/fake_xendit/): QRIS, virtual accounts and e-wallets
# work in development with nothing configured, and move no money.
FAKE_XENDIT_SECRET_KEY = "xnd_development_fake_sentra_0000000000"
FAKE_XENDIT_CALLBACK_TOKEN = "fake-sentra-callback-token-0000000000"
FAKE_XENDIT_PORT = 12112  # `make run` uses PORT + 7112 (FAKE_XENDIT_PORT in the environment)
XENDIT_SETTINGS = ("XENDIT_SECRET_KEY", "XENDIT_CALLBACK_TOKEN", "XENDIT_API_BASE")
# Xendit's channels the store can offer (marketplace/payments/xendit.py CHANNELS); an admin
# switches each on or off.
XENDIT_DEFAULT_CHANNELS = ("qris", "gopay_qris", "va_bca", "va_bni", "va_bri", "va_mandiri",
                           "va_permata", "ewallet_ovo", "ewallet_dana", "ewallet_shopeepay",
                           "ewallet_linkaja", "otc_alfamart", "otc_indomaret")
# Xendit's fee per kind of channel (its price list, before VAT; check before going live):
# "0.7%" of the payment or a flat "4000" rupiah. Booked to the ledger per gateway and method.
XENDIT_DEFAULT_FEES = "qris=0.7%,va=4000,ewallet=1.5%,otc=5000"


def _dev_secret_key() -> str:
    """A random key kept under instance/, so sessions survive restarts on a dev machine."""
    path = INSTANCE_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


class Config:
    NAME = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'sentra.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    MEDIA_DIR = os.environ.get("MEDIA_DIR", str(INSTANCE_DIR / "media"))
    MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
    # Photos on local disk (default) or in an S3-compatible bucket (several app servers).
    MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local")
    S3_BUCKET = os.environ.get("S3_BUCKET")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL")  # MinIO, Ceph, R2...; empty for AWS
    S3_REGION = os.environ.get("S3_REGION")
    S3_PREFIX = os.environ.get("S3_PREFIX", "")
    # Which image widths (px) are generated as WebP for every photo.
    IMAGE_WIDTHS = (320, 640, 1280)
    MAX_UPLOAD_BYTES = _int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
    # Megapixels a photo may declare: a JPEG is decoded at a fraction of its size, a PNG or
    # WebP whole, so they get less (bench/photos.py measures the worst of each).
    MAX_IMAGE_PIXELS = _int("MAX_IMAGE_PIXELS", 50_000_000)
    MAX_PNG_WEBP_PIXELS = _int("MAX_PNG_WEBP_PIXELS", 12_000_000)
    # HEIC/HEIF is decoded whole too, but phones write 12.2 MP (4032×3024) and 24 MP photos.
    MAX_HEIF_PIXELS = _int("MAX_HEIF_PIXELS", 25_000_000)
    # Pixels one request may decode over all its photos (a JPEG counts at the reduced size
    # its decoder produces): bounds what one upload of a dozen photos costs (bench/photos.py).
    MAX_DECODED_PIXELS_PER_REQUEST = _int("MAX_DECODED_PIXELS_PER_REQUEST", 48_000_000)
    # Photos one account may upload (each file counts), in Flask-Limiter's notation.
    PHOTO_UPLOAD_LIMIT = os.environ.get("PHOTO_UPLOAD_LIMIT", "200 per hour")
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 64 * 1024 * 1024)

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")
    LANGUAGE_COOKIE = "lang"

    CATALOG_PAGE_SIZE = _int("CATALOG_PAGE_SIZE", 24)
    # Addresses per sitemap file (core/sitemap.py); search engines read at most 50,000.
    SITEMAP_CHUNK_SIZE = min(_int("SITEMAP_CHUNK_SIZE", 50_000), 50_000)
    # Search (Whoosh): where the index lives, and the Indonesian stemmer, "snowball" (PyStemmer,
    # BSD, with the project's root words) or "sastrawi" (its dictionary is non-commercial:
    # CC BY-NC-SA 3.0). Changing the stemmer rebuilds the index at the next search.
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(INSTANCE_DIR / "search-index"))
    SEARCH_STEMMER = os.environ.get("SEARCH_STEMMER", "snowball")
    # "whoosh" (the default: an index on this server's disk) or "postgresql" (full-text search in
    # the store's PostgreSQL database, shared by every app server; needs migration 0018_pgsearch
    # and `flask search reindex` once). The app refuses to start with "postgresql" on SQLite.
    SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh").strip().lower()
    # Upper bound a buyer can ask for in a price filter: Rp 1 trillion is far beyond any listing.
    MAX_PRICE_IDR = 1_000_000_000_000

    # Host names the store answers to (Flask's own TRUSTED_HOSTS; a leading dot allows
    # subdomains): any other Host is a 400. Unset: any host (development); production defaults
    # to the host of PUBLIC_BASE_URL.
    TRUSTED_HOSTS = _list("TRUSTED_HOSTS")
    # How many proxies in front of the app set each X-Forwarded-* header (werkzeug's ProxyFix):
    # 1 behind nginx alone, 2 behind a load balancer plus nginx. Too few and every client looks
    # like the proxy (one login limit for everyone); too many and clients can forge addresses.
    PROXY_FIX_X_FOR = _int("PROXY_FIX_X_FOR", 1)
    PROXY_FIX_X_PROTO = _int("PROXY_FIX_X_PROTO", 1)
    PROXY_FIX_X_HOST = _int("PROXY_FIX_X_HOST", 1)
    PROXY_FIX_X_PORT = _int("PROXY_FIX_X_PORT", 0)
    PROXY_FIX_X_PREFIX = _int("PROXY_FIX_X_PREFIX", 0)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    # Strict-Transport-Security max-age in seconds (marketplace/security.py): 0 sends none,
    # so that a development server on plain http is never pinned to HTTPS by a browser.
    HSTS_MAX_AGE = _int("HSTS_MAX_AGE", 0)

    # Rate limits (Flask-Limiter, marketplace/ratelimit.py): counted in Redis when REDIS_URL
    # is set (every server), otherwise in a SQLite file of the instance folder that every
    # worker of this machine shares (`make run` serves two).
    REDIS_URL = os.environ.get("REDIS_URL") or None
    RATELIMIT_STORAGE_URI = (os.environ.get("RATELIMIT_STORAGE_URI") or REDIS_URL
                             or f"sentra-sqlite://{(INSTANCE_DIR / 'ratelimits.sqlite3').resolve()}")
    RATELIMIT_STRATEGY = "fixed-window"  # what the SQLite storage counts
    # Storefront caches (Flask-Caching, marketplace/caching.py): whole pages for visitors
    # without a session and page fragments for everyone, keyed by the data versions. In each
    # process's memory by default (`SimpleCache`), in Redis when CACHE_REDIS_URL (or else
    # REDIS_URL) is set, so that every worker and app server shares one copy, with a small
    # copy of what each process uses in its memory before it (marketplace/tiered_cache.py;
    # CACHE_TYPE=RedisCache for Redis alone); CACHE_TYPE=NullCache turns caching off.
    # A Redis of its own for the cache is best (CACHE_REDIS_URL, maxmemory-policy allkeys-lru):
    # cache pressure then never evicts a session or a rate-limit count (docs/DEPLOYMENT.md).
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL") or REDIS_URL
    CACHE_TYPE = os.environ.get("CACHE_TYPE") or (
        "marketplace.tiered_cache.TieredRedisCache" if CACHE_REDIS_URL else "SimpleCache")
    # The copy in each process's memory before Redis: its bounds (entries, bytes) and how
    # long it keeps an entry at most (seconds; a safety net, see marketplace/tiered_cache.py).
    CACHE_LOCAL_ENTRIES = _int("CACHE_LOCAL_ENTRIES", 1000)
    CACHE_LOCAL_BYTES = _int("CACHE_LOCAL_BYTES", 32 * 1024 * 1024)
    CACHE_LOCAL_TIMEOUT = _int("CACHE_LOCAL_TIMEOUT", 60)
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "sentra:cache:")
    # Entries outlive no change (their keys carry the data versions); the timeout only bounds
    # how long a page could stay stale if a version bump were lost (a worker killed between a
    # commit and its bump) and how long an old version's entries take memory.
    CACHE_DEFAULT_TIMEOUT = _int("CACHE_DEFAULT_TIMEOUT", 300)
    CACHE_THRESHOLD = _int("CACHE_THRESHOLD", 1000)  # entries per process (SimpleCache only)
    # How long a process may answer with the data versions it read last (seconds; 0 reads
    # them on every request). The process that commits a change forgets them at once.
    CACHE_VERSION_TTL = float(os.environ.get("CACHE_VERSION_TTL", "1"))
    # Sessions: signed cookies by default; in Redis when REDIS_URL is set, so that a visitor's
    # log-in and cart follow them to whichever app server answers (Flask-Session).
    SESSION_STORE = os.environ.get("SESSION_STORE") or ("redis" if REDIS_URL else "cookie")
    SESSION_KEY_PREFIX = os.environ.get("SESSION_KEY_PREFIX", "sentra:session:")
    SESSION_PERMANENT = False  # a browser-session cookie, as before; "remember me" keeps log-ins
    # Part of every cache key and ETag: set it per deployment (e.g. the git revision) so that
    # code changes that leave templates alone still start from fresh caches.
    RELEASE = os.environ.get("RELEASE", "")
    RATELIMIT_HEADERS_ENABLED = True
    # Failed log-ins only: per account and per address (a shared campus or café IP gets more).
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "30 per 15 minutes")
    # Requests per client address to the catalogue API (/api/v1), in Flask-Limiter's notation.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    # Messages with the seller, per writer (an account, or a guest's order), across workers.
    MESSAGE_LIMIT = os.environ.get("MESSAGE_LIMIT", "10 per 10 minutes; 60 per day")
    # "Track my order" by number and e-mail, per client address: guessing needs many tries.
    TRACK_ORDER_LIMIT = os.environ.get("TRACK_ORDER_LIMIT", "10 per 15 minutes; 50 per day")
    PASSWORD_RESET_MAX_AGE = _int("PASSWORD_RESET_MAX_AGE", 60 * 60)  # seconds
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    # People's rights over their data (README, "Accounts and personal data"): how long an
    # e-mail verification link works, how often one may be resent, how long a prepared data
    # download stays, how many orders an account may have before its download is prepared in
    # the background, and after how many days a guest's delivery address is erased.
    # Versions of the privacy notice and terms in force (marketplace/privacy/templates): raise
    # one when its text changes, and every account is asked to accept it at its next sign-in.
    PRIVACY_NOTICE_VERSION = os.environ.get("PRIVACY_NOTICE_VERSION", "2026-12-07")
    TERMS_VERSION = os.environ.get("TERMS_VERSION", "2026-12-07")
    EMAIL_VERIFICATION_MAX_AGE = _int("EMAIL_VERIFICATION_MAX_AGE", 60 * 60 * 72)  # seconds
    EMAIL_VERIFICATION_RESEND_SECONDS = _int("EMAIL_VERIFICATION_RESEND_SECONDS", 120)
    DATA_EXPORT_DIR = os.environ.get("DATA_EXPORT_DIR", str(INSTANCE_DIR / "exports"))
    DATA_EXPORT_KEEP_DAYS = _int("DATA_EXPORT_KEEP_DAYS", 7)
    DATA_EXPORT_INLINE_MAX_ORDERS = _int("DATA_EXPORT_INLINE_MAX_ORDERS", 50)
    GUEST_ADDRESS_RETENTION_DAYS = _int("GUEST_ADDRESS_RETENTION_DAYS", 365)

    # Mail: sent through SMTP when MAIL_SERVER is set, written to the log otherwise.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = _int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_TIMEOUT = _int("MAIL_TIMEOUT", 10)
    # Where the store is reached: every link in mail is built on it, never on the host a
    # request names (a forged Host or X-Forwarded-Host would mail a victim the attacker's site).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Sentra <noreply@sentra.id>")

    # Orders: how long an unpaid order holds its stock, and the marketplace's bank account
    # for manual transfers (a buyer pays the marketplace, never the seller directly).
    ORDER_PAYMENT_HOURS = _int("ORDER_PAYMENT_HOURS", 24)
    # A listing whose packaging score reaches this shows the "kemasan lengkap" mark and may be
    # featured in the home page's best-packaged section.
    PACKAGING_COMPLETE_SCORE = _int("PACKAGING_COMPLETE_SCORE", 80)
    HANDOVER_INVITE_HOURS = _int("HANDOVER_INVITE_HOURS", 72)  # how long a shop hand-over link works
    BANK_TRANSFER_BANK = os.environ.get("BANK_TRANSFER_BANK", "Bank Rakyat Indonesia (BRI)")
    BANK_TRANSFER_ACCOUNT = os.environ.get("BANK_TRANSFER_ACCOUNT", "0000-01-000000-00-0")
    BANK_TRANSFER_HOLDER = os.environ.get("BANK_TRANSFER_HOLDER", "PT Sentra Pasar Perbatasan")
    # Mail after commit in a background thread, so a slow mail server never slows a request.
    MAIL_SEND_ASYNC = _bool("MAIL_SEND_ASYNC", True)

    # Static files: long cache lifetimes are safe because URLs carry a content hash.
    SEND_FILE_MAX_AGE_DEFAULT = 60 * 60 * 24 * 365

    # Card payments through Stripe Checkout: offered only when both secrets are set. In
    # development, with none of the three set, the local fake's (see DevelopmentConfig).
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY") or None
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET") or None
    # Empty means Stripe itself; the fake server (marketplace/dev/fake_stripe/) otherwise.
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE") or None
    STRIPE_WEBHOOK_TOLERANCE = _int("STRIPE_WEBHOOK_TOLERANCE", 300)  # seconds, Stripe's default
    # Stripe's minimum charge is about USD 0.50 in the settlement currency; keep a margin.
    STRIPE_MIN_AMOUNT_IDR = _int("STRIPE_MIN_AMOUNT_IDR", 10_000)
    STRIPE_CHECKOUT_EXPIRY_MINUTES = _int("STRIPE_CHECKOUT_EXPIRY_MINUTES", 60)  # Stripe: 30 to 1440

    # QRIS, virtual accounts, e-wallets and retail outlets through Xendit: offered only when
    # the secret key and the callback verification token are both set. In development, with
    # none of the three set, the local stand-in's (see DevelopmentConfig).
    XENDIT_SECRET_KEY = os.environ.get("XENDIT_SECRET_KEY") or None
    XENDIT_CALLBACK_TOKEN = os.environ.get("XENDIT_CALLBACK_TOKEN") or None
    XENDIT_API_BASE = os.environ.get("XENDIT_API_BASE") or None  # empty: Xendit itself
    XENDIT_CHANNELS = tuple(_list("XENDIT_CHANNELS") or XENDIT_DEFAULT_CHANNELS)
    XENDIT_FEES = os.environ.get("XENDIT_FEES") or XENDIT_DEFAULT_FEES

    # Money (see README "Money"): commission in basis points (500 = 5 %) until an admin sets
    # one; days after delivery before held money is released; days a buyer may complain after
    # delivery; days a seller has to ship a paid parcel; the smallest payout; how long a
    # changed bank account holds payouts for review.
    COMMISSION_RATE_BPS = _int("COMMISSION_RATE_BPS", 500)
    AUTO_COMPLETE_DAYS = _int("AUTO_COMPLETE_DAYS", 3)
    COMPLAINT_WINDOW_DAYS = _int("COMPLAINT_WINDOW_DAYS", 3)
    # Reviews (README "Reviews"): days a review stays editable; days the review link mailed
    # after receipt works; reviews one account or address may post an hour.
    REVIEW_EDIT_DAYS = _int("REVIEW_EDIT_DAYS", 30)
    REVIEW_LINK_DAYS = _int("REVIEW_LINK_DAYS", 90)
    REVIEW_RATE_LIMIT = os.environ.get("REVIEW_RATE_LIMIT", "10 per hour")
    SHIP_BY_DAYS = _int("SHIP_BY_DAYS", 3)
    PAYOUT_MINIMUM_IDR = _int("PAYOUT_MINIMUM_IDR", 50_000)
    PAYOUT_BANK_CHANGE_HOLD_DAYS = _int("PAYOUT_BANK_CHANGE_HOLD_DAYS", 7)
    DEMO_LOGINS = False  # DevelopmentConfig only

    # Running it (marketplace/ops): one JSON line per log record and per request (production);
    # who may read /metrics (addresses, and a bearer token when set); the optional error
    # reporter (Sentry's SDK, only when its DSN is set); where `flask backup` writes.
    LOG_JSON = _bool("LOG_JSON", False)
    METRICS_ALLOWED_NETWORKS = _list("METRICS_ALLOWED_NETWORKS") or ["127.0.0.1/32", "::1/128"]
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    SENTRY_DSN = os.environ.get("SENTRY_DSN") or None
    SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT") or None
    SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0)
    BACKUP_DIR = os.environ.get("BACKUP_DIR", str(INSTANCE_DIR / "backups"))

    def __init__(self) -> None:
        if self.SECRET_KEY is None:
            self.SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()


class DevelopmentConfig(Config):
    # `flask demo-data` and `flask demo-logins` make a demo buyer, seller, centre staff member
    # and admin with a known password (dev/demo/logins.py): here only, never elsewhere.
    DEMO_LOGINS = True

    def __init__(self) -> None:
        super().__init__()
        stripe = {name: os.environ.get(name) or None for name in STRIPE_SETTINGS}
        if not any(stripe.values()):  # nothing configured: the local stand-in (test mode)
            port = _int("FAKE_STRIPE_PORT", FAKE_STRIPE_PORT)
            stripe = {"STRIPE_SECRET_KEY": FAKE_STRIPE_SECRET_KEY,
                      "STRIPE_WEBHOOK_SECRET": FAKE_STRIPE_WEBHOOK_SECRET,
                      "STRIPE_API_BASE": f"http://127.0.0.1:{port}"}
        for name, value in stripe.items():
            setattr(self, name, value)
        xendit = {name: os.environ.get(name) or None for name in XENDIT_SETTINGS}
        if not any(xendit.values()):  # nothing configured: the local stand-in (test mode)
            port = _int("FAKE_XENDIT_PORT", FAKE_XENDIT_PORT)
            xendit = {"XENDIT_SECRET_KEY": FAKE_XENDIT_SECRET_KEY,
                      "XENDIT_CALLBACK_TOKEN": FAKE_XENDIT_CALLBACK_TOKEN,
                      "XENDIT_API_BASE": f"http://127.0.0.1:{port}"}
        for name, value in xendit.items():
            setattr(self, name, value)


class TestingConfig(Config):
    NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True
    CATALOG_PAGE_SIZE = 12
    MAIL_SEND_ASYNC = False
    # A developer's real keys never reach the tests: card payments are off unless a test
    # starts the fake Stripe server.
    STRIPE_SECRET_KEY = None
    STRIPE_WEBHOOK_SECRET = None
    STRIPE_API_BASE = None
    XENDIT_SECRET_KEY = None
    XENDIT_CALLBACK_TOKEN = None
    XENDIT_API_BASE = None
    MAIL_SERVER = None
    PUBLIC_BASE_URL = "http://localhost"  # the test client's own address
    TRUSTED_HOSTS = None
    # Small photos keep the demo data quick to generate in tests.
    IMAGE_WIDTHS = (320, 640)
    # Caches stay on in tests (they must behave as in production) but never reach a developer's
    # Redis: tests that want Redis say so (tests/test_redis*.py).
    REDIS_URL = None
    # One process per test worker: limits' memory storage (made thread-safe), emptied per app.
    RATELIMIT_STORAGE_URI = "sentra-memory://"
    CACHE_TYPE = "SimpleCache"
    CACHE_REDIS_URL = None
    SESSION_STORE = "cookie"
    # Tests run several apps (workers) in one process: each reads the versions per request, so
    # a change made through one is on the others at once (tests/catalog/test_caching.py tests
    # the 1-second memory of production on its own).
    CACHE_VERSION_TTL = 0
    SENTRY_DSN = None  # a developer's reporter never hears of the tests


class ProductionConfig(Config):
    NAME = "production"
    HSTS_MAX_AGE = _int("HSTS_MAX_AGE", 365 * 24 * 60 * 60)
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LOG_JSON = _bool("LOG_JSON", True)

    def __init__(self) -> None:
        key = os.environ.get("SECRET_KEY", "")
        if len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        self.SECRET_KEY = key
        base = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RuntimeError(
                "PUBLIC_BASE_URL must be set in production to the store's public address, "
                "e.g. https://sentra.id: every link in mail is built on it."
            )
        self.PUBLIC_BASE_URL = base
        self.TRUSTED_HOSTS = _list("TRUSTED_HOSTS") or [parts.hostname]
        # No SQLite file made quietly in the checkout: create_app refuses to start without it.
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or None


def refuse_incomplete_production(settings) -> None:
    """What production cannot run without, once every setting and override is in."""
    if settings.get("NAME") == "production" and not settings.get("SQLALCHEMY_DATABASE_URI"):
        raise RuntimeError(
            "DATABASE_URL must be set in production, e.g. "
            "postgresql+psycopg://sentra@127.0.0.1:5432/sentra (see docs/DEPLOYMENT.md).")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(name: str | None = None) -> Config:
    name = name or os.environ.get("SENTRA_CONFIG", "development")
    try:
        return CONFIGS[name]()
    except KeyError:
        raise RuntimeError(f"SENTRA_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}") from None
