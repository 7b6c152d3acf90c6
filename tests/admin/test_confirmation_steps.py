"""Money moves only after the admin has seen the amount: a transfer confirmation and a refund
each show a confirmation page first (plain forms: no JavaScript needed). A transfer records
the amount that arrived and refuses one that differs from the order's, unless the admin gives
a reason, which the audit log and the order's history keep."""
import re

import pytest
import sqlalchemy as sa

from marketplace.orders.models import Refund
from marketplace.extensions import db as _db
from marketplace.money import format_idr
from marketplace.orders import services
from marketplace.orders.models import OrderStatus, StatusChange
from tests.admin.helpers import (
    audit_entries,
    before_after,
    confirm_on_its_page,
    make_admin,
    paid_by_transfer,
    place,
    two_shop_products,
)
from tests.conftest import submit
from tests.orders.helpers import latest_order

TRANSFERS = "/admin/bank-transfers"


def confirm_url(order) -> str:
    return f"{TRANSFERS}/{order.number}/confirm"


def first_step(client, order, **data):
    return submit(client, confirm_url(order), {"reference": "BRI 123456", **data},
                  form_url=TRANSFERS)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def nothing_changed(order) -> bool:
    return latest_order().status == OrderStatus.AWAITING_PAYMENT and audit_entries() == []


@pytest.mark.parametrize("written", ["{rp}", "{plain}", "Rp {plain}", "{digits}"])
def test_a_transfer_is_confirmed_on_a_page_that_shows_the_amount_received(
        client, db, login_as, app, written):
    tenun, _ = two_shop_products()
    _, order = place(app, [tenun])
    login_as(make_admin())
    total = order.total_idr
    typed = written.format(rp=format_idr(total, "en").replace("IDR", "Rp"),
                           plain=f"{total:,}".replace(",", "."), digits=str(total))

    response = first_step(client, order, received=typed)
    assert response.status_code == 200
    page = text(response)
    assert order.number in page and format_idr(total, "en") in page and "BRI 123456" in page
    assert "Yes, mark it as paid" in page
    assert nothing_changed(order)

    response = confirm_on_its_page(client, confirm_url(order), response)
    assert response.status_code == 303
    order = latest_order()
    assert order.status == OrderStatus.PAID and order.amount_received_idr == total
    [entry] = audit_entries("order.confirm_transfer")
    before, after = before_after(entry)
    assert (before["amount_received_idr"], after["amount_received_idr"]) == (None, total)
    assert entry.reason == ""


def test_a_different_amount_is_refused_unless_the_admin_gives_a_reason(client, db, login_as, app):
    tenun, _ = two_shop_products()
    _, order = place(app, [tenun])
    login_as(make_admin())
    short = order.total_idr - order.unique_code_idr  # the buyer left the unique code out

    response = first_step(client, order, received=str(short))
    assert response.status_code == 400
    page = text(response)
    assert format_idr(short, "en") in page and format_idr(order.total_idr, "en") in page
    assert format_idr(order.unique_code_idr, "en") + " less" in page
    assert "Yes, mark it as paid" not in page and nothing_changed(order)

    # Sent with the confirmation's fields but no reason (a forged or stale form): refused too.
    response = client.post(confirm_url(order), data={
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                response.get_data(as_text=True)).group(1),
        "reference": "BRI 123456", "received": str(short), "confirmed": "yes"})
    assert response.status_code == 400 and nothing_changed(order)

    reason = "Pembeli lupa menambahkan kode unik; selisih ditanggung Sentra"
    response = first_step(client, order, received=str(short), reason=reason)
    assert response.status_code == 200 and reason in text(response)
    assert confirm_on_its_page(client, confirm_url(order), response).status_code == 303
    order = latest_order()
    assert order.status == OrderStatus.PAID and order.amount_received_idr == short
    file = client.get(f"/admin/orders/{order.number}").get_data(as_text=True)
    assert f'data-testid="amount-received">{format_idr(short, "en")}<' in file
    [entry] = audit_entries("order.confirm_transfer")
    assert entry.reason == reason and before_after(entry)[1]["amount_received_idr"] == short
    note = _db.session.scalar(sa.select(StatusChange.note).where(
        StatusChange.order_id == order.id, StatusChange.to_status == "paid"))
    assert str(short) in note and reason[:40] in note


