"""Admin actions that reveal personal data are in the audit log: who, when, which order or list."""
from __future__ import annotations

from tests.admin.helpers import audit_entries, make_admin, paid_by_transfer, two_shop_products
from tests.ledger.helpers import released_balance, with_bank_account
from marketplace.ledger import payouts
from marketplace.extensions import db


def test_viewing_an_order_with_its_address_is_audited(app, client, login_as):
    order = paid_by_transfer(app, two_shop_products())
    admin = make_admin()
    login_as(admin)
    assert client.get(f"/admin/orders/{order.number}").status_code == 200
    [entry] = audit_entries("personal_data.view_address")
    assert (entry.actor_email, entry.target_type, entry.target_id) == (
        admin.email, "order", order.number)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Buyer&#39;s address viewed" in page or "Buyer's address viewed" in page


def test_downloading_a_payout_list_is_audited(app, client, login_as):
    parcels = released_balance(app, two_shop_products())
    for parcel in parcels:
        with_bank_account(parcel.shop_id)
    batch = payouts.build_batch(actor_id=None)
    db.session.commit()
    login_as(make_admin())
    assert client.get(f"/admin/payouts/batches/{batch.id}.csv").status_code == 200
    [entry] = audit_entries("personal_data.export_payouts")
    assert entry.target_id == str(batch.id)


def test_a_missing_order_is_not_audited(client, login_as):
    login_as(make_admin())
    assert client.get("/admin/orders/SEN-0000-NOPE").status_code == 404
    assert audit_entries("personal_data.view_address") == []
