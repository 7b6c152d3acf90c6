"""Centre staff choose "Chat via WhatsApp" for a shop they run: buyers then chat with the centre."""
from __future__ import annotations

import lxml.html

from marketplace.catalog.models import Shop
from marketplace.extensions import db
from tests.centres.helpers import act_for
from tests.conftest import submit

DETAILS = {"name": "Tenun Mama Yuliana", "story": "Tenun dari Amarasi.",
           "region": "Nusa Tenggara Timur / Kupang", "whatsapp": "", "cooperative": "",
           "bank_name": "Bank NTT", "bank_account_holder": "Yuliana", "bank_account_number": "",
           "is_pkp": ""}


def chat_links(client, url: str) -> list[str]:
    html = client.get(url).get_data(as_text=True)
    return [a.get("href") for a in lxml.html.fromstring(html).xpath('//a[@data-testid="whatsapp-chat"]')]


def test_staff_let_buyers_chat_with_the_centre_about_a_shop_they_run(app, client, login_as, world):
    login_as(world.staff)
    act_for(client, world.assisted)
    form = client.get("/seller/shop").get_data(as_text=True)
    assert "Izinkan pembeli chat dengan sentra lewat WhatsApp tentang toko ini" in form
    assert submit(client, "/seller/shop", {**DETAILS, "show_whatsapp": "y"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Shop, world.assisted.id).show_whatsapp is True
    [link] = chat_links(app.test_client(), f"/products/{world.product.slug}")
    assert link.startswith("https://wa.me/6281237001122?text=")  # the centre's number


def test_a_centre_without_a_mobile_number_is_told_and_nothing_changes(app, client, login_as, world):
    world.centre.contact = "sentra.kupang@contoh.id"
    db.session.commit()
    login_as(world.staff)
    act_for(client, world.assisted)
    response = submit(client, "/seller/shop", {**DETAILS, "show_whatsapp": "y", "story": "Baru."})
    assert response.status_code == 400
    assert "bukan nomor ponsel" in response.get_data(as_text=True)
    db.session.expire_all()
    shop = db.session.get(Shop, world.assisted.id)
    assert shop.show_whatsapp is False and shop.story != "Baru."
    assert chat_links(app.test_client(), f"/products/{world.product.slug}") == []
