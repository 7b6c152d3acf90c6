"""What the seller sees of their money, and what the admin's reconciliation lists."""
import csv
import io

from marketplace.extensions import db
from marketplace.ledger import payouts
from marketplace.timeutil import utcnow
from tests.admin.helpers import deliver, make_admin, paid_by_transfer, place, two_shop_products
from tests.ledger.helpers import released_balance, with_bank_account
from tests.ledger.test_authorization import login


def test_balance_page_and_statement_explain_every_movement(app):
    tenun, _ = two_shop_products()
    with_bank_account(tenun.shop_id)
    [parcel] = released_balance(app, [tenun])
    order_number = parcel.order.number
    paid = parcel.subtotal_idr + parcel.shipping_idr
    batch = payouts.build_batch(actor_id=None)
    db.session.commit()
    payouts.settle(batch.payouts[0].id, paid=True, reference="BRI-PO-42")
    db.session.commit()

    owner = login(app, "ina@contoh.id")
    page = owner.get("/seller/balance").get_data(as_text=True)
    assert order_number in page and "BRI-PO-42" in page
    assert "IDR15,000" in page  # the commission of the release, shown with it
    month = utcnow().strftime("%Y-%m")
    statement = owner.get(f"/seller/balance/statement?month={month}").get_data(as_text=True)
    assert order_number in statement and "BRI-PO-42" in statement
    response = owner.get(f"/seller/balance/statement.csv?month={month}")
    assert response.headers["Content-Disposition"].endswith(f'-{month}.csv"')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["order"] for r in rows][:2] == [order_number, order_number]
    assert sum(int(r["available_idr"]) for r in rows) == 0  # released, then paid out
    assert sum(int(r["commission_idr"]) for r in rows) == 15_000
    assert sorted(int(r["in_payout_idr"]) for r in rows if r["payout_reference"] == "BRI-PO-42") == [
        -(paid - 15_000), paid - 15_000]  # into the batch, then out to the bank
    empty = owner.get("/seller/balance/statement?month=2001-01").get_data(as_text=True)
    assert "No movements this month." in empty


def test_reconciliation_lists_money_for_an_expired_order(app, client, login_as, fake_stripe):
    tenun, madu = two_shop_products()
    paid_by_transfer(app, [madu])
    buyer, order = place(app, [tenun], payment="stripe")
    buyer.get(f"/orders/{order.number}/pay")
    db.session.expire_all()
    session_id = db.session.get(type(order), order.id).stripe_session_id
    event = fake_stripe.complete_session(session_id)
    from marketplace.orders.services import expire_unpaid
    from datetime import timedelta

    expire_unpaid(utcnow() + timedelta(days=2))  # it expired before the webhook arrived
    assert deliver(client, fake_stripe, event).status_code == 200
    login_as(make_admin())
    page = client.get("/admin/reconciliation").get_data(as_text=True)
    assert "Money received for no open order" in page and order.number in page
    assert "Ledger transactions that do not balance" not in page
