"""An order's payment through Xendit: the channel the buyer chose and what Xendit made for it
(a QRIS string, a virtual account number, a retail payment code or an e-wallet's page)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.timeutil import utcnow


class XenditPayment(db.Model):
    """One per order: made at checkout (before Xendit is asked, so that a failed call can be
    tried again with the same channel), filled in from Xendit's answer."""

    __tablename__ = "xendit_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"),
                                          unique=True)
    channel: Mapped[str] = mapped_column(sa.String(30))  # payments.xendit.CHANNELS' keys
    # Xendit's payment request ("pr-..."); None until Xendit has answered.
    payment_request_id: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    status: Mapped[str] = mapped_column(sa.String(30), default="NEW")  # Xendit's, or NEW
    amount_idr: Mapped[int] = mapped_column(sa.BigInteger)
    qr_string: Mapped[str | None] = mapped_column(sa.Text)
    account_number: Mapped[str | None] = mapped_column(sa.String(40))
    payment_code: Mapped[str | None] = mapped_column(sa.String(40))
    redirect_url: Mapped[str | None] = mapped_column(sa.String(2000))
    # The gateway's fee booked when the payment arrived (the settlement report confirms it).
    fee_idr: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column()

    order: Mapped[Order] = relationship()
