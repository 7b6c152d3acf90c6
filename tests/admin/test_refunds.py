"""Refunds of paid orders: per parcel or in full, by bank transfer (recorded by hand) or
through Stripe (the fake Stripe server), with the stock of unshipped goods returned."""
import sqlalchemy as sa

from marketplace.orders import refunds
from marketplace.admin.models import AuditEntry
from marketplace.mail import OutboxMessage
from marketplace.orders.models import Refund
from marketplace.catalog.models import Variant
from marketplace.extensions import db as _db
from marketplace.orders import services
from marketplace.orders.models import (
    OrderStatus,
    Shipment,
    ShipmentStatus,
    StatusChange,
)
from marketplace.payments import gateway
from tests.admin.helpers import (
    audit_entries,
    before_after,
    confirm_on_its_page,
    deliver,
    make_admin,
    paid_by_card,
    paid_by_transfer,
    place,
    two_shop_products,
)
from tests.conftest import submit
from tests.orders.helpers import latest_order


def stock(product) -> int:
    _db.session.expire_all()
    return _db.session.get(Variant, product.variants[0].id).stock


def parcel(order, product) -> Shipment:
    return next(s for s in latest_order().shipments if s.shop_id == product.shop_id)


def refund_rows() -> list[Refund]:
    _db.session.expire_all()
    return list(_db.session.scalars(sa.select(Refund).order_by(Refund.id)))


def count(model) -> int:
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model))


def refund(client, order, shipment=None, **data):
    """Ask for the refund, then confirm it on the page that shows its amount."""
    page = f"/admin/orders/{order.number}"
    response = submit(client, f"{page}/refund",
                      {"shipment": shipment.id if shipment else "", **data}, form_url=page)
    if response.status_code != 200:  # refused before the confirmation page
        return response
    return confirm_on_its_page(client, f"{page}/refund", response)


def ship(shipment: Shipment) -> None:
    services.ship(_db.session.get(Shipment, shipment.id), courier="JNE",
                  tracking_number="JNE0001", actor_id=None)


def test_bank_transfer_refund_of_a_parcel_then_of_the_rest(client, db, login_as, app):
    tenun, madu = two_shop_products()
    order = paid_by_transfer(app, [tenun, madu])
    assert (stock(tenun), stock(madu)) == (4, 4)
    ship(parcel(order, madu))  # the honey is on its way; the cloth is still being packed
    login_as(make_admin())
    tenun_parcel = parcel(order, tenun)

    # the admin transfers the money back first: without its reference nothing is recorded
    response = refund(client, order, tenun_parcel, reference="", reason="Stok habis")
    assert response.status_code == 303
    assert refund_rows() == [] and audit_entries() == []
    assert latest_order().status == OrderStatus.PAID

    outbox_before = count(OutboxMessage)
    refund(client, order, tenun_parcel, reference="BRI 998877", reason="Stok habis")
    expected = tenun_parcel.subtotal_idr + tenun_parcel.shipping_idr
    [row] = refund_rows()
    assert (row.amount_idr, row.method, row.reference, row.shipment_id) == (
        expected, "manual", "BRI 998877", tenun_parcel.id)
    order = latest_order()
    assert order.status == OrderStatus.PARTLY_REFUNDED and order.refunded_idr == expected
    assert parcel(order, tenun).status == ShipmentStatus.CANCELLED
    assert parcel(order, madu).status == ShipmentStatus.SHIPPED
    assert stock(tenun) == 5  # not shipped: back on sale
    [entry] = audit_entries("order.refund")
    before, after = before_after(entry)
    assert entry.target_id == order.number and entry.reason == "Stok habis"
    assert (before["status"], after["status"]) == ("paid", "partly_refunded")
    assert (before["refunded_idr"], after["refunded_idr"]) == (0, expected)
    assert after["shipments"][str(tenun_parcel.id)] == "cancelled"
    assert after["refund_idr"] == expected and after["reference"] == "BRI 998877"
    mail = list(_db.session.scalars(sa.select(OutboxMessage).offset(outbox_before)))
    assert {m.recipient for m in mail} == {"pembeli@contoh.id", "ina@contoh.id"}
    assert all(order.number in m.subject for m in mail)

    # the same parcel twice: refused, nothing changes
    refund(client, order, tenun_parcel, reference="BRI 998878")
    assert len(refund_rows()) == 1 and latest_order().refunded_idr == expected

    # the rest of the order, transfer code included; shipped honey is not restocked
    page = client.get(f"/admin/orders/{order.number}").get_data(as_text=True)
    assert "BRI 998877" in page
    refund(client, order, reference="BRI 998879", reason="Pembeli membatalkan")
    order = latest_order()
    assert refund_rows()[1].amount_idr == order.total_idr - expected
    assert order.status == OrderStatus.REFUNDED and order.refunded_idr == order.total_idr
    assert parcel(order, madu).status == ShipmentStatus.SHIPPED and stock(madu) == 4
    assert len(audit_entries("order.refund")) == 2

    # nothing is left: refused without a trace
    refund(client, order, reference="BRI 1")
    assert len(refund_rows()) == 2 and len(audit_entries()) == 2


def test_the_last_parcel_left_takes_the_transfer_code_with_it(client, db, login_as, app):
    tenun, _ = two_shop_products()
    order = paid_by_transfer(app, [tenun], quantity=2)
    assert order.unique_code_idr > 0
    login_as(make_admin())
    refund(client, order, order.shipments[0], reference="BNI 55")
    order = latest_order()
    assert refund_rows()[0].amount_idr == order.total_idr
    assert order.status == OrderStatus.REFUNDED and stock(tenun) == 5


