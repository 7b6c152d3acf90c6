"""The product page's shipping estimate, "Ongkir mulai Rp… ke …" (issue 16): from the rate
table, for the province a buyer chose (remembered in a cookie the shared page never reads)."""
from __future__ import annotations

import pytest

import sqlalchemy as sa

from marketplace.catalog.models import ProductStatus
from marketplace.orders.models import ShippingRate
from tests.factories import make_category, make_product, make_shop



def estimate_page(client, product, **params):
    return client.get(f"/products/{product.slug}/shipping", query_string=params)


@pytest.fixture
def scarf(db):
    return make_product(make_shop(province="Nusa Tenggara Timur"), make_category(),
                        prices=(350_000,))


def test_the_product_page_offers_the_estimate_without_varying(client, scarf):
    page = client.get(f"/products/{scarf.slug}").get_data(as_text=True)
    assert f'action="/products/{scarf.slug}/shipping"' in page
    assert "<option>Papua Selatan</option>" in page
    # A remembered province changes nothing in the shared page.
    client.set_cookie("ship_to", "DKI%20Jakarta")
    again = client.get(f"/products/{scarf.slug}").get_data(as_text=True)
    assert again == page


@pytest.mark.parametrize(("province", "sentence", "detail"), [
    # 400 g packed, 30×20×5 cm (500 g volumetric): 1 kg; the cheapest service of the zone.
    ("Nusa Tenggara Timur", "Ongkir mulai Rp8.000 ke Nusa Tenggara Timur", "OKE, 2–4 hari, 1 kg"),
    ("Bali", "Ongkir mulai Rp20.000 ke Bali", "OKE, 4–7 hari, 1 kg"),
    ("DKI Jakarta", "Ongkir mulai Rp36.000 ke DKI Jakarta", "OKE, 5–9 hari, 1 kg"),
])
def test_the_estimate_for_a_chosen_province(client, scarf, province, sentence, detail):
    response = estimate_page(client, scarf, province=province)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert sentence in page and detail in page
    assert f"<option selected>{province}</option>" in page
    assert "ship_to=" in response.headers["Set-Cookie"]
    assert "private" in response.headers["Cache-Control"]


def test_chargeable_weight_counts_the_volume_of_the_pack(client, db):
    pillow = make_product(make_shop(), make_category(), prices=(90_000,))
    variant = pillow.variants[0]
    # 1.2 kg packed but 60×40×30 cm: 12 kg by volume (÷ 6000), the courier charges 12 kg.
    variant.packed_weight_g, variant.packed_length_cm = 1_200, 60
    variant.packed_width_cm, variant.packed_height_cm = 40, 30
    db.session.commit()
    page = estimate_page(client, pillow, province="DKI Jakarta").get_data(as_text=True)
    # At 12 kg, cargo (70.000 + 11 × 14.000) beats OKE (36.000 + 11 × 30.000).
    assert "Ongkir mulai Rp224.000 ke DKI Jakarta" in page
    assert "CARGO, 7–14 hari, 12 kg" in page


def test_the_lightest_option_gives_the_from_price(client, db):
    honey = make_product(make_shop(), make_category(), prices=(60_000, 150_000))
    big = honey.variants[1]
    big.packed_weight_g, big.packed_height_cm = 3_400, 20
    db.session.commit()
    page = estimate_page(client, honey, province="Bali").get_data(as_text=True)
    assert "Ongkir mulai Rp20.000 ke Bali" in page


def test_the_remembered_province_answers_the_fragment(client, scarf):
    estimate_page(client, scarf, province="Bali")
    fragment = client.get(f"/products/{scarf.slug}/shipping?fragment=1")
    text = fragment.get_data(as_text=True)
    assert "Ongkir mulai Rp20.000 ke Bali" in text
    assert "<html" not in text and "<form" not in text


def test_english(client, scarf):
    client.set_cookie("lang", "en")
    page = client.get(f"/products/{scarf.slug}/shipping?province=Bali").get_data(as_text=True)
    assert "Shipping from IDR20,000 to Bali" in page


@pytest.mark.parametrize("bad", ["Sarawak", "", "x" * 500, "Bali\x00", "<script>"])
def test_bad_provinces_get_a_message_and_no_cookie(client, scarf, bad):
    response = estimate_page(client, scarf, province=bad)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        page = response.get_data(as_text=True)
        assert "Pilih provinsi dari daftar." in page
        assert "Ongkir mulai" not in page
    assert "ship_to=" not in response.headers.get("Set-Cookie", "")


def test_a_province_without_rates_says_so(client, scarf, db):
    db.session.execute(sa.delete(ShippingRate).where(ShippingRate.zone == "national"))
    db.session.commit()
    page = estimate_page(client, scarf, province="Aceh").get_data(as_text=True)
    assert "Belum ada tarif ongkir ke Aceh" in page


def test_unknown_and_hidden_products_are_404(client, db):
    assert client.get("/products/tidak-ada/shipping?province=Bali").status_code == 404
    draft = make_product(make_shop(), make_category(), status=ProductStatus.DRAFT)
    assert client.get(f"/products/{draft.slug}/shipping?province=Bali").status_code == 404
