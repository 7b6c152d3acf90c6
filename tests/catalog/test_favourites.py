"""Favourites: the heart in shared pages, a guest sent to log in and back, the favourites page,
and the mail when a favourite is back in stock or cheaper (once a day, never for hidden
products)."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.catalog import favourites, inventory
from marketplace.catalog.favourites import Favourite
from marketplace.catalog.models import ProductStatus, StockReason
from marketplace.extensions import db
from marketplace.mail import OutboxMessage
from marketplace.timeutil import utcnow
from tests.catalog.test_caching import main
from tests.conftest import submit
from tests.factories import PASSWORD, make_product, make_user
from tests.orders.helpers import ORIGIN


@pytest.fixture(autouse=True)
def _english(client):
    client.set_cookie("lang", "en")


def favourites_of(user) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Favourite.product_id)
                                   .where(Favourite.user_id == user.id)))


def heart(client, product, referer=None, **kwargs):
    headers = {"Origin": "http://localhost"}
    if referer:
        headers["Referer"] = "http://localhost" + referer
    return client.post(f"/favourites/{product.id}", headers=headers, **kwargs)


def outbox(subject_part: str = "") -> list[OutboxMessage]:
    db.session.expire_all()
    return [m for m in db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id))
            if subject_part in m.subject]


# --- The heart ----------------------------------------------------------------------------

def test_a_buyer_hearts_a_product_sees_it_marked_and_removes_it(client, login_as):
    product = make_product(name="Selendang Buna")
    buyer = make_user()
    login_as(buyer)
    page = client.get(f"/products/{product.slug}").get_data(as_text=True)
    assert f'action="/favourites/{product.id}"' in page
    response = heart(client, product, referer=f"/products/{product.slug}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/products/{product.slug}"
    assert "favourites=1" in response.headers["Set-Cookie"]
    assert favourites_of(buyer) == [product.id]
    # Twice is still once.
    heart(client, product)
    assert favourites_of(buyer) == [product.id]
    # The per-person answer the hearts of shared pages are marked from.
    ids = client.get("/account/favourites/ids")
    assert ids.headers["Cache-Control"] == "private, no-store"
    assert json.loads(ids.get_data())["ids"] == [product.id]

    listing = client.get("/account/favourites").get_data(as_text=True)
    assert "Selendang Buna" in listing and 'data-testid="favourite"' in listing
    response = client.post(f"/favourites/{product.id}/remove", headers=ORIGIN)
    assert response.status_code == 303
    assert favourites_of(buyer) == []
    assert "Nothing kept yet" in client.get("/account/favourites").get_data(as_text=True)


def test_a_guest_who_taps_the_heart_logs_in_and_comes_back_to_the_product(client):
    product = make_product()
    buyer = make_user()
    response = heart(client, product)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/account/login?next=/products/{product.slug}"
    assert favourites_of(buyer) == []
    removed = client.post(f"/favourites/{product.id}/remove", headers=ORIGIN)
    assert removed.headers["Location"] == "/account/login?next=/account/favourites"
    login = submit(client, response.headers["Location"],
                   {"email": buyer.email, "password": PASSWORD})
    assert login.status_code == 303
    assert login.headers["Location"] == f"/products/{product.slug}"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x",
                                      "/\\evil.example", "javascript:alert(1)"])
def test_the_login_never_sends_anyone_to_another_site(client, next_url):
    buyer = make_user()
    response = submit(client, "/account/login?next=" + next_url,
                      {"email": buyer.email, "password": PASSWORD},
                      form_url="/account/login")
    assert response.headers["Location"] == "/"


def test_a_heart_from_another_site_or_for_a_hidden_product_changes_nothing(client, login_as):
    product = make_product()
    hidden = make_product(status=ProductStatus.DRAFT)
    buyer = make_user()
    login_as(buyer)
    assert client.post(f"/favourites/{product.id}").status_code == 400  # no Origin
    assert client.post(f"/favourites/{product.id}",
                       headers={"Origin": "https://evil.example"}).status_code == 400
    refused = heart(client, hidden, follow_redirects=True).get_data(as_text=True)
    assert "That product is no longer for sale." in refused
    assert client.post("/favourites/999999", headers=ORIGIN).status_code == 404
    assert favourites_of(buyer) == []
    # Kept, then taken off sale: still listed, to be removed, without a link.
    heart(client, product)
    product.status = ProductStatus.ARCHIVED
    db.session.commit()
    listing = client.get("/account/favourites").get_data(as_text=True)
    assert "(no longer for sale)" in listing and f'href="/products/{product.slug}"' not in listing


def test_anonymous_product_pages_stay_shared_and_identical_for_everyone(app, client, login_as):
    product = make_product(name="Kain Amarasi")
    url = f"/products/{product.slug}"
    first = client.get(url)
    assert "Set-Cookie" not in first.headers
    assert f'action="/favourites/{product.id}" class="fav"' in first.get_data(as_text=True)
    other = app.test_client()
    other.set_cookie("lang", "en")
    second = other.get(url)
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]
    # A buyer with favourites gets the same page body: their hearts come from /ids.
    buyer = make_user()
    login_as(buyer)
    heart(client, product)
    mine = client.get(url).get_data(as_text=True)

    main_anonymous = main(first.get_data(as_text=True))
    main_buyer = re.sub(r'<div class="flashes".*?</div>', "", main(mine), flags=re.S)
    assert main_buyer == main_anonymous
    listing = other.get("/products").get_data(as_text=True)
    assert f'action="/favourites/{product.id}"' in listing


def test_favourites_page_is_paginated_and_needs_a_log_in(client, login_as):
    assert client.get("/account/favourites").status_code in (302, 303)
    buyer = make_user()
    products = [make_product() for _ in range(3)]
    for product in products:
        db.session.add(Favourite(user_id=buyer.id, product_id=product.id))
    db.session.commit()
    login_as(buyer)
    from marketplace.catalog import favourite_routes
    favourite_routes.PER_PAGE, old = 2, favourite_routes.PER_PAGE
    try:
        first = client.get("/account/favourites").get_data(as_text=True)
        second = client.get("/account/favourites?page=2").get_data(as_text=True)
        junk = client.get("/account/favourites?page=abc")
    finally:
        favourite_routes.PER_PAGE = old
    assert first.count('data-testid="favourite"') == 2 and "Page 1 of 2" in first
    assert second.count('data-testid="favourite"') == 1
    assert junk.status_code == 200


def test_alert_settings_need_csrf_and_say_what_changed(client, login_as):
    buyer = make_user()
    product = make_product()
    db.session.add(Favourite(user_id=buyer.id, product_id=product.id))
    db.session.commit()
    login_as(buyer)
    assert client.post("/account/favourites/alerts", data={"alerts": "on"}).status_code == 400
    response = submit(client, "/account/favourites/alerts",
                      {"alerts": "on", "product_id": str(product.id)},
                      form_url="/account/favourites", follow_redirects=True)
    assert "back in stock or cheaper" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Favourite.alerts)) is True
    bad = submit(client, "/account/favourites/alerts", {"alerts": "on", "product_id": "x1"},
                 form_url="/account/favourites")
    assert bad.status_code == 400


# --- Mail when a favourite comes back or is cheaper -----------------------------------------

def watched(product, **kwargs):
    buyer = make_user()
    db.session.add(Favourite(user_id=buyer.id, product_id=product.id, alerts=True,
                             seen_price_idr=product.price_from_idr,
                             seen_in_stock=product.in_stock, **kwargs))
    db.session.commit()
    return buyer


def test_back_in_stock_is_mailed_once_and_only_to_who_asked(app):
    product = make_product(name="Madu Hutan", stocks=[0])
    buyer = watched(product)
    quiet = make_user()
    db.session.add(Favourite(user_id=quiet.id, product_id=product.id, alerts=False,
                             seen_in_stock=False))
    db.session.commit()
    inventory.adjust_stock(product.variants[0], 3, StockReason.RESTOCK, None)
    db.session.commit()
    [mail] = outbox("Madu Hutan")
    assert mail.recipient == buyer.email
    assert f"http://localhost/products/{product.slug}" in mail.body
    # More stock, sold out and back again the same day: nothing more today.
    inventory.adjust_stock(product.variants[0], 2, StockReason.RESTOCK, None)
    inventory.adjust_stock(product.variants[0], -5, StockReason.CORRECTION, None)
    inventory.adjust_stock(product.variants[0], 1, StockReason.RESTOCK, None)
    db.session.commit()
    assert len(outbox("Madu Hutan")) == 1
    # A day later the next coming back is news again.
    db.session.execute(sa.update(Favourite).values(last_alert_at=utcnow() - timedelta(days=2)))
    db.session.commit()
    inventory.adjust_stock(product.variants[0], -1, StockReason.CORRECTION, None)
    db.session.commit()
    inventory.adjust_stock(product.variants[0], 1, StockReason.RESTOCK, None)
    db.session.commit()
    assert len(outbox("Madu Hutan")) == 2


def test_a_price_drop_is_mailed_and_a_rise_is_not(app, smtp_server):
    product = make_product(name="Kopi Liberika", prices=(80_000,))
    buyer = watched(product)
    variant = product.variants[0]
    variant.price_idr = 95_000
    from marketplace.catalog.services import refresh_product_summary
    refresh_product_summary(product.id)
    db.session.commit()
    assert outbox("Kopi") == []
    variant.price_idr = 70_000
    refresh_product_summary(product.id)
    db.session.commit()
    [mail] = outbox("Kopi")
    assert mail.recipient == buyer.email and "Rp70.000" in mail.body and "Rp95.000" in mail.body
    # Through the real outbox to a real SMTP server.
    from marketplace.mail import send_pending
    send_pending()
    assert [m["To"] for m in smtp_server.messages] == [buyer.email]


def test_no_mail_for_a_hidden_product(app):
    product = make_product(name="Tenun Tersembunyi", stocks=[0])
    watched(product)
    product.status = ProductStatus.DRAFT
    db.session.commit()
    inventory.adjust_stock(product.variants[0], 3, StockReason.RESTOCK, None)
    db.session.commit()
    assert outbox("Tersembunyi") == []


def test_adding_a_favourite_of_a_full_list_is_refused(app):
    buyer = make_user()
    product = make_product()
    favourites.MAX_FAVOURITES, old = 0, favourites.MAX_FAVOURITES
    try:
        with pytest.raises(favourites.FavouriteError):
            favourites.add_favourite(buyer.id, product.id)
    finally:
        favourites.MAX_FAVOURITES = old
