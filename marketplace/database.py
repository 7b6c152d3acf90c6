"""Engine settings that differ between SQLite and PostgreSQL."""
from flask import Flask
from sqlalchemy import event

from marketplace.extensions import db


def configure_engine_events(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            return

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # WAL lets readers work while one writer writes; the busy timeout makes a second
            # writer wait instead of failing with "database is locked".
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            if engine.url.database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()


def str_enum(enum_cls, name: str):
    """An enum column stored as VARCHAR with a CHECK, not a native PostgreSQL enum type:
    adding a value later is then an ordinary migration on both databases."""
    import sqlalchemy as sa

    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
    )


def escape_like(text: str) -> str:
    """`text` as a literal inside a LIKE pattern (with `escape="\\"`)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
