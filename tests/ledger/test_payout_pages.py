"""The admin's payout pages: build, export, settle; every action audited; bad input changes
nothing."""
from marketplace.extensions import db
from marketplace.ledger.models import Payout, PayoutStatus
from tests.admin.helpers import audit_entries, make_admin, two_shop_products
from tests.conftest import submit
from tests.ledger.helpers import balances, released_balance, with_bank_account


def test_build_export_and_settle_from_the_pages(app, client, login_as):
    tenun, madu = two_shop_products()
    with_bank_account(tenun.shop_id)
    with_bank_account(madu.shop_id, changed_days_ago=2)
    released_balance(app, [tenun, madu])
    amount = balances(tenun.shop_id)["available"]
    login_as(make_admin())
    page = client.get("/admin/payouts").get_data(as_text=True)
    assert "Held for review: bank account changed recently" in page and "Ready" in page

    response = submit(client, "/admin/payouts/batches", {}, form_url="/admin/payouts")
    assert response.status_code == 303
    batch_url = response.headers["Location"]
    [payout] = db.session.query(Payout).all()
    csv_response = client.get(f"{batch_url}.csv")
    assert csv_response.mimetype == "text/csv"
    assert f"{payout.id},Tenun Ina Boi,BRI,Ina Boi,001201000123456,{amount}," in csv_response.get_data(as_text=True)

    # no reference: refused, nothing changes
    submit(client, f"/admin/payouts/{payout.id}/paid", {"reference": ""}, form_url=batch_url)
    db.session.expire_all()
    assert db.session.get(Payout, payout.id).status == PayoutStatus.PENDING
    submit(client, f"/admin/payouts/{payout.id}/paid", {"reference": "BRI 9090"}, form_url=batch_url)
    db.session.expire_all()
    assert db.session.get(Payout, payout.id).status == PayoutStatus.PAID
    assert "Paid, reference BRI 9090" in client.get(batch_url).get_data(as_text=True)
    # a second settlement (another tab) is refused with a message
    response = submit(client, f"/admin/payouts/{payout.id}/failed", {"reason": "x"},
                      form_url=f"/admin/payouts")
    assert response.status_code == 303
    assert "settled already" in client.get(batch_url).get_data(as_text=True)
    assert [e.action for e in audit_entries()] == ["payout.batch", "payout.paid"]
    assert client.get("/admin/payouts/batches/999").status_code == 404
    assert submit(client, "/admin/payouts/999/paid", {"reference": "x"},
                  form_url="/admin/payouts").status_code == 404


def test_nothing_ready_makes_no_batch(app, client, login_as):
    login_as(make_admin())
    response = submit(client, "/admin/payouts/batches", {}, form_url="/admin/payouts")
    assert response.status_code == 303 and response.headers["Location"].endswith("/admin/payouts")
    assert db.session.query(Payout).count() == 0 and audit_entries() == []
