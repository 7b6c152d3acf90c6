"""The first payout is no dead end: a shop's first bank account is not a change and holds
nothing; a change of an existing account holds payouts for review, and an admin who has
checked it may release the hold early, with a reason, in the audit log."""
from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from marketplace.admin.models import AuditEntry
from marketplace.catalog.models import Shop
from marketplace.extensions import db
from marketplace.ledger import payouts
from marketplace.ledger.models import Payout
from marketplace.timeutil import utcnow
from tests.admin.helpers import audit_entries, before_after, make_admin, two_shop_products
from tests.conftest import csrf_token, submit
from tests.factories import PASSWORD, make_user
from tests.ledger.helpers import released_balance, with_bank_account

SHOP_FORM = {"name": "Tenun Ina Boi", "story": "", "region": "Nusa Tenggara Timur / Belu",
             "cooperative": "", "whatsapp": "0812-3456-7890", "bank_name": "Bank NTT",
             "bank_account_holder": "Ina Boi", "bank_account_number": "0012345678",
             "is_pkp": ""}


def log_in(app, email):
    client = app.test_client()
    client.set_cookie("lang", "en")
    assert submit(client, "/account/login", {"email": email, "password": PASSWORD}
                  ).status_code == 303
    return client


def status(shop_id: int) -> str:
    db.session.expire_all()
    return {c.shop.id: c.status for c in payouts.candidates()}[shop_id]


def shop(shop_id: int) -> Shop:
    db.session.expire_all()
    return db.session.get(Shop, shop_id)


def held_shop(app):
    """Tenun Ina Boi with money to pay out and a bank account changed yesterday."""
    tenun, _ = two_shop_products()
    released_balance(app, [tenun])
    with_bank_account(tenun.shop_id, changed_days_ago=60)
    seller = log_in(app, "ina@contoh.id")
    response = submit(seller, "/seller/shop", {**SHOP_FORM, "bank_account_number": "9988776655"})
    assert response.status_code == 303
    assert status(tenun.shop_id) == payouts.BANK_CHANGED
    return shop(tenun.shop_id)


def test_a_shops_first_account_is_payable_at_once(app):
    tenun, _ = two_shop_products()  # shops made without a bank account
    released_balance(app, [tenun])
    assert status(tenun.shop_id) == payouts.NO_BANK_ACCOUNT
    seller = log_in(app, "ina@contoh.id")
    assert submit(seller, "/seller/shop", SHOP_FORM).status_code == 303
    assert shop(tenun.shop_id).bank_account_number == "0012345678"
    assert status(tenun.shop_id) == payouts.READY
    assert payouts.build_batch(actor_id=None) is not None


def test_a_shop_opened_with_its_account_is_not_held(app):
    make_user(email="yuliana@contoh.id")
    newcomer = log_in(app, "yuliana@contoh.id")
    assert submit(newcomer, "/seller/open", SHOP_FORM).status_code == 303
    opened = db.session.scalar(sa.select(Shop).where(Shop.name == "Tenun Ina Boi"))
    assert opened.bank_account_number and opened.bank_details_changed_at is None
    assert payouts.bank_hold_until(opened) is None


def test_a_change_of_the_account_is_held_then_not(app):
    held = held_shop(app)
    until = payouts.bank_hold_until(held)
    assert until is not None
    assert payouts.status_of(held, 10**6, now=until - timedelta(minutes=1)) == payouts.BANK_CHANGED
    assert payouts.status_of(held, 10**6, now=until + timedelta(minutes=1)) == payouts.READY
    assert payouts.build_batch(actor_id=None) is None  # nothing ready today


def _release_page(shop_id: int) -> str:
    return f"/admin/payouts/holds/{shop_id}"


def release(admin, shop_id: int, **form):
    """Send the release form as the browser would: its token and the change it shows."""
    page = admin.get(_release_page(shop_id)).get_data(as_text=True)
    seen = re.search(r'name="changed_at" type="hidden" value="([^"]+)"', page).group(1)
    return admin.post(_release_page(shop_id), data={
        "csrf_token": csrf_token(admin, _release_page(shop_id)), "changed_at": seen, **form})


