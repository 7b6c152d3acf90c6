"""Complaints: the buyer complains with photos within the window, the seller answers, an admin
decides; the parcel's money waits meanwhile."""
import io
from datetime import timedelta

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.aftersales import escrow
from marketplace.aftersales.models import Complaint, ComplaintStatus
from marketplace.ledger.models import AccountCode
from marketplace.ledger.book import balance
from marketplace.orders.models import Shipment, ShipmentStatus
from tests.admin.helpers import (
    audit_entries,
    confirm_on_its_page,
    make_admin,
    paid_by_card,
    place,
    two_shop_products,
)
from tests.conftest import submit
from tests.factories import photo_bytes
from tests.ledger.helpers import balances, ship_and_deliver, unbalanced_transactions
from marketplace.orders import services


def delivered_by_transfer(app, products):
    buyer, order = place(app, products)
    services.confirm_bank_transfer(order, reference="BRI 0001", admin_id=None)
    db.session.commit()
    parcel = ship_and_deliver(order.shipments[0])
    return buyer, order, parcel


def complain(buyer, order, parcel, **data):
    url = f"/orders/{order.number}/parcels/{parcel.id}/complaint"
    fields = {"reason": "damaged", "description": "Kain sobek di ujung.", **data}
    return submit(buyer, url, fields, content_type="multipart/form-data")


def test_buyer_complains_seller_answers_admin_refunds_part(app, client, login_as):
    tenun, _ = two_shop_products()
    buyer, order, parcel = delivered_by_transfer(app, [tenun])
    page = buyer.get(f"/orders/{order.number}").get_data(as_text=True)
    assert "complaint" in page
    response = complain(buyer, order, parcel,
                        photos=[(io.BytesIO(photo_bytes()), "sobek.jpg")])
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    complaint = db.session.scalar(sa.select(Complaint))
    assert complaint.status == ComplaintStatus.OPEN and len(complaint.photos) == 1
    # release waits while the complaint is open
    later = parcel.delivered_at + timedelta(days=30)
    assert escrow.auto_complete(later) == ([], [parcel.id])

    seller = app.test_client()
    from tests.conftest import submit as post_form
    from tests.factories import PASSWORD

    post_form(seller, "/account/login", {"email": "ina@contoh.id", "password": PASSWORD})
    assert "Kain sobek" in seller.get("/seller/complaints").get_data(as_text=True)
    post_form(seller, f"/seller/complaints/{complaint.id}/answer",
              {"answer": "Maaf, kami ganti separuh."}, form_url="/seller/complaints")
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).seller_answer == "Maaf, kami ganti separuh."

    held = balances(tenun.shop_id)["held"]
    login_as(make_admin())
    url = f"/admin/complaints/{complaint.id}"
    response = submit(client, f"{url}/decide", {"outcome": "partial", "amount": "100.000",
                                                "reference": "BRI 5566", "reason": "Rusak"},
                      form_url=url)
    response = confirm_on_its_page(client, f"{url}/decide", response)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    complaint = db.session.get(Complaint, complaint.id)
    assert (complaint.status, complaint.refund_idr) == (ComplaintStatus.PARTLY_REFUNDED, 100_000)
    assert db.session.get(Shipment, parcel.id).status == ShipmentStatus.COMPLETED
    kept = held - 100_000
    fee = parcel.commission_idr * kept // held
    assert balances(tenun.shop_id) == {"held": 0, "available": kept - fee, "payout": 0}
    assert [e.action for e in audit_entries()][-1] == "complaint.decide"
    assert unbalanced_transactions() == []


