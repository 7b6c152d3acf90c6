"""Track my order: a guest finds their order by number and e-mail; a wrong e-mail and an unknown
number get the same answer; tries are limited per address."""
from __future__ import annotations

import pytest

from marketplace.orders.order_links import access_token
from tests.admin.helpers import place, two_shop_products
from tests.conftest import submit

SAME_ANSWER = "We found no order with this number and e-mail address."


@pytest.fixture(autouse=True)
def _english(client):
    client.set_cookie("lang", "en")


@pytest.fixture
def order(app):
    tenun, _madu = two_shop_products()
    _buyer, placed = place(app, [tenun])
    return placed


def track(client, number, email):
    return submit(client, "/track", {"number": number, "email": email})


def test_a_guest_finds_their_order_by_number_and_email(client, order):
    assert "Track my order" in client.get("/").get_data(as_text=True)
    response = track(client, " " + order.number.lower() + " ", order.email.upper())
    assert response.status_code == 303
    assert response.headers["Location"] == (
        f"/orders/{order.number}?t={access_token(order)}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert order.number in page


def test_wrong_email_and_unknown_number_get_the_same_answer(client, order):
    wrong_email = track(client, order.number, "someone-else@contoh.id")
    unknown = track(client, "SEN-0000-XXXXXX", order.email)
    assert wrong_email.status_code == unknown.status_code == 400
    assert SAME_ANSWER in wrong_email.get_data(as_text=True)
    assert SAME_ANSWER in unknown.get_data(as_text=True)

    def answer(response):
        text = response.get_data(as_text=True)
        return text[text.index('<div class="alert"'):text.index("</div>", text.index('<div class="alert"'))]
    assert answer(wrong_email) == answer(unknown)


@pytest.mark.parametrize("fields", [
    {"number": "", "email": ""},
    {"number": "x" * 500, "email": "a@b.id"},
    {"number": "SEN", "email": "y" * 300},
])
def test_bad_input_is_answered_with_a_message(client, order, fields):
    response = track(client, **fields)
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)


def test_the_form_needs_its_token(client, order):
    response = client.post("/track", data={"number": order.number, "email": order.email})
    assert response.status_code == 400
    assert "not right" in response.get_data(as_text=True)


def test_tries_are_limited(app, client, order):
    app.config["TRACK_ORDER_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert track(client, order.number, "wrong@contoh.id").status_code == 400
    limited = track(client, order.number, order.email)  # even the right answer waits now
    assert limited.status_code == 429
    assert "Too many tries" in limited.get_data(as_text=True)
