"""Couriers: what sellers type maps to a known courier and its tracking page."""
import pytest

from marketplace.orders.couriers import COURIERS, known_courier, tracking_page


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
