"""Time: stored as naive UTC in the database, shown in the store's time zone (WIB by default).

The store's zone is `BABEL_DEFAULT_TIMEZONE` (Asia/Jakarta): Babel shows times in it, and the
days that pages count (the admin overview, "today") are its days, not UTC's. Indonesia's three
zones (WIB, WITA, WIT) have no daylight saving time, so a day in the store's zone is a fixed
offset from UTC, which SQL can add on both databases.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.dates import format_date, format_datetime, format_time, get_datetime_format
from flask import current_app
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

DEFAULT_TIMEZONE = "Asia/Jakarta"


def utcnow() -> datetime:
    """The current time as naive UTC (the same on SQLite and PostgreSQL columns)."""
    return datetime.now(UTC).replace(tzinfo=None)


def store_timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or DEFAULT_TIMEZONE)


def in_store_zone(moment: datetime) -> datetime:
    """Naive UTC (a column) as an aware time in the store's zone."""
    return moment.replace(tzinfo=UTC).astimezone(store_timezone())


def store_today() -> date:
    return in_store_zone(utcnow()).date()


def store_day_start(day: date) -> datetime:
    """The first instant of a day in the store's zone, as naive UTC (to compare with columns)."""
    start = datetime.combine(day, time.min, tzinfo=store_timezone())
    return start.astimezone(UTC).replace(tzinfo=None)


def store_offset_minutes() -> int:
    return int(in_store_zone(utcnow()).utcoffset() // timedelta(minutes=1))


def format_moment(moment: datetime, locale: str) -> str:
    """A date and time in the store's zone, with the zone named, for mail and deadlines:
    "Selasa, 03 November 2026 23.30 WIB" / "Tuesday, November 3, 2026, 11:30 PM Western
    Indonesia Time" (CLDR has the short "WIB" in Indonesian, only "+0700" in English)."""
    local = in_store_zone(moment)
    when = (get_datetime_format("long", locale=locale)
            .replace("{1}", format_date(local, "full", locale=locale))
            .replace("{0}", format_time(local, "short", locale=locale)))
    zone = format_datetime(local, "z", locale=locale)
    if not zone.isalpha():
        zone = format_datetime(local, "zzzz", locale=locale)
    return f"{when} {zone}"


class local_date(FunctionElement):  # noqa: N801 (reads as the SQL function it stands for)
    """SQL: the calendar day, in the store's zone, of a naive-UTC timestamp column."""

    type = sa.Date()
    name = "local_date"
    inherit_cache = True

    def __init__(self, column, offset_minutes: int | None = None) -> None:
        minutes = store_offset_minutes() if offset_minutes is None else int(offset_minutes)
        # A literal of its own, so that the offset is part of the statement's cache key.
        super().__init__(column, sa.literal_column(str(minutes)))


def _parts(element, compiler, **kw) -> tuple[str, int]:
    column, minutes = element.clauses
    return compiler.process(column, **kw), int(minutes.name)


@compiles(local_date, "sqlite")
def _local_date_sqlite(element, compiler, **kw) -> str:
    column, minutes = _parts(element, compiler, **kw)
    return f"date({column}, '{minutes:+d} minutes')"


@compiles(local_date, "postgresql")
def _local_date_postgresql(element, compiler, **kw) -> str:
    column, minutes = _parts(element, compiler, **kw)
    return f"CAST({column} + INTERVAL '{minutes} minutes' AS DATE)"
