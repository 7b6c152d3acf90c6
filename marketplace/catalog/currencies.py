"""Display currencies: rupiah per unit of a foreign currency, to show buyers across the border
an approximate price beside the rupiah one (ringgit in Sarawak, US dollars in Timor-Leste,
Singapore dollars). Payment is always in rupiah; these figures are never charged.

Amounts stay integers: a price in a foreign currency is whole rupiah divided by whole rupiah
per unit, rounded to the nearest whole unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from babel.numbers import format_decimal, get_currency_symbol, is_currency

from marketplace import money
from marketplace.catalog.display_models import ExchangeRate
from marketplace.catalog.services import bump_catalogue_version
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.timeutil import utcnow

# What an audit entry of a change shows (the admin screens record who changed a rate).
AUDITED_FIELDS = ("currency", "idr_per_unit", "set_at", "set_by_id")
# Shown first, in this order: the neighbours' currencies.
_PREFERRED_ORDER = ("MYR", "USD", "SGD")
# Symbols a buyer at the border recognises; Babel's (e.g. "$", "MYR") are ambiguous or bare.
_SYMBOLS = {"MYR": "RM", "USD": "US$", "SGD": "S$"}
_CODE = re.compile(r"[A-Z]{3}")


class CurrencyError(DomainError):
    pass


class InvalidCode(CurrencyError):
    pass


class AlreadyListed(CurrencyError):
    pass


class InvalidRate(CurrencyError):
    pass


# --- Reading -------------------------------------------------------------------------------

def _display_order(rate: ExchangeRate) -> tuple[int, str]:
    code = rate.currency
    return (_PREFERRED_ORDER.index(code) if code in _PREFERRED_ORDER else len(_PREFERRED_ORDER),
            code)


def rates() -> list[ExchangeRate]:
    return sorted(db.session.scalars(sa.select(ExchangeRate)), key=_display_order)


def get(code: str) -> ExchangeRate | None:
    return db.session.get(ExchangeRate, (code or "").upper())


def rates_for_display() -> list[ExchangeRate]:
    """The rates, read once per request (a few rows by primary key: cheaper than checking a
    cache's version, which would cost the same one query)."""
    from flask import g

    if "display_rates" not in g:
        g.display_rates = rates()
    return g.display_rates


# --- Arithmetic and wording ----------------------------------------------------------------

def convert(amount_idr: int, idr_per_unit: int) -> int:
    """Whole rupiah to whole units of the other currency, rounded half up."""
    if idr_per_unit <= 0:
        raise InvalidRate("a rate is a positive number of rupiah")
    return (amount_idr + idr_per_unit // 2) // idr_per_unit


def symbol(code: str, locale: str) -> str:
    return _SYMBOLS.get(code) or get_currency_symbol(code, locale=locale)


def format_amount(amount: int, code: str, locale: str) -> str:
    """e.g. "RM 42", "US$ 1.250" (id) or "US$ 1,250" (en); "< US$ 1" for less than one unit."""
    if amount < 1:
        return f"< {symbol(code, locale)}\u00a01"
    return f"{symbol(code, locale)}\u00a0{format_decimal(amount, format='#,##0', locale=locale)}"


@dataclass(frozen=True)
class ApproximatePrice:
    amounts: list[str]  # formatted, in display order
    as_of: datetime  # when the oldest of the rates used was set (naive UTC)


def approximate(amount_idr: int, rates_: list[ExchangeRate],
                locale: str) -> ApproximatePrice | None:
    """The rupiah amount in each display currency, or None when there is nothing to show."""
    usable = [r for r in rates_ if r.idr_per_unit > 0]
    if amount_idr <= 0 or not usable:
        return None
    return ApproximatePrice(
        amounts=[format_amount(convert(amount_idr, r.idr_per_unit), r.currency, locale)
                 for r in usable],
        as_of=min(r.set_at for r in usable),
    )


# --- Changing ------------------------------------------------------------------------------

def parse_rate(text: str | int | None) -> int:
    try:
        rate = money.parse_idr(text)
    except money.InvalidAmount:
        raise InvalidRate("not a whole number of rupiah") from None
    if rate <= 0:
        raise InvalidRate("a rate is a positive number of rupiah")
    return rate


def normalise_code(text: str | None) -> str:
    code = (text or "").strip().upper()
    if not _CODE.fullmatch(code) or not is_currency(code):
        raise InvalidCode("not an ISO 4217 currency code")
    if code == "IDR":
        raise InvalidCode("prices are in rupiah already")
    return code


def set_rate(rate: ExchangeRate, text: str | int, *, actor_id: int | None) -> ExchangeRate:
    """Change a rate in the caller's transaction (the caller commits)."""
    value = parse_rate(text)
    rate.idr_per_unit, rate.set_at, rate.set_by_id = value, utcnow(), actor_id
    bump_catalogue_version()  # product pages show approximate prices
    return rate


def add_currency(code: str, text: str | int, *, actor_id: int | None) -> ExchangeRate:
    """List a currency in the caller's transaction. The caller commits, and turns an
    IntegrityError (another admin added it at the same moment) into `AlreadyListed`."""
    code = normalise_code(code)
    value = parse_rate(text)
    if db.session.get(ExchangeRate, code) is not None:
        raise AlreadyListed(code)
    rate = ExchangeRate(currency=code, idr_per_unit=value, set_at=utcnow(), set_by_id=actor_id)
    db.session.add(rate)
    bump_catalogue_version()  # product pages show approximate prices
    return rate


def remove_currency(rate: ExchangeRate) -> None:
    """Take a currency off the product pages, in the caller's transaction."""
    db.session.delete(rate)
    bump_catalogue_version()  # product pages show approximate prices