@pytest.mark.parametrize("received", ["", "abc", "-150000", "1.5", "Rp", "150000000000000000"])
def test_an_amount_that_cannot_be_read_is_a_form_error(client, db, login_as, app, received):
    tenun, _ = two_shop_products()
    _, order = place(app, [tenun])
    login_as(make_admin())
    response = first_step(client, order, received=received)
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert nothing_changed(order)


def test_the_service_refuses_a_mismatch_without_a_reason(db, app):
    tenun, _ = two_shop_products()
    _, order = place(app, [tenun])
    with pytest.raises(services.AmountMismatch):
        services.confirm_bank_transfer(order, reference="BRI 1", admin_id=None,
                                       received_idr=order.total_idr + 1000)
    _db.session.rollback()
    assert latest_order().status == OrderStatus.AWAITING_PAYMENT


def refunds_made() -> list[Refund]:
    _db.session.expire_all()
    return list(_db.session.scalars(sa.select(Refund)))


def test_a_refund_is_made_only_from_its_confirmation_page(client, db, login_as, app):
    tenun, madu = two_shop_products()
    order = paid_by_transfer(app, [tenun, madu])
    login_as(make_admin())
    page_url = f"/admin/orders/{order.number}"
    parcel = next(s for s in order.shipments if s.shop_id == tenun.shop_id)
    amount = parcel.subtotal_idr + parcel.shipping_idr

    response = submit(client, f"{page_url}/refund", {"shipment": parcel.id,
                                                     "reference": "BRI 998877",
                                                     "reason": "Stok habis"}, form_url=page_url)
    assert response.status_code == 200
    page = text(response)
    assert f"Yes, refund {format_idr(amount, 'en')}" in page
    assert "Tenun Ina Boi" in page and "BRI 998877" in page and "Stok habis" in page
    assert refunds_made() == [] and audit_entries() == []

    # The whole order's refund, confirmed after this parcel was refunded: the amount on that
    # page is no longer what it would refund, so nothing happens.
    whole = submit(client, f"{page_url}/refund", {"reference": "BRI 1"}, form_url=page_url)
    assert whole.status_code == 200 and format_idr(order.total_idr, "en") in text(whole)
    assert confirm_on_its_page(client, f"{page_url}/refund", response).status_code == 303
    [made] = refunds_made()
    assert made.amount_idr == amount and made.reference == "BRI 998877"

    stale = confirm_on_its_page(client, f"{page_url}/refund", whole)
    assert stale.status_code == 303
    assert len(refunds_made()) == 1
    assert "changed" in client.get(stale.headers["Location"]).get_data(as_text=True)
    assert latest_order().status == OrderStatus.PARTLY_REFUNDED


def test_a_complaint_refund_is_decided_on_a_page_that_shows_its_amount(client, db, login_as, app):
    from marketplace.aftersales.models import Complaint, ComplaintStatus
    from tests.ledger.helpers import ship_and_deliver

    tenun, _ = two_shop_products()
    order = paid_by_transfer(app, [tenun])
    parcel = ship_and_deliver(order.shipments[0])
    complaint = Complaint(shipment_id=parcel.id, order_id=order.id, reason="damaged",
                          description="Kain sobek")
    _db.session.add(complaint)
    _db.session.commit()
    login_as(make_admin())
    url = f"/admin/complaints/{complaint.id}"
    response = submit(client, f"{url}/decide", {"outcome": "partial", "amount": "Rp 100.000",
                                                "reference": "BRI 5566", "reason": "Rusak"},
                      form_url=url)
    assert response.status_code == 200
    assert "Yes, refund IDR100,000" in text(response) and "BRI 5566" in text(response)
    assert refunds_made() == [] and audit_entries() == []
    assert confirm_on_its_page(client, f"{url}/decide", response).status_code == 303
    _db.session.expire_all()
    decided = _db.session.get(Complaint, complaint.id)
    assert (decided.status, decided.refund_idr) == (ComplaintStatus.PARTLY_REFUNDED, 100_000)
    [made] = refunds_made()
    assert made.amount_idr == 100_000
