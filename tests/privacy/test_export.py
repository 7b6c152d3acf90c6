"""Download my data: a ZIP of JSON and CSV with the person's photos; prepared in the
background and announced by mail for a large account."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.mail import OutboxMessage
from marketplace.privacy import export
from marketplace.privacy.models import DataExport
from tests.conftest import submit
from tests.factories import make_user
from tests.orders.helpers import KUPANG
from tests.privacy.helpers import BUYER, SELLER, order_as, shop_and_buyer


def download(client):
    return submit(client, "/account/data/export", {}, form_url="/account/data")


def test_a_buyer_downloads_account_addresses_orders_and_consent(app, client, login_as):
    seller, shop, product, buyer = shop_and_buyer()
    order = order_as(app, buyer, product)
    login_as(buyer)
    response = download(client)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    [account] = json.loads(archive.read("account.json"))
    assert account["email"] == BUYER["email"] and "password_hash" not in account
    [address] = json.loads(archive.read("addresses.json"))
    assert address["street"] == KUPANG["street"]
    [row] = list(csv.DictReader(io.StringIO(archive.read("orders_summary.csv").decode("utf-8-sig"))))
    assert row["number"] == order.number and row["total_idr"] == str(order.total_idr)
    [placed] = json.loads(archive.read("orders.json"))
    assert placed["shipments"][0]["lines"][0]["product_name"] == "Selendang Buna"
    assert {r["document"] for r in json.loads(archive.read("consent.json"))} == {"privacy", "terms"}
    assert json.loads(archive.read("shop.json")) == []


def test_a_seller_gets_the_shop_products_and_photos(app, client, login_as):
    seller, shop, product, buyer = shop_and_buyer()
    login_as(seller)
    archive = zipfile.ZipFile(io.BytesIO(download(client).data))
    [data] = json.loads(archive.read("shop.json"))
    assert data["name"] == shop.name
    assert "Selendang Buna" in archive.read("products.csv").decode()
    photos = [n for n in archive.namelist() if n.startswith("photos/products/")]
    assert len(photos) == 1 and archive.read(photos[0])[:4] == b"RIFF"  # a WebP


def test_a_package_joins_the_download_through_the_extension_point(app, client, login_as):
    # Reviews, favourites and messages joined this way (privacy.review_data, export.py). A name
    # of its own, and the sections as they were afterwards: a real section replaced here and
    # not put back would be missing from every later test of this process.
    before = list(export.SECTIONS)
    export.register_section(export.Section("test_extra", lambda user: [{"text": "Halo"}]))
    try:
        login_as(make_user())
        archive = zipfile.ZipFile(io.BytesIO(download(client).data))
        assert json.loads(archive.read("test_extra.json")) == [{"text": "Halo"}]
    finally:
        export.SECTIONS[:] = before


def test_a_large_account_is_prepared_in_the_background_and_announced_by_mail(
        app, client, login_as, runner):
    seller, shop, product, buyer = shop_and_buyer()
    order_as(app, buyer, product)
    app.config["DATA_EXPORT_INLINE_MAX_ORDERS"] = 0
    login_as(buyer)
    response = download(client)
    assert response.status_code == 303
    assert "disiapkan" in client.get("/account/data").get_data(as_text=True)
    assert download(client).status_code == 303  # asking twice queues one
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DataExport)) == 1

    result = runner.invoke(args=["privacy", "prepare-exports"])
    assert "1 download(s) prepared" in result.output, result.output
    db.session.expire_all()
    mail = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == BUYER["email"]).order_by(OutboxMessage.id.desc()))
    link = re.search(r"http://localhost(/account/data/exports/\d+)", mail.body).group(1)
    got = client.get(link)
    data = got.data
    got.close()  # the file the response streams
    assert got.status_code == 200 and zipfile.ZipFile(io.BytesIO(data)).read("account.json")

    # Only its owner downloads it.
    other = app.test_client()
    submit(other, "/account/login", {"email": SELLER["email"], "password": "kain-tenun-ikat-2026"})
    assert other.get(link).status_code == 303


def test_download_needs_sign_in_and_csrf(client, login_as):
    assert client.post("/account/data/export").status_code in (302, 400)
    login_as(make_user())
    assert client.post("/account/data/export").status_code == 400
