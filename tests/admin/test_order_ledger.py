"""The admin's order page shows where the order's money is in the ledger: held per parcel,
commission on release, refunds; read-only."""
from __future__ import annotations

import re

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.aftersales import escrow
from marketplace.ledger.models import AccountCode, LedgerAccount, LedgerEntry, LedgerTransaction
from marketplace.money import format_idr
from tests.admin.helpers import (
    confirm_on_its_page,
    make_admin,
    paid_by_transfer,
    place,
    two_shop_products,
)
from tests.conftest import submit
from tests.ledger.helpers import ship_and_deliver


def shipment_paid_idr(shipment) -> int:
    return shipment.parcel_money.paid_idr


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _part(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(?:tbody|p)>', page, re.S)
    assert match, testid
    return _text(match.group(1))


def idr(amount: int) -> str:
    return format_idr(amount, "en")


def test_the_order_page_shows_held_released_commission_and_refunded(client, login_as, app):
    tenun, madu = two_shop_products()
    order = paid_by_transfer(app, [tenun, madu])
    weaving, honey = sorted(order.shipments, key=lambda s: s.shop_name != "Tenun Ina Boi")
    login_as(make_admin())
    url = f"/admin/orders/{order.number}"

    page = client.get(url).get_data(as_text=True)
    assert f"Held in escrow now: {idr(shipment_paid_idr(weaving))}" in _part(page, f"held-{weaving.id}")
    payment = _part(page, "ledger-payment")
    assert "Held for sellers until receipt" in payment and "Tenun Ina Boi" in payment
    assert f"+{idr(shipment_paid_idr(honey))}" in payment and f"+{idr(order.total_idr)}" in payment

    escrow.confirm_receipt(ship_and_deliver(weaving), user_id=None)
    commission = -int(db.session.scalar(
        sa.select(sa.func.sum(LedgerEntry.amount_idr))
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .where(LedgerAccount.code == AccountCode.COMMISSION)))
    assert commission > 0
    response = submit(client, f"{url}/refund", {"shipment": str(honey.id), "reference": "BRI 9",
                                                "reason": "Stok habis"}, form_url=url)
    assert confirm_on_its_page(client, f"{url}/refund", response).status_code == 303

    page = client.get(url).get_data(as_text=True)
    assert "Held in escrow now: IDR0" in _part(page, f"held-{weaving.id}")
    assert "Held in escrow now: IDR0" in _part(page, f"held-{honey.id}")
    release = _part(page, "ledger-release")
    assert "Commission earned" in release and f"+{idr(commission)}" in release
    assert f"-{idr(shipment_paid_idr(weaving))}" in release  # out of what was held
    refund = _part(page, "ledger-refund")
    assert "Madu Kapuas" in refund and f"-{idr(shipment_paid_idr(honey))}" in refund
    assert f"Commission taken: {idr(commission)}" in _text(page)


def test_an_unpaid_order_has_nothing_in_the_ledger(client, login_as, app):
    tenun, _ = two_shop_products()
    _, order = place(app, [tenun])
    login_as(make_admin())
    page = client.get(f"/admin/orders/{order.number}").get_data(as_text=True)
    assert "Nothing in the ledger yet" in page and "held-" not in page


def test_the_page_changes_nothing_and_reads_in_few_statements(client, login_as, app, count_queries):
    tenun, madu = two_shop_products()
    order = paid_by_transfer(app, [tenun, madu])
    login_as(make_admin())
    before = db.session.scalar(sa.select(sa.func.count(LedgerTransaction.id)))
    with count_queries() as counter:
        assert client.get(f"/admin/orders/{order.number}").status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(LedgerTransaction.id))) == before
    first = counter.count
    escrow.confirm_receipt(ship_and_deliver(order.shipments[0]), user_id=None)
    with count_queries() as counter:
        client.get(f"/admin/orders/{order.number}")
    assert counter.count == first  # more transactions, the same statements
