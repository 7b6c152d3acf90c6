"""The seller's choice to let buyers chat on WhatsApp: off until ticked, saved from the shop
settings, shown on the shop's pages at once, and refused with a message when it cannot work."""
from __future__ import annotations

import lxml.html
import pytest

from marketplace.catalog.models import Shop
from marketplace.extensions import db as _db
from tests.conftest import submit
from tests.factories import make_product, make_shop, make_user

SHOP = {
    "name": "Tenun Ikat Ina Bo'i", "story": "Kami menenun di Atambua.",
    "region": "Nusa Tenggara Timur / Belu", "cooperative": "",
    "whatsapp": "0812-3456-7890", "bank_name": "Bank NTT", "bank_account_holder": "Yuliana Bani",
    "bank_account_number": "", "is_pkp": "",
}


@pytest.fixture
def seller(db, login_as):
    user = make_user(name="Yuliana Bani")
    shop = make_shop("Tenun Ikat Ina Bo'i", regency="Belu", owner=user)
    shop.whatsapp, shop.bank_name, shop.bank_account_holder = "+6281234567890", "Bank NTT", "Yuliana Bani"
    shop.bank_account_number = "00123456789"
    _db.session.commit()
    product = make_product(shop, name="Sarung Tais Belu")
    return login_as(user), shop, product


def reload(shop: Shop) -> Shop:
    _db.session.expire_all()
    return _db.session.get(Shop, shop.id)


def chat_links(client, url: str) -> list[str]:
    html = client.get(url).get_data(as_text=True)
    return [a.get("href") for a in lxml.html.fromstring(html).xpath('//a[@data-testid="whatsapp-chat"]')]


def test_the_choice_is_off_until_the_seller_ticks_it(client, seller, app):
    client, shop, product = seller
    form = lxml.html.fromstring(client.get("/seller/shop").get_data(as_text=True))
    [box] = form.xpath('//input[@name="show_whatsapp"]')
    assert box.get("type") == "checkbox" and box.get("checked") is None
    assert "Izinkan pembeli chat dengan saya lewat WhatsApp" in form.text_content()
    anonymous = app.test_client()
    assert chat_links(anonymous, f"/products/{product.slug}") == []

    assert submit(client, "/seller/shop", {**SHOP, "show_whatsapp": "y"}).status_code == 303
    assert reload(shop).show_whatsapp is True
    [link] = chat_links(anonymous, f"/products/{product.slug}")  # the cached page is renewed
    assert link.startswith("https://wa.me/6281234567890?text=")
    assert chat_links(anonymous, f"/sellers/{shop.slug}")[0].startswith("https://wa.me/6281234567890?")

    assert submit(client, "/seller/shop", SHOP).status_code == 303  # unticked: hidden again
    assert reload(shop).show_whatsapp is False
    assert chat_links(anonymous, f"/products/{product.slug}") == []


@pytest.mark.parametrize("whatsapp", ["12345", "0812-abcd-7890", "", "+1 202 555 0100"])
def test_a_bad_number_with_the_choice_is_refused_and_nothing_changes(client, seller, whatsapp):
    client, shop, _ = seller
    response = submit(client, "/seller/shop", {**SHOP, "whatsapp": whatsapp, "show_whatsapp": "y",
                                               "story": "Cerita baru."})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "0812-3456-7890" in html or "wajib" in html.lower()  # the number's own message
    shop = reload(shop)
    assert shop.show_whatsapp is False and shop.whatsapp == "+6281234567890"
    assert shop.story == "Kelompok tenun ikat."
