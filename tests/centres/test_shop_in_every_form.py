"""Centre staff keep the shop they work on in the session, which every tab shares: a form
carries the shop it was shown for, so a tab left open on one shop never writes to the shop
chosen since in another tab."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.catalog.models import Product, Shop
from marketplace.extensions import db
from marketplace.sellers.models import ShopActivity
from tests.centres.helpers import act_for, make_assisted_shop
from tests.centres.test_assisted_shops import SARONG as _SARONG
from tests.factories import make_product


def _tab(client, url: str) -> dict[str, str]:
    """A page left open in a tab: the hidden fields its form will send."""
    html = client.get(url).get_data(as_text=True)
    fields = dict(re.findall(r'<input type="hidden" name="(csrf_token|shop_id)" value="([^"]+)"', html))
    fields.update(re.findall(r'<input id="(csrf_token)" name="csrf_token" type="hidden" value="([^"]+)"', html))
    assert "csrf_token" in fields, url
    return fields


def _products_of(shop) -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(sa.select(Product.name).where(Product.shop_id == shop.id)))


@pytest.fixture
def sarong(world):
    return {**_SARONG, "category": str(world.product.category_id)}


@pytest.fixture
def second(world):
    return make_assisted_shop(world.centre, name="Madu Hutan Pak Yakobus")


def test_every_seller_form_names_its_shop(client, login_as, world):
    login_as(world.staff)
    act_for(client, world.assisted)
    for url in ("/seller/products/new", f"/seller/products/{world.product.id}/edit",
                f"/seller/products/{world.product.id}/stock",
                f"/seller/products/{world.product.id}/photos", "/seller/products",
                "/seller/shop", "/seller/products/import"):
        # (/seller/consultations/new sends staff to their centre's own requests: the centre
        # runs this shop; tests/centres/test_staff_interface.py.)
        html = client.get(url).get_data(as_text=True)
        forms = re.findall(r'<form method="post".*?</form>', html, re.S)
        assert forms, url
        for form in forms:
            if "/logout" in form or "/stop-acting" in form:
                continue  # the header's: not the shop's
            assert f'name="shop_id" value="{world.assisted.id}"' in form, (url, form[:200])


def test_a_stale_tab_cannot_create_a_product_in_the_shop_chosen_since(client, login_as, world,
                                                                       second, sarong):
    login_as(world.staff)
    act_for(client, world.assisted)
    first_tab = _tab(client, "/seller/products/new")  # for Tenun Mama Yuliana
    act_for(client, second)  # the second tab chooses the honey shop

    response = client.post("/seller/products/new", data={**first_tab, **sarong})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Tenun Mama Yuliana" in page and "Madu Hutan Pak Yakobus" in page
    assert f"/centre/shops/{world.assisted.id}" in page  # the way back to the form's shop
    assert _products_of(second) == [] and "Sarung Tenun Ikat Amarasi" not in _products_of(world.assisted)
    assert db.session.scalar(sa.select(sa.func.count(ShopActivity.id))) == 0

    # Back on the first shop, the same page sent again is saved there.
    act_for(client, world.assisted)
    assert client.post("/seller/products/new", data={**first_tab, **sarong}).status_code == 303
    assert "Sarung Tenun Ikat Amarasi" in _products_of(world.assisted)
    assert _products_of(second) == []


def test_a_stale_tab_cannot_overwrite_the_other_shops_details(client, login_as, world, second):
    login_as(world.staff)
    act_for(client, world.assisted)
    first_tab = _tab(client, "/seller/shop")
    act_for(client, second)
    response = client.post("/seller/shop", data={
        **first_tab, "name": "Tenun Mama Yuliana", "story": "Baru.",
        "region": "Nusa Tenggara Timur / Kupang", "whatsapp": "", "bank_name": "",
        "bank_account_holder": "", "bank_account_number": ""})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Shop, second.id).name == "Madu Hutan Pak Yakobus"


def test_a_stale_tab_cannot_change_a_listing_of_the_shop_chosen_since(client, login_as, world,
                                                                       second):
    honey = make_product(second, name="Madu Hutan 500 g")
    login_as(world.staff)
    act_for(client, world.assisted)
    first_tab = _tab(client, "/seller/products")
    act_for(client, second)
    response = client.post(f"/seller/products/{honey.id}/status",
                           data={**first_tab, "action": "unpublish"})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Product, honey.id).status.value == "active"


@pytest.mark.parametrize("shop_id", [None, "", "abc", "²", "99999999999999999999", "-1"])
def test_a_staff_form_without_its_shop_is_refused(client, login_as, world, shop_id, sarong):
    login_as(world.staff)
    act_for(client, world.assisted)
    fields = _tab(client, "/seller/products/new")
    fields.pop("shop_id")
    if shop_id is not None:
        fields["shop_id"] = shop_id
    response = client.post("/seller/products/new", data={**fields, **sarong})
    assert response.status_code == 409
    assert "Sarung Tenun Ikat Amarasi" not in _products_of(world.assisted)


def test_after_stopping_a_staff_form_does_not_write_to_their_own_shop(client, login_as, world, db, sarong):
    from tests.factories import make_shop

    make_shop(name="Toko Petugas", owner=world.staff)
    login_as(world.staff)
    act_for(client, world.assisted)
    first_tab = _tab(client, "/seller/products/new")
    client.post("/centre/stop-acting", data={"csrf_token": first_tab["csrf_token"]})
    response = client.post("/seller/products/new", data={**first_tab, **sarong})
    assert response.status_code == 409
    own = db.session.scalar(sa.select(Shop).where(Shop.name == "Toko Petugas"))
    assert _products_of(own) == []


def test_an_owner_whose_form_names_another_shop_is_refused(client, login_as, world, sarong):
    login_as(world.seller)
    fields = _tab(client, "/seller/products/new")
    assert fields["shop_id"] == str(world.seller_shop.id)
    fields["shop_id"] = str(world.assisted.id)
    response = client.post("/seller/products/new", data={**fields, **sarong})
    assert response.status_code == 409
    assert _products_of(world.seller_shop) == []
