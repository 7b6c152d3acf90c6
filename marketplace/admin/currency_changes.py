"""An admin's changes to the display currencies, each recorded in the audit log in the same
transaction. The rules (codes, rates, conversion) are the catalogue's: catalog.currencies."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.admin import audit
from marketplace.catalog import currencies
from marketplace.catalog.display_models import ExchangeRate
from marketplace.extensions import db


def _snapshot(rate: ExchangeRate) -> dict:
    return audit.snapshot(rate, *currencies.AUDITED_FIELDS)


def set_rate(rate: ExchangeRate, text: str | int, *, actor, ip_address: str = "") -> ExchangeRate:
    before = _snapshot(rate)
    currencies.set_rate(rate, text, actor_id=getattr(actor, "id", None))
    audit.record(actor, "currency.set_rate", "exchange_rate", rate.currency, before=before,
                 after=_snapshot(rate), ip_address=ip_address)
    db.session.commit()
    return rate


def add_currency(code: str, text: str | int, *, actor, ip_address: str = "") -> ExchangeRate:
    rate = currencies.add_currency(code, text, actor_id=getattr(actor, "id", None))
    audit.record(actor, "currency.add", "exchange_rate", rate.currency, after=_snapshot(rate),
                 ip_address=ip_address)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # another admin added it at the same moment
        db.session.rollback()
        raise currencies.AlreadyListed(rate.currency) from None
    return rate


def remove_currency(rate: ExchangeRate, *, actor, ip_address: str = "") -> None:
    code, before = rate.currency, _snapshot(rate)
    currencies.remove_currency(rate)
    audit.record(actor, "currency.remove", "exchange_rate", code, before=before,
                 ip_address=ip_address)
    db.session.commit()
