"""Flask extensions, created unbound and initialised in `create_app`."""
from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from marketplace import ratelimit  # noqa: F401  (registers sentra-sqlite:// and sentra-memory://)

# Named constraints, so that Alembic can drop and alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Storefront pages, fragments and aggregates (marketplace/caching.py): in process, or Redis.
cache = Cache()
# Storage comes from RATELIMIT_STORAGE_URI (a SQLite file every worker of the machine shares by
# default, Redis when REDIS_URL is set, memory in tests); importing marketplace.ratelimit
# (above) registers the project's storages with limits.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
