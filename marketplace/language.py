"""The language of the page being answered, and amounts and moments written in it."""
from __future__ import annotations

from flask import current_app
from flask_babel import get_babel, get_locale

from marketplace import money, timeutil


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def language_code() -> str:
    """`current_language()` without building babel's Locale for it (the app's selector answers
    "id" or "en", which are their Locale's names): for the page cache's key, which is made
    before anything else of the request wants a Locale, and costed a fifth of a cached page."""
    babel = get_babel()
    code = babel.locale_selector() if babel.locale_selector is not None else None
    return str(code or babel.instance.default_locale)


def format_idr(amount: int) -> str:
    return money.format_idr(amount, current_language())


def format_moment(moment) -> str:
    """A deadline: date and time in the store's zone, the zone named ("… 23.30 WIB")."""
    return timeutil.format_moment(moment, current_language()) if moment else ""
