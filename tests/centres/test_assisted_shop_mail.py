"""An assisted shop has no owner to mail: its seller mail goes to its centre's active staff."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.catalog.models import Shop
from marketplace.catalog.recipients import shop_mail_recipients
from marketplace.centres import consultations
from marketplace.centres.models import ConsultationTopic
from marketplace.extensions import db
from marketplace.aftersales import complaints, escrow
from marketplace.mail import OutboxMessage
from marketplace.orders.models import Shipment
from tests.admin.helpers import paid_by_transfer
from tests.centres.helpers import make_staff
from tests.factories import make_user
from tests.ledger.helpers import ship_and_deliver


def _mail(subject_part: str) -> dict[str, OutboxMessage]:
    db.session.expire_all()
    return {m.recipient: m for m in db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.subject.contains(subject_part)))}


def _retired_staff(world):
    retired = make_staff(world.centre, email="pensiun@sentra.id")
    retired.is_active = False
    db.session.commit()
    return retired


def _assisted_parcel(app, world) -> Shipment:
    order = paid_by_transfer(app, [world.product])
    return order.shipments[0]


def test_who_receives_a_shops_mail(world):
    _retired_staff(world)
    assert shop_mail_recipients(world.seller_shop) == ["penjual@contoh.id"]  # coached: its owner
    assert shop_mail_recipients(world.assisted) == ["petugas@sentra.id"]  # active staff only
    assert shop_mail_recipients(None) == []
    world.assisted.owner_id, world.assisted.is_assisted = world.buyer.id, False  # handed over
    assert shop_mail_recipients(world.assisted) == ["pembeli@contoh.id"]


def test_the_centres_staff_hear_of_a_paid_order_for_an_assisted_shop(app, world):
    colleague = make_staff(world.centre, email="rekan@sentra.id")
    _retired_staff(world)
    parcel = _assisted_parcel(app, world)
    mail = _mail("sudah dibayar")
    assert set(mail) == {"petugas@sentra.id", colleague.email}
    body = mail["petugas@sentra.id"].body
    assert parcel.order.number in mail["petugas@sentra.id"].subject
    # Which shop, and where to choose it: the seller pages work on the shop chosen.
    assert "Tenun Mama Yuliana" in body and f"/centre/shops/{world.assisted.id}" in body
    assert "petugas@plut.id" not in mail  # another centre's staff


def test_complaint_release_and_refund_mail_reach_the_staff(app, world):
    from marketplace.orders import refunds

    parcel = ship_and_deliver(_assisted_parcel(app, world))
    complaints.open_complaint(parcel, reason="damaged", description="Kain sobek.", photos=[])
    assert set(_mail("Keluhan tentang pesanan")) == {"petugas@sentra.id"}

    second = db.session.get(Shipment, _assisted_parcel(app, world).id)
    escrow.confirm_receipt(ship_and_deliver(second), user_id=None)
    assert set(_mail("diteruskan")) == {"petugas@sentra.id"}

    third = db.session.get(Shipment, _assisted_parcel(app, world).id)
    refunds.refund(third.order, shipment_id=None, actor=world.admin, reference="BRI 77")
    assert set(_mail("Jangan kirim pesanan")) == {"petugas@sentra.id"}


def test_the_staff_hear_the_answer_to_an_assisted_shops_request(world):
    asker = world.staff
    request = consultations.ask(world.assisted, world.centre, asker, ConsultationTopic.PHOTOS,
                                "Foto kemasan sarung?")
    other = make_staff(world.centre, email="rekan@sentra.id")
    consultations.answer(request, other, "Pakai cahaya pagi.")
    mail = _mail(f"{world.centre.name} menjawab")
    assert set(mail) == {"petugas@sentra.id", "rekan@sentra.id"}
    assert "Tenun Mama Yuliana" in mail["petugas@sentra.id"].body


def test_an_owned_shop_mail_has_no_centre_preface(app, world):
    owner = make_user(email="pemilik@contoh.id")
    shop = db.session.get(Shop, world.assisted.id)
    shop.owner_id, shop.is_assisted = owner.id, False
    db.session.commit()
    _assisted_parcel(app, world)
    mail = _mail("sudah dibayar")
    assert set(mail) == {"pemilik@contoh.id"}
    assert "/centre/shops/" not in mail["pemilik@contoh.id"].body


def test_payouts_paid_or_failed_are_told_to_whoever_receives_the_shops_mail(app, world):
    from marketplace.ledger import payouts
    from tests.factories import make_product
    from tests.ledger.helpers import released_balance, with_bank_account

    honey = make_product(world.seller_shop, name="Madu Kupang 250 g")
    with_bank_account(world.assisted.id)
    with_bank_account(world.seller_shop.id)
    released_balance(app, [world.product, honey])
    batch = payouts.build_batch(actor_id=None)
    db.session.commit()
    by_shop = {p.shop_id: p for p in batch.payouts}
    payouts.settle(by_shop[world.assisted.id].id, paid=True, reference="BRI TRF 7788")
    payouts.settle(by_shop[world.seller_shop.id].id, paid=False, reason="Rekening ditutup")
    db.session.commit()

    sent = _mail("sudah dikirim")
    assert set(sent) == {"petugas@sentra.id"}
    assert "BRI TRF 7788" in sent["petugas@sentra.id"].body
    assert "•••• 3456" in sent["petugas@sentra.id"].body and "Tenun Mama Yuliana" in sent[
        "petugas@sentra.id"].body
    failed = _mail("gagal")
    assert set(failed) == {"penjual@contoh.id"} and "Rekening ditutup" in failed["penjual@contoh.id"].body


def test_a_parcel_cancelled_by_the_ship_by_deadline_is_told_to_the_staff(app, world):
    from datetime import timedelta

    from marketplace.orders import deadlines
    from marketplace.orders.models import Order

    order = paid_by_transfer(app, [world.product])
    db.session.get(Order, order.id).paid_at -= timedelta(days=app.config["SHIP_BY_DAYS"] + 1)
    db.session.commit()
    assert deadlines.enforce_deadlines().owed == [order.number]
    mail = _mail("Jangan kirim pesanan")
    assert set(mail) == {"petugas@sentra.id"} and order.number in mail["petugas@sentra.id"].body
