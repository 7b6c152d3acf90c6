"""Rupiah: the one place that formats, parses and converts amounts.

Amounts are always an `int` of whole rupiah. Gateway units are converted here and nowhere
else (`to_gateway_units` / `from_gateway_units`): IDR is a two-decimal currency in Stripe's
API (Rp150.000 is 15000000), and has no minor unit in Xendit's (Rp150.000 is 150000, sent as
a JSON number that Xendit's SDK types as a float).
"""
from __future__ import annotations

import re
from functools import lru_cache

from babel.numbers import format_currency

# Babel's IDR pattern has two decimals ("Rp150.000,00"); rupiah are whole.
_IDR_PATTERN = "¤#,##0"
_STRIPE_IDR_FACTOR = 100
# Stripe accepts at most 12 digits for an amount in minor units.
STRIPE_MAX_MINOR_UNITS = 999_999_999_999
# Xendit's largest single payment is far below this (a few miliar rupiah by channel); the cap
# keeps every amount exact as the float Xendit's SDK carries it in (2**53 is ~9 * 10**15).
XENDIT_MAX_IDR = 999_999_999_999
STRIPE, XENDIT = "stripe", "xendit"


class InvalidAmount(ValueError):
    """A text that is not a whole, non-negative number of rupiah."""


def format_idr(amount: int, locale: str = "id") -> str:
    """`Rp150.000` in Indonesian, `IDR150,000` in English."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"rupiah amounts are int, not {type(amount).__name__}")
    return _formatted(int(amount), str(locale))


# A page of cards formats a few dozen prices, and Babel takes ~40 us for each (measured on the
# search page: a tenth of its rendering); the same prices and price bands come back page after
# page. int() above: an IntEnum or other int subclass is never a key of its own.
@lru_cache(maxsize=8192)
def _formatted(amount: int, locale: str) -> str:
    return format_currency(
        amount, "IDR", locale=_babel_locale(locale), format=_IDR_PATTERN, currency_digits=False
    )


def _babel_locale(locale: str) -> str:
    return {"id": "id_ID", "en": "en_US"}.get(str(locale), str(locale))


_PLAIN = re.compile(r"\d{1,15}")
# Thousands grouped by one kind of separator: 150.000 / 150,000 / 150 000.
_GROUPED = re.compile(r"\d{1,3}(?:(?P<sep>[.,\s])\d{3})(?:(?P=sep)\d{3})*")
_PREFIX = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)


def parse_idr(text: str | int | None) -> int:
    """Read what a person types: "150000", "150.000", "Rp 150.000", "150,000", "Rp150.000,00".

    Raises InvalidAmount for anything that is not a whole, non-negative amount.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        if text < 0:
            raise InvalidAmount("amount must not be negative")
        return text
    if text is None:
        raise InvalidAmount("empty amount")
    value = _PREFIX.sub("", str(text).strip())
    # A trailing ",00" or ".00" is a written-out zero fraction, common on invoices.
    value = re.sub(r"(?<=\d)[.,]00$", "", value)
    if not value.isascii() or not (_PLAIN.fullmatch(value) or _GROUPED.fullmatch(value)):
        raise InvalidAmount(f"not a whole rupiah amount: {text!r}")
    digits = re.sub(r"\D", "", value)
    if len(digits) > 15:
        raise InvalidAmount(f"not a whole rupiah amount: {text!r}")
    return int(digits)


def to_gateway_units(amount_idr: int, gateway: str) -> int | float:
    """Whole rupiah to what `gateway` ("stripe" or "xendit") counts IDR in: Stripe's minor units
    (an int), or Xendit's whole rupiah as the JSON number its SDK types as `float` (exact: at
    most XENDIT_MAX_IDR, far below 2**53). The only place an amount leaves the integer."""
    if not isinstance(amount_idr, int) or isinstance(amount_idr, bool) or amount_idr < 0:
        raise InvalidAmount(f"a {gateway} amount needs a non-negative int of rupiah")
    if gateway == STRIPE:
        units = amount_idr * _STRIPE_IDR_FACTOR
        if units > STRIPE_MAX_MINOR_UNITS:
            raise InvalidAmount("amount exceeds what Stripe accepts for IDR")
        return units
    if gateway == XENDIT:
        if amount_idr > XENDIT_MAX_IDR:
            raise InvalidAmount("amount exceeds what Xendit accepts for IDR")
        return float(amount_idr)
    raise ValueError(f"unknown gateway {gateway!r}")


def from_gateway_units(units: int | float, gateway: str) -> int:
    """What `gateway` answered for an IDR amount, back to whole rupiah; InvalidAmount when it
    is not whole rupiah (cents from Stripe, a fraction or a bool from Xendit)."""
    if isinstance(units, bool) or not isinstance(units, int | float):
        raise InvalidAmount(f"{gateway} amount {units!r} is not a number")
    if gateway == STRIPE:
        if not isinstance(units, int):
            raise InvalidAmount(f"Stripe amount {units!r} is not an integer")
        rupiah, cents = divmod(units, _STRIPE_IDR_FACTOR)
        if cents:
            raise InvalidAmount(f"Stripe amount {units} is not whole rupiah")
        return rupiah
    if gateway == XENDIT:
        # The SDK reads every amount as a float: 150000.0 is Rp150.000, 150000.5 is no rupiah.
        if isinstance(units, float) and not (units.is_integer() and abs(units) <= XENDIT_MAX_IDR):
            raise InvalidAmount(f"Xendit amount {units!r} is not whole rupiah")
        if not 0 <= units <= XENDIT_MAX_IDR:
            raise InvalidAmount(f"Xendit amount {units!r} is out of range")
        return int(units)
    raise ValueError(f"unknown gateway {gateway!r}")


def to_stripe_amount(amount_idr: int) -> int:
    """Whole rupiah to Stripe's IDR minor units (Rp150.000 -> 15000000)."""
    return to_gateway_units(amount_idr, STRIPE)


def from_stripe_amount(minor_units: int) -> int:
    """Stripe's IDR minor units back to whole rupiah."""
    return from_gateway_units(int(minor_units), STRIPE)
