"""The address form asks for the chosen country's fields only, with the right input types
(issue 16); the country comes first (a plain GET without JavaScript)."""
from __future__ import annotations

import re

from tests.factories import make_product, make_shop
from tests.orders.helpers import add


def address_page(client, query: str = "") -> str:
    shop = make_shop(name="Tenun Ina Belu", regency="Belu")
    add(client, make_product(shop, name="Selendang", prices=(250_000,)).variants[0])
    response = client.get(f"/checkout{query}", headers={"Accept-Language": "id"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def field(html: str, name: str) -> str:
    match = re.search(rf'<(input|select)[^>]*\bname="{name}"[^>]*>', html)
    return match.group(0) if match else ""


def test_indonesia_by_default_with_its_fields_and_the_province_as_a_list(client, db):
    html = address_page(client)
    assert re.search(r'<option value="ID" selected>', html)
    assert 'type="hidden" name="country" value="ID"' in html
    assert field(html, "region").startswith("<select")
    assert '<option value="Nusa Tenggara Timur"' in html
    assert 'type="tel"' in field(html, "phone") and 'autocomplete="tel"' in field(html, "phone")
    assert 'inputmode="numeric"' in field(html, "postal_code")
    assert 'type="email"' in field(html, "email") and 'autocomplete="email"' in field(html, "email")
    for name in ("village", "district", "city"):
        assert field(html, name), name
    assert 'aria-current="step"' in html  # the step indicator


def test_another_country_shows_its_own_fields(client, db):
    html = address_page(client, "?country=SG")
    assert 'type="hidden" name="country" value="SG"' in html
    assert field(html, "postal_code") and not field(html, "region") and not field(html, "village")
    html = client.get("/checkout?country=MY").get_data(as_text=True)
    assert field(html, "region").startswith("<select") and "Sarawak" in html
    assert not field(html, "village")


def test_an_unknown_country_in_the_address_falls_back_to_indonesia(client, db):
    html = address_page(client, "?country=XX")
    assert 'type="hidden" name="country" value="ID"' in html
