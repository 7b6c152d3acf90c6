"""sitemap.xml (an index of id-range files with lastmod) and robots.txt."""
from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree

import pytest

from marketplace.catalog.models import ProductStatus, ShopStatus
from tests.factories import make_category, make_product, make_shop

BASE = "https://sentra.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def small_files(app):
    app.config["PUBLIC_BASE_URL"] = BASE
    app.config["SITEMAP_CHUNK_SIZE"] = 2


def read(client, url: str) -> list[tuple[str, str | None]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/xml"
    root = ElementTree.fromstring(response.data)
    return [(entry.findtext("s:loc", namespaces=NS), entry.findtext("s:lastmod", namespaces=NS))
            for entry in root]


def path(url: str) -> str:
    assert url.startswith(BASE), url
    return url[len(BASE):]


def test_robots_txt_points_at_the_sitemap_and_keeps_out_private_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert "User-agent: *" in lines
    assert {"Disallow: /account/", "Disallow: /seller/", "Disallow: /admin/",
            "Disallow: /checkout"} <= set(lines)
    assert "Disallow: /" not in lines  # the storefront itself stays open


def test_the_index_lists_files_of_at_most_the_chunk_size_with_every_visible_product(client, db):
    category = make_category()
    shop = make_shop()
    shown = [make_product(shop, category) for _ in range(5)]
    draft = make_product(shop, category, status=ProductStatus.DRAFT)
    blocked = make_product(shop, category)
    blocked.blocked_reason = "Foto milik orang lain"
    suspended = make_shop()
    hidden_by_shop = make_product(suspended, category)
    suspended.status = ShopStatus.SUSPENDED
    db.session.commit()

    index = read(client, "/sitemap.xml")
    files = [path(loc) for loc, _ in index]
    assert files[0] == "/sitemaps/pages.xml"
    product_files = [f for f in files if f.startswith("/sitemaps/products-")]
    listed, lastmods = {}, {}
    for file in product_files:
        entries = read(client, file)
        assert 1 <= len(entries) <= 2, file
        for loc, lastmod in entries:
            listed[path(loc)] = lastmod
        lastmods[file] = max(lastmod for _, lastmod in entries)
    assert set(listed) == {f"/products/{p.slug}" for p in shown}
    for product in (draft, blocked, hidden_by_shop):
        assert f"/products/{product.slug}" not in listed
    # Each file's lastmod in the index is the newest change among what it lists.
    assert {path(loc): lastmod for loc, lastmod in index if path(loc) in lastmods} == lastmods
    for lastmod in listed.values():
        datetime.fromisoformat(lastmod)  # W3C date-time
    shops = [path(loc) for f in files if f.startswith("/sitemaps/shops-") for loc, _ in read(client, f)]
    assert shops == [f"/sellers/{shop.slug}"]  # not the suspended one


def test_a_change_shows_in_the_sitemap_and_a_product_keeps_its_file(client, db):
    shop = make_shop()
    first = make_product(shop)
    file = f"/sitemaps/products-{first.id // 2}.xml"
    assert (f"{BASE}/products/{first.slug}") in dict(read(client, file))
    make_product(shop, name="Kopi Krayan")  # a new product bumps the catalogue version
    assert f"{BASE}/products/{first.slug}" in dict(read(client, file))
    index = [path(loc) for loc, _ in read(client, "/sitemap.xml")]
    assert len([f for f in index if f.startswith("/sitemaps/products-")]) >= 1


def test_pages_list_home_centres_and_categories(client, db):
    category = make_category("Kopi", "Coffee")
    pages = [path(loc) for loc, _ in read(client, "/sitemaps/pages.xml")]
    assert pages[0] == "/" and "/sentra/" in pages
    assert f"/products?category={category.slug}" in pages


def test_files_that_list_nothing_are_not_found(client, db):
    assert client.get("/sitemaps/products-999.xml").status_code == 404
    assert client.get("/sitemaps/orders-0.xml").status_code == 404
    assert client.get("/sitemaps/products-99999999999999999999.xml").status_code == 404
    assert client.get("/sitemaps/products-2147483647.xml").status_code == 404  # ids beyond int4
    assert client.get("/sitemaps/shops-1073741823.xml").status_code == 404  # the last ids


def test_the_index_costs_a_few_statements_whatever_the_catalogue_and_is_then_cached(
        client, db, count_queries):
    shop = make_shop()
    for _ in range(6):
        make_product(shop)
    with count_queries() as first:
        client.get("/sitemap.xml")
    # The versions, the newest change, one grouped query per kind: never a row per product.
    assert first.count <= 4, first.statements
    assert not any("products.slug" in s for s in first.statements)
    with count_queries() as again:
        assert client.get("/sitemap.xml").status_code == 200
    assert again.count <= 1, again.statements  # the data versions only
