"""Messages with the seller: one thread per parcel, between its buyer (a guest too, through the
link in their mail) and its shop (its owner, or the staff of the centre that runs it); admins
read it only when Sentra has to decide about the parcel; length and rate are capped."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.aftersales.messages import ParcelMessage
from marketplace.aftersales.models import Complaint, ComplaintReason
from marketplace.catalog.models import Product
from marketplace.extensions import db
from marketplace.mail import OutboxMessage, send_pending
from marketplace.orders import services
from marketplace.orders.order_links import access_token
from tests.admin.helpers import make_admin, place, two_shop_products
from tests.centres.helpers import make_assisted_shop, make_centre, make_staff
from tests.conftest import submit
from tests.factories import PASSWORD, make_product, make_user


def logged_in(app, user):
    client = app.test_client()
    client.set_cookie("lang", "en")
    response = submit(client, "/account/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    return client


def paid_parcel(app, products):
    buyer, order = place(app, products)
    buyer.set_cookie("lang", "en")
    services.confirm_bank_transfer(order, reference="BRI 0001", admin_id=None)
    db.session.commit()
    return buyer, order, order.shipments[0]


def stored() -> list[ParcelMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ParcelMessage).order_by(ParcelMessage.id)))


def mails() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.body.contains("/messages")).order_by(OutboxMessage.id)))


def write(client, url: str, text: str):
    return submit(client, url, {"body": text})


@pytest.fixture
def parcel(app):
    tenun, madu = two_shop_products()
    buyer, order, shipment = paid_parcel(app, [tenun])
    return buyer, order, shipment, madu


def test_guest_buyer_and_seller_talk_and_each_is_told_by_mail(app, parcel, smtp_server):
    buyer, order, shipment, _madu = parcel
    url = f"/orders/{order.number}/parcels/{shipment.id}/messages"
    assert "Messages with the seller" in buyer.get(f"/orders/{order.number}").get_data(as_text=True)
    response = write(buyer, url, "Apakah bisa dikirim sebelum Jumat?\nTerima kasih.")
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    [message] = stored()
    assert (message.side, message.author_id) == ("buyer", None)
    [to_seller] = mails()[-1:]
    assert to_seller.recipient == "ina@contoh.id"
    seller_url = f"http://localhost/seller/parcels/{shipment.id}/messages"
    assert seller_url in to_seller.body and "Jumat" not in to_seller.body

    seller = logged_in(app, db.session.scalar(sa.select(User).where(User.email == "ina@contoh.id")))
    page = seller.get(seller_url.removeprefix("http://localhost")).get_data(as_text=True)
    assert "Apakah bisa dikirim sebelum Jumat?" in page
    assert "Order " + order.number in seller.get("/seller/messages").get_data(as_text=True)
    assert "Messages to answer" in seller.get("/seller/").get_data(as_text=True)
    response = write(seller, seller_url.removeprefix("http://localhost"), "Bisa, besok dikirim.")
    assert response.status_code == 303
    assert [m.side for m in stored()] == ["buyer", "shop"]
    to_buyer = mails()[-1]
    assert to_buyer.recipient == order.email
    link = re.search(r"http://localhost(/orders/\S+)", to_buyer.body).group(1)
    assert f"t={access_token(order)}" in link

    # The guest, in another browser, follows the link from the mail and answers.
    guest = app.test_client()
    guest.set_cookie("lang", "en")
    page = guest.get(link).get_data(as_text=True)
    assert "Bisa, besok dikirim." in page
    assert write(guest, link, "Baik, terima kasih!").status_code == 303
    assert [m.side for m in stored()] == ["buyer", "shop", "buyer"]
    send_pending()
    notices = [m for m in smtp_server.messages if "/messages" in m.get_content()]
    assert sorted(m["To"] for m in notices) == sorted(["ina@contoh.id", order.email, "ina@contoh.id"])


def test_who_may_not_read_or_write_a_thread(app, parcel):
    buyer, order, shipment, madu = parcel
    url = f"/orders/{order.number}/parcels/{shipment.id}/messages"
    seller_url = f"/seller/parcels/{shipment.id}/messages"
    write(buyer, url, "Halo")
    other_buyer = logged_in(app, make_user())
    other_seller = logged_in(app, madu.shop.owner)
    admin = logged_in(app, make_admin())
    anonymous = app.test_client()
    for client in (other_buyer, other_seller, admin, anonymous):
        assert client.get(url).status_code == 404
    forged = f"{url}?t={access_token(order)[:-2]}xx"
    assert anonymous.get(forged).status_code == 404
    assert anonymous.post(forged, data={"body": "palsu"}).status_code in (400, 404)
    for client in (other_buyer, other_seller, admin):
        assert client.get(seller_url).status_code == 404
    assert anonymous.get(seller_url).status_code in (302, 303)  # to the log-in
    # A parcel of another order, under this order's number, is not found either.
    _buyer2, order2, shipment2 = paid_parcel(app, [madu])
    assert buyer.get(f"/orders/{order.number}/parcels/{shipment2.id}/messages").status_code == 404
    assert [m.body for m in stored()] == ["Halo"]


def test_an_admin_reads_a_disputed_parcels_thread_and_cannot_write(app, parcel):
    buyer, order, shipment, _madu = parcel
    url = f"/orders/{order.number}/parcels/{shipment.id}/messages"
    write(buyer, url, "Kainnya <b>sobek</b> <script>alert(1)</script>")
    admin = logged_in(app, make_admin())
    assert admin.get(url).status_code == 404  # nothing to decide: none of the admin's business
    complaint = Complaint(shipment_id=shipment.id, order_id=order.id,
                          reason=ComplaintReason.DAMAGED, description="Sobek")
    db.session.add(complaint)
    db.session.commit()
    page = admin.get(url).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "you cannot write in it" in page and 'name="body"' not in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = admin.post(url, data={"csrf_token": token, "body": "Admin di sini"})
    assert refused.status_code == 403
    assert len(stored()) == 1
    # The admin's complaint screen shows it too.
    screen = admin.get(f"/admin/complaints/{complaint.id}").get_data(as_text=True)
    assert "&lt;b&gt;sobek&lt;/b&gt;" in screen
    assert url in admin.get(f"/admin/orders/{order.number}").get_data(as_text=True)


def test_centre_staff_answer_for_the_assisted_shop_and_other_staff_cannot(app):
    centre = make_centre()
    staff = make_staff(centre)
    shop = make_assisted_shop(centre)
    product = make_product(shop, name="Sarung Mama Yuliana")
    buyer, order, shipment = paid_parcel(app, [product])
    write(buyer, f"/orders/{order.number}/parcels/{shipment.id}/messages", "Warna merah ada?")
    assert staff.email in [m.recipient for m in mails()]
    helper = logged_in(app, staff)
    url = f"/seller/parcels/{shipment.id}/messages"
    assert "Warna merah ada?" in helper.get(url).get_data(as_text=True)
    assert write(helper, url, "Ada, Kak.").status_code == 303
    answer = stored()[-1]
    assert (answer.side, answer.author_id) == ("centre", staff.id)
    assert "its centre" in buyer.get(
        f"/orders/{order.number}/parcels/{shipment.id}/messages").get_data(as_text=True)
    stranger = logged_in(app, make_staff(make_centre(name="Sentra Lain")))
    assert stranger.get(url).status_code == 404


def test_empty_too_long_and_too_many_messages_are_refused_and_nothing_is_stored(app, parcel):
    buyer, order, shipment, _madu = parcel
    url = f"/orders/{order.number}/parcels/{shipment.id}/messages"
    app.config["MESSAGE_LIMIT"] = "2 per minute"  # refusals below do not count
    for text in ("", "   \n  "):
        response = write(buyer, url, text)
        assert response.status_code == 400
        assert "Write a message first." in response.get_data(as_text=True)
    response = write(buyer, url, "x" * 2001)
    assert response.status_code == 400
    assert "at most 2,000 characters; yours has 2,001" in response.get_data(as_text=True)
    assert stored() == []
    assert write(buyer, url, "y" * 2000).status_code == 303
    assert write(buyer, url, "kedua").status_code == 303
    response = write(buyer, url, "ketiga")
    assert response.status_code == 429
    assert "many messages in a short time" in response.get_data(as_text=True)
    assert len(stored()) == 2
    # No thread before the order is paid, and a form without its token changes nothing.
    product = db.session.get(Product, stored()[0].shipment_id and shipment.lines[0].product_id)
    unpaid_buyer, unpaid = place(app, [product])
    assert unpaid_buyer.get(
        f"/orders/{unpaid.number}/parcels/{unpaid.shipments[0].id}/messages").status_code == 404
    assert buyer.post(url, data={"body": "tanpa token"}).status_code == 400
    assert len(stored()) == 2


def test_several_messages_in_a_row_make_one_mail(app, parcel):
    buyer, order, shipment, _madu = parcel
    url = f"/orders/{order.number}/parcels/{shipment.id}/messages"
    for text in ("Halo", "Satu lagi", "Dan satu lagi"):
        assert write(buyer, url, text).status_code == 303
    assert [m.recipient for m in mails()] == ["ina@contoh.id"]
    seller = logged_in(app, db.session.scalar(sa.select(User).where(User.email == "ina@contoh.id")))
    write(seller, f"/seller/parcels/{shipment.id}/messages", "Ya?")
    write(buyer, url, "Kapan dikirim?")
    assert [m.recipient for m in mails()] == ["ina@contoh.id", order.email, "ina@contoh.id"]
