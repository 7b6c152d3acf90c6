"""Reviews in a person's data: in the download, with their photos; after erasure the words
and stars stay, shown as by an anonymous buyer, without the photos."""
from __future__ import annotations

import io
import json
import zipfile

import sqlalchemy as sa

from marketplace.aftersales import reviews
from marketplace.catalog.models import Product
from marketplace.catalog.review_models import Review, ReviewPhoto
from marketplace.extensions import db
from marketplace.orders.models import Shipment
from tests.conftest import submit
from tests.factories import PASSWORD, photo_bytes
from tests.privacy.helpers import BUYER, order_as, shop_and_buyer


def _reviewed(app):
    seller, shop, product, buyer = shop_and_buyer()
    order = order_as(app, buyer, product)
    parcel = db.session.get(Shipment, order.shipments[0].id)
    reviews.write_review(parcel, product.id, stars=4, text="Tenunnya rapi, Maria Nenobais senang.",
                         photos=[("a.jpg", photo_bytes())])
    return product, buyer


def test_the_download_carries_the_reviews_and_their_photos(app, client, login_as):
    product, buyer = _reviewed(app)
    login_as(buyer)
    response = submit(client, "/account/data/export", {}, form_url="/account/data")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    [row] = json.loads(archive.read("reviews.json"))
    assert (row["product"], row["stars"], row["shown_as"]) == ("Selendang Buna", 4, "Maria")
    [photo] = row["photos"]
    assert archive.read(photo)[:4] == b"RIFF"


def test_an_erased_buyers_review_stays_anonymous_without_photos(app, client, login_as):
    product, buyer = _reviewed(app)
    login_as(buyer)
    assert submit(client, "/account/delete", {"password": PASSWORD}).status_code == 303
    db.session.expire_all()
    [review] = db.session.scalars(sa.select(Review)).all()
    assert (review.author_name, review.user_id, review.stars, review.photo_count) == ("", None, 4, 0)
    assert "Tenunnya rapi" in review.text and BUYER["name"] not in review.text  # scrubbed
    assert db.session.scalar(sa.select(sa.func.count(ReviewPhoto.id))) == 0
    assert db.session.get(Product, product.id).review_count == 1
    visitor = app.test_client()
    visitor.set_cookie("lang", "en")
    page = visitor.get(f"/products/{product.slug}").get_data(as_text=True)
    assert "Tenunnya rapi" in page and "A buyer" in page and "Maria" not in page