def test_an_admin_releases_a_hold_early_with_a_reason(app):
    held = held_shop(app)
    make_admin()
    admin = log_in(app, "admin@sentra.id")
    listing = admin.get("/admin/payouts").get_data(as_text=True)
    assert _release_page(held.id) in listing  # the held row leads to the release page, and so
    shop_page = admin.get(f"/admin/shops/{held.id}").get_data(as_text=True)  # does the shop
    assert "Payouts held for review until" in shop_page and _release_page(held.id) in shop_page
    page = admin.get(_release_page(held.id)).get_data(as_text=True)
    assert held.masked_bank_account in page and "Held for review until" in page

    response = release(admin, held.id, confirm="y",
                       reason="Called Ina on her known number: the new Bank NTT account is hers.")
    assert response.status_code == 303
    assert "released" in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert status(held.id) == payouts.READY
    [entry] = audit_entries("payout.hold_release")
    assert entry.target_type == "shop" and entry.target_id == str(held.id)
    assert entry.reason.startswith("Called Ina") and entry.actor_email == "admin@sentra.id"
    before, after = before_after(entry)
    assert before["bank_hold_released_at"] is None and after["bank_hold_released_at"]
    # it shows in the shop's history, and the batch now pays it
    assert "payout.hold_release" in admin.get(f"/admin/shops/{held.id}").get_data(as_text=True)
    batch = payouts.build_batch(actor_id=None)
    assert [p.shop_id for p in batch.payouts] == [held.id]
    db.session.commit()

    # a later change holds again
    seller = log_in(app, "ina@contoh.id")
    submit(seller, "/seller/shop", {**SHOP_FORM, "bank_account_number": "1122334455"})
    assert payouts.bank_hold_until(shop(held.id)) is not None


def _nothing_changed(held: Shop) -> None:
    assert status(held.id) == payouts.BANK_CHANGED
    assert shop(held.id).bank_hold_released_at is None
    assert audit_entries("payout.hold_release") == []


def test_without_a_reason_or_the_confirmation_nothing_is_released(app):
    held = held_shop(app)
    make_admin()
    admin = log_in(app, "admin@sentra.id")
    no_reason = release(admin, held.id, reason="  ", confirm="y")
    assert no_reason.status_code == 400
    assert re.search(r'class="error">[^<]*reason', no_reason.get_data(as_text=True))
    unconfirmed = release(admin, held.id, reason="Checked by phone.")
    assert unconfirmed.status_code == 400
    assert re.search(r'class="error">[^<]*checked', unconfirmed.get_data(as_text=True))
    no_token = admin.post(_release_page(held.id), data={"reason": "x", "confirm": "y"})
    assert no_token.status_code == 400
    _nothing_changed(held)


def test_a_change_made_while_the_admin_looked_is_not_released(app):
    held = held_shop(app)
    make_admin()
    admin = log_in(app, "admin@sentra.id")
    token = csrf_token(admin, _release_page(held.id))
    seen = re.search(r'name="changed_at" type="hidden" value="([^"]+)"',
                     admin.get(_release_page(held.id)).get_data(as_text=True)).group(1)
    seller = log_in(app, "ina@contoh.id")
    submit(seller, "/seller/shop", {**SHOP_FORM, "bank_account_number": "5555666677"})
    response = admin.post(_release_page(held.id), data={
        "csrf_token": token, "changed_at": seen, "reason": "Checked.", "confirm": "y"})
    assert response.status_code == 303
    assert "again while you were looking" in admin.get(response.headers["Location"]).get_data(as_text=True)
    _nothing_changed(held)


def test_only_admins_release_holds(app):
    held = held_shop(app)
    make_user(email="pembeli@contoh.id")
    for email in ("pembeli@contoh.id", "ina@contoh.id", "madu@contoh.id"):
        client = log_in(app, email)
        assert client.get(_release_page(held.id)).status_code == 403, email
        response = client.post(_release_page(held.id), data={
            "csrf_token": csrf_token(client, "/account/password"), "reason": "mine",
            "confirm": "y"})
        assert response.status_code == 403, email
    anonymous = app.test_client().get(_release_page(held.id))
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    _nothing_changed(held)
    assert db.session.scalar(sa.select(sa.func.count(Payout.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0
    make_admin()
    assert log_in(app, "admin@sentra.id").get("/admin/payouts/holds/999999").status_code == 404


def test_a_shop_that_is_not_held_has_nothing_to_release(app):
    tenun, _ = two_shop_products()
    released_balance(app, [tenun])
    with_bank_account(tenun.shop_id, changed_days_ago=60)
    make_admin()
    admin = log_in(app, "admin@sentra.id")
    page = admin.get(_release_page(tenun.shop_id)).get_data(as_text=True)
    assert "not held" in page and 'name="reason"' not in page
    response = submit(admin, _release_page(tenun.shop_id), {"reason": "x", "confirm": "y"},
                      form_url="/account/password")
    assert response.status_code == 303
    assert audit_entries("payout.hold_release") == []
    assert utcnow() > shop(tenun.shop_id).bank_details_changed_at
