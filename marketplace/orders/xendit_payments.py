"""Orders paid through Xendit (QRIS, virtual accounts, e-wallets, retail outlets): what is
offered, the fees, and starting a payment; its callbacks are `xendit_callbacks`.

The order becomes paid only when a callback with the right token says so and Xendit, asked
back, confirms the payment succeeded for the order's amount in IDR; never on the buyer's
return. Each callback is stored once (payments.events), so a replay changes nothing; a
callback that arrives out of order (a failure after the success) changes nothing either.
Money for an order that expired meanwhile waits in suspense for a refund, as for Stripe.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from marketplace.catalog.models import SiteSetting
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.navigation import external_url
from marketplace.orders import order_links
from marketplace.orders.models import Order, OrderStatus, PaymentMethod
from marketplace.orders.xendit_models import XenditPayment
from marketplace.payments import errors as payment_errors
from marketplace.payments import xendit

log = logging.getLogger(__name__)

SWITCHED_OFF_KEY = "payments.xendit.off"  # site_settings: channels an admin switched off
PENDING = ("NEW", "PENDING", "REQUIRES_ACTION")
_FEE_KINDS = {"qris": xendit.QR, "va": xendit.VA, "ewallet": xendit.EWALLET, "otc": xendit.OTC}


class CannotPay(DomainError):
    pass


@dataclass(frozen=True)
class Offer:
    """A channel the buyer may choose at checkout."""

    channel: xendit.Channel
    fits: bool  # the order's total is within what the channel takes


# -- what is offered -------------------------------------------------------------------------

def switched_off() -> set[str]:
    row = db.session.get(SiteSetting, SWITCHED_OFF_KEY)
    return set(filter(None, (row.value if row else "").split(",")))


def configured_channels() -> list[xendit.Channel]:
    """The channels this installation may offer (XENDIT_CHANNELS), in the adapter's order."""
    wanted = set(current_app.config.get("XENDIT_CHANNELS") or ())
    return [c for key, c in xendit.CHANNELS.items() if key in wanted]


def offered_channels() -> list[xendit.Channel]:
    """What checkout offers: Xendit configured, and the channels an admin left on."""
    if not xendit.is_enabled():
        return []
    off = switched_off()
    return [c for c in configured_channels() if c.key not in off]


def set_switched_off(channels: set[str]) -> None:
    """The admin's choice of channels to switch off (in the caller's transaction)."""
    value = ",".join(sorted(channels & set(xendit.CHANNELS)))
    row = db.session.get(SiteSetting, SWITCHED_OFF_KEY)
    if row is None:
        db.session.add(SiteSetting(key=SWITCHED_OFF_KEY, value=value))
    else:
        row.value = value


def fits(channel: xendit.Channel, amount_idr: int) -> bool:
    return channel.minimum_idr <= amount_idr <= channel.maximum_idr


# -- fees ------------------------------------------------------------------------------------

def fee_rules() -> dict[str, tuple[str, int]]:
    """XENDIT_FEES ("qris=0.7%,va=4000,...") as {kind: ("percent", basis points) or
    ("flat", rupiah)}; a malformed rule is a configuration error, raised at first use."""
    rules: dict[str, tuple[str, int]] = {}
    for part in str(current_app.config.get("XENDIT_FEES") or "").split(","):
        if not part.strip():
            continue
        name, _sep, value = part.partition("=")
        name, value = name.strip(), value.strip()
        percent = re.fullmatch(r"(\d{1,2})(?:\.(\d{1,2}))?%", value)
        if name not in _FEE_KINDS:
            raise ValueError(f"XENDIT_FEES: unknown method {name!r}")
        if percent:
            rules[_FEE_KINDS[name]] = ("percent", int(percent[1]) * 100
                                       + int((percent[2] or "0").ljust(2, "0")))
        elif re.fullmatch(r"\d{1,9}", value):
            rules[_FEE_KINDS[name]] = ("flat", int(value))
        else:
            raise ValueError(f"XENDIT_FEES: {part!r} is neither '0.7%' nor a whole rupiah fee")
    return rules


def fee_idr(channel: xendit.Channel, amount_idr: int) -> int:
    """Xendit's fee on a payment, rounded up to the rupiah (as its settlement report does)."""
    rule = fee_rules().get(channel.kind)
    if rule is None:
        return 0
    kind, value = rule
    return value if kind == "flat" else -(-amount_idr * value // 10_000)


# -- paying ----------------------------------------------------------------------------------

def payment_of(order: Order) -> XenditPayment | None:
    return db.session.scalar(sa.select(XenditPayment).where(XenditPayment.order_id == order.id))


def refundable(order: Order) -> bool:
    """Xendit can send the money of this order's payment back itself (QRIS, e-wallets)."""
    row = payment_of(order)
    return row is not None and xendit.CHANNELS[row.channel].refundable


def choose_channel(order: Order, channel: str) -> XenditPayment:
    """Remember the channel the buyer chose for a Xendit order (commits)."""
    if channel not in xendit.CHANNELS:
        raise CannotPay(_("Choose how you want to pay."))
    row = XenditPayment(order_id=order.id, channel=channel, amount_idr=order.total_idr,
                        status="NEW")
    db.session.add(row)
    db.session.commit()
    return row


def ensure_payment(order: Order) -> XenditPayment:
    """The order's Xendit payment, asked of Xendit the first time (an idempotency key per
    order, so a retry after a timeout gets the same payment, never a second one)."""
    row = payment_of(order)
    if order.payment_method != PaymentMethod.XENDIT or row is None:
        raise CannotPay(_("This order is not paid through Xendit."))
    if row.payment_request_id is not None or order.status != OrderStatus.AWAITING_PAYMENT:
        return row
    if not xendit.is_enabled():
        raise CannotPay(_("This way of paying is not available right now. Please try again "
                          "later."))
    asked = dict(
        channel=row.channel, reference=order.number, amount_idr=order.total_idr,
        expires_at=order.expires_at, customer_name=order.ship_recipient,
        return_url=external_url("orders.pay_by_xendit", number=order.number,
                                t=order_links.access_token(order)),
        idempotency_key=f"xendit-{order.number}", mobile_number=_mobile(order.ship_phone))
    number, row_id = order.number, row.id
    db.session.rollback()  # no transaction open while Xendit answers
    try:
        made = xendit.create_payment(**asked)
    except payment_errors.AmountOutOfRange:
        raise CannotPay(_("This amount cannot be paid this way.")) from None
    except (payment_errors.PaymentError, payment_errors.GatewayError):
        log.exception("Could not start a Xendit payment for %s", number)
        raise CannotPay(_("The payment could not be started. Please try again in a "
                          "moment.")) from None
    row = db.session.get(XenditPayment, row_id, populate_existing=True)
    if row.payment_request_id is None:
        row.payment_request_id = made.id
        row.status = made.status
        row.qr_string, row.account_number = made.qr_string, made.account_number
        row.payment_code, row.redirect_url = made.payment_code, made.redirect_url
        db.session.commit()
    return row


def _mobile(phone: str) -> str | None:
    """+62… as OVO wants it; None when the delivery phone is not Indonesian."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"+{digits}" if digits.startswith("62") and 10 <= len(digits) <= 15 else None


def pending_payment_status(order: Order) -> str:
    """For the pay page's automatic refresh: "paid", "waiting" or "closed"."""
    if order.status in (OrderStatus.PAID, OrderStatus.PARTLY_REFUNDED, OrderStatus.REFUNDED):
        return "paid"
    return "waiting" if order.status == OrderStatus.AWAITING_PAYMENT else "closed"
