"""Product cards are rendered once per product, language and catalogue version and reused by
every listing (catalog/cards.py): what a buyer sees on them is never older than the page."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.catalog import search
from marketplace.catalog.models import Shop
from marketplace.catalog.services import bump_catalogue_version
from tests.factories import make_category, make_product, make_shop, make_user


def cards(html: str) -> list[str]:
    return re.findall(r'<article class="card">(.*?)</article>', html, re.S)


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.fixture
def listed(db, search_dir):
    cloth = make_category("Tenun Ikat", "Ikat weaving")
    shop = make_shop(name="Tenun Ina Kupang", regency="Kupang")
    sarung = make_product(shop, cloth, name="Sarung Tenun Ikat Amarasi", prices=(1_250_000,))
    make_product(shop, cloth, name="Selendang Tenun Ikat Kecil", prices=(275_000,), stocks=(0,))
    db.session.commit()
    search.rebuild()
    return shop, sarung


PAGES = ("/products", "/search?q=tenun")


def test_a_shop_or_product_change_shows_at_once_on_every_listing(client, db, listed, login_as):
    shop, sarung = listed
    for url in PAGES:
        assert all("Tenun Ina Kupang" in card for card in cards(get(client, url)))
    db.session.execute(sa.update(Shop).where(Shop.id == shop.id).values(name="Ikat Timor Sejati"))
    bump_catalogue_version()  # what every service changing a shop does
    db.session.commit()
    for url in PAGES:  # another page (a filter), the same cards: rendered again
        page = get(client, url + ("&" if "?" in url else "?") + "sort=price_asc")
        assert len(cards(page)) == 2
        assert all("Ikat Timor Sejati" in card for card in cards(page))

    sarung.name = "Sarung Tenun Ikat Buna"
    search.index_products([sarung.id])
    bump_catalogue_version()
    db.session.commit()
    search.apply_pending()
    buyer = make_user(name="Maria Buyer")
    db.session.commit()
    login_as(buyer)  # a signed-in buyer's pages are rendered around the cached parts
    for url in PAGES:
        assert "Sarung Tenun Ikat Buna" in get(client, url + ("&" if "?" in url else "?") + "sort=price_desc")


def test_cards_are_in_the_language_of_the_page(client, listed):
    indonesian = get(client, "/products")
    english = get(client, "/products?lang=en")
    sold_out = [card for card in cards(indonesian) if "Selendang" in card]
    assert "Habis" in sold_out[0] and "Sold out" not in sold_out[0]
    assert "Sold out" in [card for card in cards(english) if "Selendang" in card][0]
    assert "Habis" not in get(client, "/search?q=selendang&lang=en")


def test_the_same_card_keeps_each_listings_snippet_and_photo_loading(client, listed):
    """A card is kept without what differs between two listings of it: the search's snippet
    and whether its photo loads at once (the first row)."""
    catalogue = cards(get(client, "/products"))
    found = cards(get(client, "/search?q=sarung"))
    assert 'class="card-snippet"' not in "".join(catalogue)
    assert '<mark>' in found[0] or 'class="card-snippet"' in found[0]
