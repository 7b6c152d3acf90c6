"""Mail goes out in the language the buyer used: kept on the order at checkout, so that the mail
an admin's or a seller's action sends later (paid, shipped, refunded) is in it too."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.extensions import db as _db
from marketplace.mail import OutboxMessage
from marketplace.orders import services
from tests.conftest import submit
from tests.factories import make_product, make_shop, make_user
from tests.orders.helpers import add, checkout, latest_order

ENGLISH = {
    "placed": ("Order {number} received", "Thank you for your order {number}"),
    "paid": ("Payment received for order {number}", "We have received IDR"),
    "shipped": ("Your parcel from Tenun Ina Belu is on its way", "tracking number JP-1234"),
}
INDONESIAN = {
    "placed": ("Pesanan {number} sudah kami terima", "Terima kasih atas pesanan {number}"),
    "paid": ("Pembayaran pesanan {number} sudah diterima", "Kami sudah menerima pembayaran Rp"),
    "shipped": ("Paket Anda dari Tenun Ina Belu sedang dalam perjalanan", "resi JP-1234"),
}


def _mail_to(address: str) -> list[OutboxMessage]:
    _db.session.expire_all()
    return list(_db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == address).order_by(OutboxMessage.id)))


def _buy_pay_and_ship(client, language: str | None):
    seller = make_user(email="penjual@contoh.id")
    shop = make_shop(name="Tenun Ina Belu", owner=seller)
    if language:
        client.get(f"/lang/{language}")
    add(client, make_product(shop, prices=(150_000,)).variants[0])
    assert checkout(client).status_code == 303
    order = latest_order()
    # The admin and the seller act later, in their own language (here: the store's default).
    services.confirm_bank_transfer(order, reference="BRI 0001", admin_id=None)
    _db.session.commit()
    services.ship(order.shipments[0], courier="JNE", tracking_number="JP-1234", actor_id=seller.id)
    return order


@pytest.mark.parametrize("language,expected,locale", [("en", ENGLISH, "en"),
                                                      ("id", INDONESIAN, "id"),
                                                      (None, INDONESIAN, "id")])
def test_buyer_mail_is_in_the_language_of_the_checkout(client, db, language, expected, locale):
    order = _buy_pay_and_ship(client, language)
    assert order.locale == locale
    mails = _mail_to(order.email)
    assert len(mails) == 3, [m.subject for m in mails]
    for mail, (subject, phrase) in zip(mails, expected.values(), strict=True):
        assert mail.subject == subject.format(number=order.number)
        assert phrase.format(number=order.number) in mail.body, mail.body
    # The seller's mail stays in the store's language, whoever bought.
    [seller_mail] = _mail_to("penjual@contoh.id")
    assert seller_mail.subject == f"Pesanan baru {order.number} sudah dibayar"


def test_an_english_order_page_in_indonesian_later_keeps_english_mail(client, db):
    seller = make_user(email="penjual@contoh.id")
    shop = make_shop(name="Tenun Ina Belu", owner=seller)
    client.get("/lang/en")
    add(client, make_product(shop, prices=(150_000,)).variants[0])
    checkout(client)
    client.get("/lang/id")  # the buyer switches afterwards: the order keeps its language
    order = latest_order()
    services.confirm_bank_transfer(order, reference="BRI 0001", admin_id=None)
    _db.session.commit()
    assert _mail_to(order.email)[-1].subject == f"Payment received for order {order.number}"


@pytest.mark.parametrize("language,subject", [("en", "Reset your Sentra password"),
                                              (None, "Atur ulang kata sandi Sentra Anda")])
def test_a_reset_mail_is_in_the_language_of_the_page_it_was_asked_from(client, db, language,
                                                                       subject):
    make_user(email="ina@contoh.id")
    if language:
        client.get(f"/lang/{language}")
    submit(client, "/account/reset", {"email": "ina@contoh.id"})
    [mail] = _mail_to("ina@contoh.id")
    assert mail.subject == subject
    assert re.search(r"http://localhost/account/reset/\S+", mail.body)


@pytest.mark.parametrize("language,subject", [("en", "Refund for order {number}"),
                                              ("id", "Pengembalian dana untuk pesanan {number}")])
def test_a_refund_mail_is_in_the_buyers_language(client, db, language, subject):
    from marketplace.orders import refunds

    seller = make_user(email="penjual@contoh.id")
    client.get(f"/lang/{language}")
    add(client, make_product(make_shop(owner=seller), prices=(150_000,)).variants[0])
    checkout(client)
    order = latest_order()
    services.confirm_bank_transfer(order, reference="BRI 0001", admin_id=None)
    _db.session.commit()
    refunds.refund(order, shipment_id=None, actor=None, reference="BRI 0002", reason="Stok habis")
    mail = _mail_to(order.email)[-1]
    assert mail.subject == subject.format(number=order.number)
    seller_mail = _mail_to("penjual@contoh.id")[-1]
    assert seller_mail.subject == f"Jangan kirim pesanan {order.number}"
