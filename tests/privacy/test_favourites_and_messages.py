"""Favourites and messages about parcels in "Download my data" and "Delete my account"."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import sqlalchemy as sa

from marketplace.aftersales.messages import ParcelMessage, Side, post_message
from marketplace.catalog.favourites import Favourite
from marketplace.extensions import db
from tests.conftest import submit
from tests.factories import PASSWORD
from tests.privacy.helpers import order_as, shop_and_buyer


def test_the_download_holds_favourites_and_the_threads_of_ones_orders(app, client, login_as):
    seller, shop, product, buyer = shop_and_buyer()
    order = order_as(app, buyer, product)
    shipment = order.shipments[0]
    db.session.add(Favourite(user_id=buyer.id, product_id=product.id, alerts=True))
    post_message(shipment, Side.BUYER, buyer.id, "Kapan dikirim?")
    post_message(shipment, Side.SHOP, seller.id, "Besok pagi.")
    login_as(buyer)
    response = submit(client, "/account/data/export", {}, form_url="/account/data")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    [favourite] = list(csv.DictReader(io.StringIO(
        archive.read("favourites.csv").decode("utf-8-sig"))))
    assert favourite["product"] == "Selendang Buna"
    assert favourite["product_url"] == f"http://localhost/products/{product.slug}"
    thread = json.loads(archive.read("messages.json"))
    assert [(m["body"], m["written_by_me"], m["order"]) for m in thread] == [
        ("Kapan dikirim?", True, order.number), ("Besok pagi.", False, order.number)]


def test_deleting_the_account_removes_favourites_and_the_text_one_wrote(app, client, login_as):
    seller, shop, product, buyer = shop_and_buyer()
    order = order_as(app, buyer, product)
    shipment = order.shipments[0]
    db.session.add(Favourite(user_id=buyer.id, product_id=product.id))
    post_message(shipment, Side.BUYER, buyer.id, "Alamat saya Jl. El Tari No. 5")
    post_message(shipment, Side.SHOP, seller.id, "Terima kasih, sudah dikirim.")
    login_as(buyer)
    response = submit(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Favourite)) == 0
    kept = list(db.session.scalars(sa.select(ParcelMessage).order_by(ParcelMessage.id)))
    assert [(m.body, m.author_id) for m in kept] == [
        ("***", None), ("Terima kasih, sudah dikirim.", seller.id)]
