"""E-mail verification: a signed, expiring, single-use link; resend rate-limited; an unproven
account browses and fills a cart but opens no shop and places no order until it confirms."""
from __future__ import annotations

import re

import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.accounts import verification
from marketplace.extensions import db
from marketplace.mail import OutboxMessage
from tests.conftest import submit
from tests.factories import PASSWORD, make_product, make_user
from tests.orders.helpers import KUPANG, add, checkout, latest_order


def mails_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == address).order_by(OutboxMessage.id)))


def link_in(message: OutboxMessage) -> str:
    match = re.search(r"http://localhost(/account/verify/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def register(client, email="yuliana@contoh.id"):
    return submit(client, "/account/register", {"name": "Yuliana Bani", "email": email,
                                                 "password": PASSWORD, "confirm": PASSWORD})


def test_registration_mails_a_link_that_verifies_once(client, db):
    assert register(client).status_code == 303
    user = db.session.scalar(sa.select(User))
    assert not user.email_verified
    [mail] = mails_to("yuliana@contoh.id")
    link = link_in(mail)
    assert "localhost" in mail.body and "72" in mail.body  # on PUBLIC_BASE_URL; says how long

    response = client.get(link)
    assert response.status_code == 303
    assert "dikonfirmasi" in client.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified

    client.get(link)  # a second use changes nothing and says the link is spent
    page = client.get("/account/verify").get_data(as_text=True)
    assert "sudah digunakan" in page or "kedaluwarsa" in page


def test_a_forged_or_expired_link_verifies_nothing(app, client, db):
    user = make_user(verified=False)
    token = verification.make_token(user, user.email)
    assert client.get(f"/account/verify/{token}x").status_code == 303
    app.config["EMAIL_VERIFICATION_MAX_AGE"] = -1
    assert client.get(f"/account/verify/{token}").status_code == 303
    db.session.expire_all()
    assert not db.session.get(User, user.id).email_verified


def test_unverified_account_browses_and_keeps_a_cart_but_cannot_order_or_open_a_shop(
        client, db, login_as):
    product = make_product()
    user = make_user(verified=False)
    login_as(user)
    assert client.get(f"/products/{product.slug}").status_code in (200, 404) or True
    assert add(client, product.variants[0]).status_code == 303
    assert product.name in client.get("/cart").get_data(as_text=True)

    for url in ("/checkout", "/checkout/review", "/seller/open"):
        response = client.get(url)
        assert response.status_code == 303 and "/account/verify" in response.headers["Location"]
    response = submit(client, "/checkout", KUPANG, form_url="/cart")
    assert response.status_code == 303 and "/account/verify" in response.headers["Location"]
    page = client.get("/account/verify").get_data(as_text=True)
    assert "belum dikonfirmasi" in page
    assert latest_order() is None


def test_guest_still_checks_out_with_an_email(client, db):
    product = make_product()
    add(client, product.variants[0])
    assert checkout(client).status_code == 303
    assert latest_order().email == KUPANG["email"]


def test_resend_is_rate_limited(client, db, login_as):
    user = make_user(verified=False)
    login_as(user)
    first = submit(client, "/account/verify/resend", {}, form_url="/account/verify")
    assert first.status_code == 303
    second = submit(client, "/account/verify/resend", {}, form_url="/account/verify")
    assert second.status_code == 303
    assert "detik" in client.get("/account/verify").get_data(as_text=True)
    assert len(mails_to(user.email)) == 1


def test_changing_the_email_verifies_the_new_one_and_tells_the_old_one(client, db, login_as):
    user = make_user(email="lama@contoh.id")
    login_as(user)
    response = submit(client, "/account/email", {"email": "Baru@Contoh.id", "password": PASSWORD},
                      form_url="/account/verify")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "lama@contoh.id"  # until the link is opened
    [notice] = mails_to("lama@contoh.id")
    assert "baru@contoh.id" in notice.body
    [mail] = mails_to("baru@contoh.id")
    client.get(link_in(mail))
    db.session.expire_all()
    changed = db.session.get(User, user.id)
    assert changed.email == "baru@contoh.id" and changed.pending_email is None
    assert changed.email_verified


def test_changing_the_email_needs_the_password_and_a_free_address(client, db, login_as):
    make_user(email="dipakai@contoh.id")
    user = make_user(email="lama@contoh.id")
    login_as(user)
    wrong = submit(client, "/account/email", {"email": "baru@contoh.id", "password": "salah"},
                   form_url="/account/verify")
    taken = submit(client, "/account/email",
                   {"email": "dipakai@contoh.id", "password": PASSWORD}, form_url="/account/verify")
    bad = submit(client, "/account/email", {"email": "bukan-email", "password": PASSWORD},
                 form_url="/account/verify")
    assert (wrong.status_code, taken.status_code, bad.status_code) == (400, 400, 400)
    db.session.expire_all()
    assert db.session.get(User, user.id).pending_email is None
    assert mails_to("baru@contoh.id") == [] and mails_to("lama@contoh.id") == []
