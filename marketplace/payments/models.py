"""What payments keep in the database: the ids of the webhook events already handled."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db
from marketplace.timeutil import utcnow


class ProcessedWebhookEvent(db.Model):
    """A Stripe event that changed something: delivered again (Stripe retries, replays and
    sends out of order), it is recognised by its id and changes nothing."""

    __tablename__ = "processed_webhook_events"

    id: Mapped[str] = mapped_column(sa.String(255), primary_key=True)  # Stripe's "evt_..."
    type: Mapped[str] = mapped_column(sa.String(100))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
