"""The language of the page being answered, and amounts and moments written in it."""
from __future__ import annotations

from flask import current_app
from flask_babel import get_locale

from marketplace import money, timeutil


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def format_idr(amount: int) -> str:
    return money.format_idr(amount, current_language())


def format_moment(moment) -> str:
    """A deadline: date and time in the store's zone, the zone named ("… 23.30 WIB")."""
    return timeutil.format_moment(moment, current_language()) if moment else ""
