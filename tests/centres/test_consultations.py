"""A seller asks their centre; staff answer, track the status, keep notes the seller never sees;
each answer is mailed through the outbox."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.centres.models import Consultation, ConsultationStatus
from marketplace import mail as outbox
from marketplace.mail import OutboxMessage
from tests.centres.helpers import switch_user
from tests.conftest import submit


def _mail_to(db, address):
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == address)
                              .order_by(OutboxMessage.id)).all()


def test_the_centre_staff_are_told_of_a_new_request(world, db):
    mail = _mail_to(db, "petugas@sentra.id")
    assert len(mail) == 1 and "Madu Kupang" in mail[0].subject
    assert _mail_to(db, "petugas@plut.id") == []


def test_a_seller_asks_about_a_listing_and_reads_the_answer(client, login_as, world, db, smtp_server):
    from tests.factories import make_product

    honey = make_product(world.seller_shop, name="Madu Hutan Kupang")
    login_as(world.seller)
    form = client.get(f"/seller/consultations/new?product={honey.id}").get_data(as_text=True)
    assert "Madu Hutan Kupang" in form and world.centre.name in form
    response = submit(client, "/seller/consultations/new",
                      {"centre": world.centre.id, "topic": "food_licence", "product": honey.id,
                       "message": "Bagaimana cara mengurus P-IRT?"})
    assert response.status_code == 303
    asked = db.session.scalar(sa.select(Consultation).order_by(Consultation.id.desc()))
    assert asked.product_id == honey.id and asked.status == ConsultationStatus.NEW

    switch_user(client, login_as, world.staff)
    page = client.get(f"/centre/consultations/{asked.id}").get_data(as_text=True)
    assert "Bagaimana cara mengurus P-IRT?" in page
    submit(client, f"/centre/consultations/{asked.id}/notes", {"note": "Rahasia: belum bayar iuran."},
           form_url=f"/centre/consultations/{asked.id}")
    response = submit(client, f"/centre/consultations/{asked.id}/answer",
                      {"message": "Datang ke Dinas Kesehatan dengan sampel.", "status": "in_progress"},
                      form_url=f"/centre/consultations/{asked.id}")
    assert response.status_code == 303
    outbox.send_pending()
    received = [m for m in smtp_server.messages if m["To"] == "penjual@contoh.id"]
    assert len(received) == 1 and world.centre.name in received[0]["Subject"]
    assert f"/seller/consultations/{asked.id}" in received[0].get_content()

    switch_user(client, login_as, world.seller)
    thread = client.get(f"/seller/consultations/{asked.id}").get_data(as_text=True)
    assert "Datang ke Dinas Kesehatan dengan sampel." in thread
    assert "Rahasia" not in thread  # internal notes stay internal
    assert "Sedang ditangani" in thread


def test_each_reply_is_mailed(client, login_as, world, db):
    login_as(world.staff)
    for text in ("Pertama.", "Kedua."):
        submit(client, f"/centre/consultations/{world.consultation.id}/answer",
               {"message": text, "status": "in_progress"},
               form_url=f"/centre/consultations/{world.consultation.id}")
    assert len(_mail_to(db, "penjual@contoh.id")) == 2


def test_status_moves_and_a_seller_reply_reopens_a_finished_request(client, login_as, world, db):
    login_as(world.staff)
    submit(client, f"/centre/consultations/{world.consultation.id}/status", {"status": "done"},
           form_url=f"/centre/consultations/{world.consultation.id}")
    db.session.expire_all()
    assert db.session.get(Consultation, world.consultation.id).status == ConsultationStatus.DONE
    switch_user(client, login_as, world.seller)
    submit(client, f"/seller/consultations/{world.consultation.id}", {"message": "Satu lagi."})
    db.session.expire_all()
    assert db.session.get(Consultation, world.consultation.id).status == ConsultationStatus.IN_PROGRESS


def test_bad_input_changes_nothing(client, login_as, world, db):
    login_as(world.staff)
    url = f"/centre/consultations/{world.consultation.id}"
    assert submit(client, f"{url}/answer", {"message": "", "status": "done"}, form_url=url).status_code == 400
    assert submit(client, f"{url}/status", {"status": "lost"}, form_url=url).status_code == 400
    assert submit(client, f"{url}/notes", {"note": " "}, form_url=url).status_code == 400
    db.session.expire_all()
    consultation = db.session.get(Consultation, world.consultation.id)
    assert consultation.status == ConsultationStatus.NEW
    assert len(consultation.messages) == 1 and consultation.notes == []


def test_a_seller_cannot_ask_about_another_shops_listing(client, login_as, world, db):
    login_as(world.seller)
    response = submit(client, "/seller/consultations/new",
                      {"centre": world.centre.id, "topic": "photos", "product": world.product.id,
                       "message": "?"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Consultation.id))) == 1


def test_a_seller_of_a_centre_asks_only_that_centre(client, login_as, world, db):
    login_as(world.seller)
    response = submit(client, "/seller/consultations/new",
                      {"centre": world.other_centre.id, "topic": "photos", "message": "Halo"})
    assert response.status_code == 400


def test_staff_of_another_centre_do_not_see_the_request(client, login_as, world):
    login_as(world.other_staff)
    assert "Madu Kupang" not in client.get("/centre/consultations").get_data(as_text=True)