def test_full_refund_by_card_from_the_held_money(app, client, login_as, fake_stripe):
    tenun, _ = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun])
    parcel = ship_and_deliver(order.shipments[0])
    complaint = Complaint(shipment_id=parcel.id, order_id=order.id, reason="not_received",
                          description="Belum sampai")
    db.session.add(complaint)
    db.session.commit()
    login_as(make_admin())
    url = f"/admin/complaints/{complaint.id}"
    response = submit(client, f"{url}/decide", {"outcome": "refund"}, form_url=url)
    assert confirm_on_its_page(client, f"{url}/decide", response).status_code == 303
    assert balances(tenun.shop_id) == {"held": 0, "available": 0, "payout": 0}
    assert balance(AccountCode.CASH) == 0 and balance(AccountCode.COMMISSION) == 0
    assert fake_stripe.refunds  # the card was refunded


def test_release_decision_pays_the_seller(app, client, login_as):
    tenun, _ = two_shop_products()
    _, order, parcel = delivered_by_transfer(app, [tenun])
    complaint = Complaint(shipment_id=parcel.id, order_id=order.id, reason="wrong_item",
                          description="Motif lain")
    db.session.add(complaint)
    db.session.commit()
    login_as(make_admin())
    url = f"/admin/complaints/{complaint.id}"
    # a partial refund above what is held is refused, nothing changes
    response = submit(client, f"{url}/decide", {"outcome": "partial", "amount": "99.000.000",
                                                "reference": "x"}, form_url=url)
    assert response.status_code == 422
    assert balances(tenun.shop_id)["held"] > 0
    assert submit(client, f"{url}/decide", {"outcome": "release"}, form_url=url).status_code == 303
    assert balances(tenun.shop_id)["available"] > 0
    assert submit(client, f"{url}/decide", {"outcome": "release"}, form_url=url).status_code == 422


def test_complaints_only_within_the_window_and_once(app):
    tenun, madu = two_shop_products()
    buyer, order, parcel = delivered_by_transfer(app, [tenun])
    db.session.get(Shipment, parcel.id).delivered_at -= timedelta(days=app.config["COMPLAINT_WINDOW_DAYS"] + 1)
    db.session.commit()
    url = f"/orders/{order.number}/parcels/{parcel.id}/complaint"
    assert buyer.get(url).status_code == 303  # sent back to the order: too late
    assert f"/parcels/{parcel.id}/complaint" not in buyer.get(f"/orders/{order.number}").get_data(as_text=True)
    response = submit(buyer, url, {"reason": "damaged", "description": "x"},
                      form_url=f"/orders/{order.number}")
    assert response.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(Complaint.id))) == 0
    # within the window: once, and only by its buyer
    buyer2, order2, parcel2 = delivered_by_transfer(app, [madu])
    assert buyer.get(f"/orders/{order2.number}/parcels/{parcel2.id}/complaint").status_code == 404
    assert complain(buyer2, order2, parcel2).status_code == 303
    assert buyer2.get(f"/orders/{order2.number}/parcels/{parcel2.id}/complaint").status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(Complaint.id))) == 1



def test_a_bad_photo_is_refused_with_a_message(app):
    tenun, _ = two_shop_products()
    buyer, order, parcel = delivered_by_transfer(app, [tenun])
    response = complain(buyer, order, parcel, photos=[(io.BytesIO(b"not an image"), "x.jpg")])
    assert response.status_code == 422
    assert "JPEG" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Complaint.id))) == 0


def test_another_shop_cannot_answer_a_complaint_it_does_not_owe(app, client):
    """The other shop's seller is told the complaint does not exist, and nothing is written."""
    tenun, _ = two_shop_products()
    buyer, order, parcel = delivered_by_transfer(app, [tenun])
    complain(buyer, order, parcel)
    complaint = db.session.scalar(sa.select(Complaint))
    from tests.factories import PASSWORD

    submit(client, "/account/login", {"email": "madu@contoh.id", "password": PASSWORD})
    assert "Kain sobek" not in client.get("/seller/complaints").get_data(as_text=True)
    response = submit(client, f"/seller/complaints/{complaint.id}/answer",
                      {"answer": "Bukan urusan saya."}, form_url="/seller/complaints")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).seller_answer in (None, "")
