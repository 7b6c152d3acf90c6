"""What can go wrong with a payment, as the rest of Sentra sees it: never a `stripe` type.

PaymentError        Stripe refused the request (bad parameters, a refund larger than what
                    is left, an idempotency key reused with other parameters...).
  PaymentDeclined   the card or bank said no.
  AmountOutOfRange  refused before calling Stripe: below our minimum, or above 12 digits.
GatewayError        Stripe could not be reached or answered something unexpected; the same
                    call may work later. Also a missing configuration.
InvalidWebhook      a webhook whose signature, age or body cannot be trusted.
"""
from __future__ import annotations

from marketplace.money import format_idr


class PaymentError(Exception):
    """Stripe refused the request. `code` is Stripe's error code when it gave one."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class PaymentDeclined(PaymentError):
    pass


class AmountOutOfRange(PaymentError):
    """The amount cannot be paid by card; `too_small` tells which end was crossed."""

    def __init__(self, amount_idr: int, *, minimum_idr: int, too_small: bool) -> None:
        if too_small:
            message = (f"Card payments must be at least {format_idr(minimum_idr)}; "
                       f"this one is {format_idr(amount_idr)}.")
        else:
            message = (f"{format_idr(amount_idr)} is more than Stripe accepts in one IDR payment "
                       "(12 digits in its minor units).")
        super().__init__(message, code="amount_too_small" if too_small else "amount_too_large")
        self.amount_idr = amount_idr
        self.minimum_idr = minimum_idr
        self.too_small = too_small


class GatewayError(Exception):
    pass


class InvalidWebhook(Exception):
    pass
