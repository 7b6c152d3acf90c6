"""Fees the store passes on to buyers, per payment method.

An admin may set, for card (Stripe) and each Xendit channel, a fixed fee in whole rupiah
and/or a percentage in basis points (70 = 0.7 %) of the order's products and shipping. The
fee is `fixed + floor(base × bps / 10 000)`: the percentage is rounded down to the whole
rupiah, in the buyer's favour. Bank transfer has none (its unique code already moves the
total). The fee is frozen on the order when it is placed (`orders.payment_fee_idr`), its own
line of the total; what the gateway then keeps is booked apart (`ledger.gateway_fees`).

Kept in `site_settings` ("payments.fee.<method>" = "<fixed>,<bps>"); no row: no fee.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from marketplace.catalog.models import SiteSetting
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.money import parse_idr

KEY_PREFIX = "payments.fee."
STRIPE = "stripe"
MAX_FIXED_IDR = 1_000_000  # a fee above Rp1 juta is a typing mistake, not a price
MAX_BPS = 1_000  # 10 %


@dataclass(frozen=True)
class Fee:
    fixed_idr: int = 0
    bps: int = 0

    def on(self, base_idr: int) -> int:
        """The fee on an order whose products and shipping come to `base_idr`."""
        return self.fixed_idr + base_idr * self.bps // 10_000

    @property
    def is_zero(self) -> bool:
        return self.fixed_idr == 0 and self.bps == 0


class BadFee(DomainError):
    """What the admin typed is not a fee; `field` says which box."""

    def __init__(self, method: str, field: str) -> None:
        super().__init__(f"{method}: {field}")
        self.method, self.field = method, field


def fee_for(method: str) -> Fee:
    row = db.session.get(SiteSetting, KEY_PREFIX + method)
    if row is None or not row.value:
        return Fee()
    fixed, _sep, bps = row.value.partition(",")
    return Fee(fixed_idr=int(fixed or 0), bps=int(bps or 0))


def fee_idr(method: str | None, base_idr: int) -> int:
    """What a buyer paying by `method` (None: bank transfer) adds to `base_idr`."""
    return 0 if method is None else fee_for(method).on(base_idr)


def set_fee(method: str, fee: Fee) -> None:
    """In the caller's transaction."""
    value = f"{fee.fixed_idr},{fee.bps}"
    row = db.session.get(SiteSetting, KEY_PREFIX + method)
    if row is None:
        db.session.add(SiteSetting(key=KEY_PREFIX + method, value=value))
    else:
        row.value = value


def parse_fee(method: str, fixed_text: str, bps_text: str) -> Fee:
    """The admin's two boxes: rupiah ("1.000", "Rp1.000", empty for none) and basis points (a
    whole number from 0 to 1 000, empty for none). BadFee names the box that is wrong."""
    fixed_text, bps_text = (fixed_text or "").strip(), (bps_text or "").strip()
    try:
        fixed = parse_idr(fixed_text) if fixed_text else 0
    except ValueError:
        raise BadFee(method, "fixed") from None
    if not 0 <= fixed <= MAX_FIXED_IDR:
        raise BadFee(method, "fixed")
    if bps_text and not re.fullmatch(r"\d{1,4}", bps_text):
        raise BadFee(method, "bps")
    bps = int(bps_text or 0)
    if bps > MAX_BPS:
        raise BadFee(method, "bps")
    return Fee(fixed_idr=fixed, bps=bps)


def method_key(payment_method: str, channel: str | None) -> str | None:
    """The fee's method for an order's payment: a Xendit channel's key, "stripe", or None."""
    if channel:
        return channel
    return STRIPE if payment_method == STRIPE else None
