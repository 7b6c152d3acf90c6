"""Time: stored as naive UTC in the database, shown in the buyer's time zone by Babel."""
from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time as naive UTC (the same on SQLite and PostgreSQL columns)."""
    return datetime.now(UTC).replace(tzinfo=None)