def test_unpaid_orders_cannot_be_refunded(client, db, login_as, app):
    tenun, _ = two_shop_products()
    _, order = place(app, [tenun])
    login_as(make_admin())
    assert "/refund" not in client.get(f"/admin/orders/{order.number}").get_data(as_text=True)
    refund(client, order, reference="BRI 1")
    assert refund_rows() == [] and latest_order().status == OrderStatus.AWAITING_PAYMENT
    assert client.get("/admin/orders/SEN-0000-NOPE").status_code == 404


def stripe_refund_requests(fake_stripe):
    return [r for r in fake_stripe.requests if r.path == "/v1/refunds"]


def test_card_refund_through_stripe_and_its_webhook_counts_once(
        client, db, login_as, app, fake_stripe):
    tenun, madu = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun, madu])
    login_as(make_admin())
    tenun_parcel = parcel(order, tenun)
    expected = tenun_parcel.subtotal_idr + tenun_parcel.shipping_idr

    refund(client, order, tenun_parcel, reason="Kain rusak saat ditenun")
    [request] = stripe_refund_requests(fake_stripe)
    assert request.params == {"payment_intent": order.stripe_payment_intent,
                              "amount": str(expected * 100)}  # IDR in Stripe's minor units
    assert request.headers["idempotency-key"] == f"refund-{order.number}-{tenun_parcel.id}"
    [row] = refund_rows()
    assert row.method == "stripe" and row.stripe_refund_id in fake_stripe.refunds
    assert row.amount_idr == expected
    order = latest_order()
    assert order.status == OrderStatus.PARTLY_REFUNDED and order.refunded_idr == expected
    assert parcel(order, tenun).status == ShipmentStatus.CANCELLED and stock(tenun) == 5
    [entry] = audit_entries("order.refund")
    assert before_after(entry)[1]["stripe_refund_id"] == row.stripe_refund_id

    # Stripe then reports the same refund: nothing changes twice
    changes = count(StatusChange)
    reported = fake_stripe.last_event("charge.refunded")
    assert deliver(client, fake_stripe, reported).status_code == 200
    order = latest_order()
    assert order.refunded_idr == expected and order.status == OrderStatus.PARTLY_REFUNDED
    assert count(StatusChange) == changes

    # the rest, then its webhook
    refund(client, order)
    second = stripe_refund_requests(fake_stripe)[1]
    assert second.params["amount"] == str((order.total_idr - expected) * 100)
    assert second.headers["idempotency-key"] == f"refund-{order.number}-all"
    order = latest_order()
    assert order.status == OrderStatus.REFUNDED and order.refunded_idr == order.total_idr
    assert parcel(order, madu).status == ShipmentStatus.CANCELLED and stock(madu) == 5
    changes = count(StatusChange)
    deliver(client, fake_stripe, fake_stripe.last_event("charge.refunded"))
    assert latest_order().refunded_idr == order.total_idr and count(StatusChange) == changes
    assert len(audit_entries("order.refund")) == 2


def test_a_refund_stripe_made_before_a_crash_is_recorded_once(db, app, fake_stripe):
    tenun, madu = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun, madu])
    shipment = parcel(order, tenun)
    amount = shipment.subtotal_idr + shipment.shipping_idr
    # a first attempt reached Stripe, and the worker died before recording it
    first = gateway.create_refund(payment_intent=order.stripe_payment_intent, amount_idr=amount,
                                  idempotency_key=f"refund-{order.number}-{shipment.id}")
    admin = make_admin()
    row = refunds.refund(latest_order(), shipment_id=shipment.id, actor=admin)
    assert row.stripe_refund_id == first.id and len(fake_stripe.refunds) == 1
    assert latest_order().refunded_idr == amount


def test_stripe_trouble_changes_nothing(client, db, login_as, app, fake_stripe):
    tenun, madu = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun, madu])
    login_as(make_admin())

    fake_stripe.fail_next(count=3, status=500)  # the first try and both retries
    response = refund(client, order, parcel(order, tenun))
    assert response.status_code == 303
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Stripe could not be reached" in flashed

    # refunded in Stripe's dashboard meanwhile, the webhook not here yet: Stripe refuses more
    gateway.create_refund(payment_intent=order.stripe_payment_intent,
                          amount_idr=order.total_idr - 10_000, idempotency_key="dashboard-1")
    response = refund(client, order)
    assert "Stripe refused the refund" in client.get(response.headers["Location"]
                                                     ).get_data(as_text=True)

    order = latest_order()
    assert order.status == OrderStatus.PAID and order.refunded_idr == 0
    assert all(s.status == ShipmentStatus.PROCESSING for s in order.shipments)
    assert refund_rows() == [] and audit_entries() == [] and stock(tenun) == 4


def test_never_more_than_what_is_left(client, db, login_as, app, fake_stripe):
    tenun, madu = two_shop_products()
    order = paid_by_card(app, fake_stripe, [tenun, madu])
    gateway.create_refund(payment_intent=order.stripe_payment_intent,
                          amount_idr=order.total_idr - 50_000, idempotency_key="dashboard-2")
    deliver(client, fake_stripe, fake_stripe.last_event("charge.refunded"))
    assert latest_order().refunded_idr == order.total_idr - 50_000
    login_as(make_admin())

    refund(client, order, parcel(order, tenun))
    dashboard, row = refund_rows()  # the dashboard's refund is recorded too, with its reversal
    assert dashboard.amount_idr == order.total_idr - 50_000 and dashboard.created_by_id is None
    assert row.amount_idr == 50_000
    order = latest_order()
    assert order.status == OrderStatus.REFUNDED and order.refunded_idr == order.total_idr
    # the dashboard's refund alerts the admins; one refund by the admin (page views are reads)
    assert [e.action for e in audit_entries()] == ["order.refund_outside", "order.refund"]
