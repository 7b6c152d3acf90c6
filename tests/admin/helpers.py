"""Shared steps of the admin tests: an admin, and orders paid by transfer or by card."""
from __future__ import annotations

import html
import json
import re

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.admin.models import AuditEntry
from marketplace.extensions import db
from marketplace.orders import services
from tests.conftest import submit
from tests.factories import make_product, make_shop, make_user
from tests.orders.helpers import KUPANG, add, checkout, latest_order

WEBHOOK = "/payments/stripe/webhook"


def make_admin(email: str = "admin@sentra.id"):
    return make_user(email=email, name="Admin Sentra", roles=(Role.ADMIN,))


def audit_entries(action: str | None = None) -> list[AuditEntry]:
    """The audit log's entries of `action`, or of every change: the record of an admin opening
    a page with personal data (`personal_data.*`, a read) is left out unless asked for."""
    db.session.expire_all()
    stmt = sa.select(AuditEntry).order_by(AuditEntry.id)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    else:
        stmt = stmt.where(AuditEntry.action.not_like("personal\\_data.%", escape="\\"))
    return list(db.session.scalars(stmt))


def before_after(entry: AuditEntry) -> tuple[dict, dict]:
    return json.loads(entry.before), json.loads(entry.after)


def two_shop_products(stocks=(5, 5)):
    """Tenun from Belu and honey from Kapuas Hulu, each with its own owner."""
    weaver = make_user(email="ina@contoh.id", name="Ina Boi")
    beekeeper = make_user(email="madu@contoh.id", name="Pak Dayak")
    tenun = make_product(make_shop(name="Tenun Ina Boi", regency="Belu", owner=weaver),
                         name="Selendang Buna", prices=(300_000,), stocks=[stocks[0]])
    madu = make_product(make_shop(name="Madu Kapuas", province="Kalimantan Barat",
                                  regency="Kapuas Hulu", owner=beekeeper),
                        name="Madu Hutan 500 g", prices=(120_000,), stocks=[stocks[1]])
    return tenun, madu


def place(app, products, *, payment="bank_transfer", quantity=1):
    buyer = app.test_client()
    for product in products:
        add(buyer, product.variants[0], quantity)
    response = checkout(buyer, KUPANG, payment=payment)
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    return buyer, latest_order()


def paid_by_transfer(app, products, quantity=1):
    _, order = place(app, products, quantity=quantity)
    services.confirm_bank_transfer(order, reference="BRI 0001", admin_id=None)
    db.session.commit()
    return latest_order()


def deliver(client, fake, event):
    body, headers = fake.build_delivery(event)
    return client.post(WEBHOOK, data=body, headers=headers)


def paid_by_card(app, fake_stripe, products, quantity=1):
    buyer, order = place(app, products, payment="stripe", quantity=quantity)
    pay = buyer.get(f"/orders/{order.number}/pay")
    assert pay.status_code == 303 and pay.headers["Location"].startswith(fake_stripe.base_url)
    order = latest_order()
    assert deliver(buyer, fake_stripe, fake_stripe.complete_session(order.stripe_session_id)
                   ).status_code == 200
    return latest_order()


def confirm_on_its_page(client, url: str, page_response):
    """Press the confirmation page's button: post the hidden fields of its `data-confirm` form
    (what the admin saw) back to `url`, as a browser would."""
    page = page_response.get_data(as_text=True)
    form = re.search(r"<form[^>]*data-confirm[^>]*>(.*?)</form>", page, re.S)
    assert form, f"no confirmation form on the page:\n{page[:2000]}"
    fields = {name: html.unescape(value) for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1))}
    return client.post(url, data=fields)


def confirm_transfer(client, order, reference: str, received: int | str | None = None):
    """An admin's two steps at /admin/bank-transfers: the bank's reference and the amount that
    arrived (by default the order's total), then "Yes" on the confirmation page."""
    url = f"/admin/bank-transfers/{order.number}/confirm"
    response = submit(client, url, {"reference": reference,
                                    "received": str(order.total_idr if received is None
                                                    else received)},
                      form_url="/admin/bank-transfers")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return confirm_on_its_page(client, url, response)
