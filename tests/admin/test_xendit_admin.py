"""The admin's side of Xendit: which channels checkout offers, and Xendit's settlement report
read against the orders paid through it."""
from __future__ import annotations

import io

from marketplace.orders import xendit_payments
from tests.admin.helpers import audit_entries, make_admin
from tests.conftest import submit
from tests.orders.test_xendit_payments import deliver, payment_of, xendit_order


def test_an_admin_switches_channels_off_and_on(client, db, fake_xendit, login_as):
    login_as(make_admin())
    page = client.get("/admin/payment-methods").get_data(as_text=True)
    assert 'value="va_bri" checked' in page
    on = ["qris", "va_bca", "va_bni", "va_mandiri", "va_permata", "ewallet_dana"]
    response = submit(client, "/admin/payment-methods", {"on": on},
                      form_url="/admin/payment-methods")
    assert response.status_code == 303
    assert xendit_payments.switched_off() == {"gopay_qris", "va_bri", "ewallet_ovo",
                                              "ewallet_shopeepay",
                                              "ewallet_linkaja", "otc_alfamart", "otc_indomaret"}
    assert [c.key for c in xendit_payments.offered_channels()] == on
    [entry] = audit_entries("payment_methods.set")
    assert "va_bri" in entry.after
    page = client.get("/admin/payment-methods").get_data(as_text=True)
    assert 'value="va_bri" checked' not in page and 'value="qris" checked' in page


def test_the_methods_page_needs_an_admin_and_a_csrf_token(client, db, fake_xendit):
    assert client.get("/admin/payment-methods").status_code in (302, 303, 404)
    answer = client.post("/admin/payment-methods", data={"on": ["qris"]})
    assert answer.status_code in (400, 302, 303, 404)
    assert xendit_payments.switched_off() == set()


def test_the_settlement_report_lists_what_does_not_match(client, db, fake_xendit, login_as):
    paid, _, payment, _ = xendit_order(client, fake_xendit, "qris")
    deliver(client, fake_xendit, fake_xendit.pay(payment.payment_request_id))
    other, _, other_payment, _ = xendit_order(client, fake_xendit, "va_bca")
    deliver(client, fake_xendit, fake_xendit.pay(other_payment.payment_request_id))
    report = fake_xendit.settlement_csv()
    lines = report.splitlines()
    # the stand-in's fee for BCA is Rp4.000, as booked; make the report disagree on purpose
    lines[2] = lines[2].replace(",4000,", ",4500,")
    lines.append("SEN-0000-NOSUCH,pr-x,QRIS,10000,70,9930,SETTLED," + lines[1].split(",")[-1])
    login_as(make_admin())
    body = ("\n".join(lines) + "\n").encode()
    response = submit(client, "/admin/reconciliation/xendit",
                      {"report": (io.BytesIO(body), "settlement.csv")},
                      form_url="/admin/payment-methods", content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 rows read, 1 match." in page
    assert "The fee differs from the fee booked" in page and other.number in page
    assert "No order paid through Xendit has this reference" in page
    assert payment_of(paid).fee_idr == -(-paid.total_idr * 70 // 10_000)  # 0.7 %, rounded up


def test_a_file_that_is_not_a_report_gets_a_message(client, db, fake_xendit, login_as):
    login_as(make_admin())
    for body in (b"\xff\xfe", b"just,some\n1,2\n", b""):
        response = submit(client, "/admin/reconciliation/xendit",
                          {"report": (io.BytesIO(body), "x.csv")},
                          form_url="/admin/payment-methods", content_type="multipart/form-data")
        assert response.status_code == 400
        assert "not a Xendit settlement report" in response.get_data(as_text=True) or \
            "Choose the settlement report" in response.get_data(as_text=True)


def test_the_refund_form_asks_for_a_reference_only_where_xendit_cannot_refund(
        client, db, fake_xendit, login_as):
    qris, _, qris_payment, _ = xendit_order(client, fake_xendit, "qris")
    deliver(client, fake_xendit, fake_xendit.pay(qris_payment.payment_request_id))
    va, _, va_payment, _ = xendit_order(client, fake_xendit, "va_permata")
    deliver(client, fake_xendit, fake_xendit.pay(va_payment.payment_request_id))
    login_as(make_admin())
    page = client.get(f"/admin/orders/{qris.number}").get_data(as_text=True)
    assert 'name="reference"' not in page and "through Xendit" in page
    assert "Xendit fees: QRIS" in page  # the fee in the order's ledger
    page = client.get(f"/admin/orders/{va.number}").get_data(as_text=True)
    assert 'name="reference"' in page and "Transfer the money to the buyer first" in page
