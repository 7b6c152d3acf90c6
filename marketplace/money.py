"""Rupiah: the one place that formats, parses and converts amounts.

Amounts are always an `int` of whole rupiah. Stripe's minor units are converted
here and nowhere else (IDR is a two-decimal currency in Stripe's API).
"""
from __future__ import annotations

import re

from babel.numbers import format_currency

# Babel's IDR pattern has two decimals ("Rp150.000,00"); rupiah are whole.
_IDR_PATTERN = "¤#,##0"
_STRIPE_IDR_FACTOR = 100
# Stripe accepts at most 12 digits for an amount in minor units.
STRIPE_MAX_MINOR_UNITS = 999_999_999_999


class InvalidAmount(ValueError):
    """A text that is not a whole, non-negative number of rupiah."""


def format_idr(amount: int, locale: str = "id") -> str:
    """`Rp150.000` in Indonesian, `IDR150,000` in English."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"rupiah amounts are int, not {type(amount).__name__}")
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


def to_stripe_amount(amount_idr: int) -> int:
    """Whole rupiah to Stripe's IDR minor units (Rp150.000 -> 15000000)."""
    if not isinstance(amount_idr, int) or isinstance(amount_idr, bool) or amount_idr < 0:
        raise InvalidAmount("a Stripe amount needs a non-negative int of rupiah")
    minor = amount_idr * _STRIPE_IDR_FACTOR
    if minor > STRIPE_MAX_MINOR_UNITS:
        raise InvalidAmount("amount exceeds what Stripe accepts for IDR")
    return minor


def from_stripe_amount(minor_units: int) -> int:
    """Stripe's IDR minor units back to whole rupiah."""
    rupiah, cents = divmod(int(minor_units), _STRIPE_IDR_FACTOR)
    if cents:
        raise InvalidAmount(f"Stripe amount {minor_units} is not whole rupiah")
    return rupiah
