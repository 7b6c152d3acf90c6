"""Couriers: what sellers type maps to a known courier and its tracking page."""
import pytest

from marketplace.extensions import db as _db
from marketplace.orders import services
from marketplace.orders.couriers import COURIERS, known_courier, tracking_link, tracking_page
from marketplace.orders.models import Shipment
from tests.factories import make_category, make_product, make_shop
from tests.orders.helpers import add, checkout, latest_order


@pytest.mark.parametrize(("typed", "known"), [
    ("JNE", "JNE"), ("jne", "JNE"), ("J&T", "J&T Express"), ("J&T Express", "J&T Express"),
    ("jnt", "J&T Express"), ("SiCepat", "SiCepat"), ("sicepat ekspres", "SiCepat"),
    ("POS Indonesia", "Pos Indonesia"), ("Pos", "Pos Indonesia"), ("Lion Parcel", "Lion Parcel"),
])
def test_names_sellers_type_are_known(typed, known):
    assert known_courier(typed) == known
    assert tracking_page(typed) == COURIERS[known]


@pytest.mark.parametrize("typed", ["Kurir Pak Yosef", "", None])
def test_other_couriers_get_no_link(typed):
    assert tracking_page(typed) is None


@pytest.mark.parametrize(("typed", "number", "url"), [
    # Their public lookups take the number in the address: the link opens it filled in.
    ("Lion Parcel", "11LP1776000123", "https://lionparcel.com/track/stt?q=11LP1776000123"),
    ("lion", " 11LP99 ", "https://lionparcel.com/track/stt?q=11LP99"),
    ("Ninja Xpress", "NLIDAP123456", "https://www.ninjaxpress.co/id-id/tracking?id=NLIDAP123456"),
    # Whatever a seller typed stays inside the one parameter.
    ("ninja", "A&B/C?d=1 #2", "https://www.ninjaxpress.co/id-id/tracking?id=A%26B%2FC%3Fd%3D1%20%232"),
])
def test_lookups_that_take_the_number_open_filled_in(typed, number, url):
    link = tracking_link(typed, number)
    assert link.url == url and link.prefilled


@pytest.mark.parametrize("typed", ["JNE", "J&T", "SiCepat", "Pos", "AnterAja"])
def test_other_known_couriers_link_to_their_tracking_page(typed):
    link = tracking_link(typed, "X123")
    assert link.url == COURIERS[known_courier(typed)] and not link.prefilled


@pytest.mark.parametrize(("typed", "number"), [("Kurir Pak Yosef", "1"), ("JNE", ""), ("JNE", None),
                                               (None, "1")])
def test_no_link_without_a_known_courier_and_a_number(typed, number):
    assert tracking_link(typed, number) is None


def test_the_order_page_links_to_the_filled_in_lookup(client, db):
    """Paid, shipped with Ninja Xpress: the buyer's link opens the lookup with the number."""
    shop = make_shop(name="Tenun Ina Kupang", regency="Kupang")
    add(client, make_product(shop, make_category(), prices=(150_000,), stocks=[5]).variants[0])
    checkout(client)
    order = latest_order()
    services.mark_paid(order, actor_id=None, actor_label="test")
    _db.session.commit()
    shipment = _db.session.get(Shipment, order.shipments[0].id)
    services.ship(shipment, courier="Ninja Xpress", tracking_number="NLIDAP77", actor_id=None)
    page = client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert 'href="https://www.ninjaxpress.co/id-id/tracking?id=NLIDAP77"' in page
    assert "NLIDAP77 there" not in page and "NLIDAP77 di sana" not in page  # nothing to paste
