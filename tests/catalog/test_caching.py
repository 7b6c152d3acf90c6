"""Storefront caching: what a visitor without a session gets (shared HTML, ETag, 304), what a
visitor with one gets (their own header around cached fragments), and that every kind of
change shows at once on the pages it touches."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.catalog import featured, versions
from marketplace.catalog.models import SiteSetting, StockReason
from tests.conftest import submit
from tests.factories import PASSWORD, make_category, make_product, make_shop, make_user
from tests.orders.helpers import ORIGIN

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def main(page: str) -> str:
    """The part of the page that is the same for everyone: title and <main>."""
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    return title + re.search(r'<main id="main" class="wrap">(.*)</main>', page, re.S).group(1)


def admin():
    return make_user(name="Admin Sentra", roles=("admin",))


@pytest.fixture
def store(db):
    shop = make_shop(name="Tenun Ina Bo'i")
    category = make_category()
    product = make_product(shop, category, name="Selendang Amarasi", photos=1,
                           prices=(150_000, 90_000), stocks=[4, 2], featured=True)
    return shop, category, product


def pages(shop, product) -> list[str]:
    return ["/", "/products", f"/products?category={product.category.slug}&sort=price_asc&page=1",
            f"/products/{product.slug}", f"/sellers/{shop.slug}"]


# --- Visitors without a session --------------------------------------------------------------

def test_anonymous_pages_are_shared_revalidated_and_open_no_session(client, store):
    shop, _category, product = store
    for url in pages(shop, product):
        first = client.get(url)
        assert first.status_code == 200
        assert "Set-Cookie" not in first.headers, url
        assert first.headers["Cache-Control"] == "no-cache"
        assert "Cookie" in first.headers["Vary"]
        etag = first.headers["ETag"]
        assert etag.startswith('W/"')

        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b""
        assert again.headers["ETag"] == etag and "Set-Cookie" not in again.headers
        # Another language is another page.
        client.set_cookie("lang", "en")
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200
        client.delete_cookie("lang")


def test_a_page_from_the_cache_goes_out_with_the_headers_of_the_rendered_one(client, store):
    """A cached answer's headers are sent as they are (caching.CachedAnswer), not copied and
    fixed as werkzeug does: the same headers as when rendered, its length, and a 304 without
    the body's headers."""
    shop, _category, product = store
    for url in pages(shop, product):
        rendered, cached = client.get(url), client.get(url)
        assert cached.status_code == rendered.status_code == 200
        assert cached.data == rendered.data
        assert cached.headers["Content-Length"] == str(len(cached.data))

        def seen(response):
            return sorted((name, value) for name, value in response.headers.items()
                          if name != "X-Request-ID")

        assert seen(cached) == seen(rendered), url
        head = client.head(url)
        assert head.data == b"" and head.headers["Content-Length"] == str(len(cached.data))
        not_modified = client.get(url, headers={"If-None-Match": cached.headers["ETag"]})
        assert not_modified.status_code == 304
        assert "Content-Type" not in not_modified.headers
        assert "Content-Length" not in not_modified.headers


def test_a_304_and_a_cached_page_read_only_the_data_versions(app, client, store, count_queries):
    # Tests read the versions on every request (TestingConfig); production keeps them 1 s.
    shop, _category, product = store
    for url in pages(shop, product):
        etag = client.get(url).headers["ETag"]
        with count_queries() as cached:
            assert client.get(url).status_code == 200
        with count_queries() as revalidated:
            assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        # The home page reads its curation too while no curation was ever saved by an admin.
        budget = 2 if url == "/" else 1
        assert cached.count <= budget, (url, cached.statements)
        assert revalidated.count <= budget, (url, revalidated.statements)
        assert "site_settings" in cached.statements[0]


@pytest.mark.parametrize("n", [2, 30])
def test_rendering_a_page_runs_as_many_queries_whatever_its_size(app, client, db, count_queries,
                                                                  n):
    app.config["CATALOG_PAGE_SIZE"] = 24
    shop, category = make_shop(), make_category()
    products = [make_product(shop, category, photos=1, prices=(10_000, 20_000), featured=True)
                for _ in range(n)]
    counts = {}
    for url in pages(shop, products[0]):
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts[url] = counter.count
    # Measured once with 2 products, once with 30 (more than a page): the same counts. In
    # this order the home page loads the categories, which the other pages find cached. The
    # product page's related cards have their photos joined (with reviews: see
    # tests/aftersales/test_reviews.py, six at most).
    expected = {"/": 6, "/products": 4, f"/products?category={category.slug}&sort=price_asc&page=1": 4,
                f"/products/{products[0].slug}": 4, f"/sellers/{shop.slug}": 5}
    assert counts == {url: expected[url] for url in counts}


def test_versions_are_kept_a_moment_by_each_process_and_forgotten_by_the_one_that_commits(
        app, client, db, store, count_queries, monkeypatch):
    import time

    from marketplace.catalog import inventory

    app.config["CACHE_VERSION_TTL"] = 30
    _shop, _category, product = store
    url = f"/products/{product.slug}"
    assert "Sisa 4" in seen(client, url)
    with count_queries() as counter:
        assert "Sisa 4" in seen(client, url)
    assert counter.count == 0  # versions remembered, page cached: no SQL at all

    # A change committed by this process: shown at once.
    inventory.adjust_stock(product.active_variants[0], -1, StockReason.SALE, None)
    db.session.commit()
    assert "Sisa 3" in seen(client, url)

    # A change committed by another process (another worker, another server): seen when this
    # process reads the versions again, within CACHE_VERSION_TTL.
    table = db.metadata.tables["product_variants"]
    with db.engine.begin() as other_process:
        other_process.execute(table.update().where(table.c.id == product.active_variants[0].id)
                              .values(stock=1))
        from marketplace.catalog.services import increment_setting

        increment_setting(other_process, versions.CATALOGUE_VERSION_KEY)
    assert "Sisa 3" in seen(client, url)
    later = time.monotonic() + 31
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert "Sisa 1" in seen(client, url)


def test_the_catalogue_count_and_region_counts_are_kept_per_catalogue_version(client, store,
                                                                             count_queries):
    shop, _category, product = store
    client.get("/products")
    with count_queries() as counter:  # page 2 of the same filter: the count is known already
        client.get("/products?page=2&sort=price_desc")
    assert not any("count(" in s for s in counter.statements), counter.statements
    make_product(shop, name="Madu Hutan Kapuas")  # a change: counted again
    with count_queries() as counter:
        client.get("/products?sort=price_desc&page=3")
        client.get("/?fresh=1")
    assert sum("count(" in s for s in counter.statements) == 2


# --- Visitors with a session -------------------------------------------------------------------

def test_cached_pages_never_carry_anyones_own_data(app, client, db, store, login_as):
    shop, _category, product = store
    anonymous = app.test_client()
    url = f"/products/{product.slug}"
    shared_before = html(anonymous.get(url))

    buyer = make_user(name="Maria Goreti")
    login_as(buyer)
    mine = html(client.get(url))
    assert "Maria Goreti" in mine
    token = CSRF.search(mine).group(1)
    assert client.get(url).headers.get("ETag") is None
    assert client.get(url).headers["Cache-Control"] == "private, no-cache"
    # Her page is rendered around the same cached fragments.
    assert main(mine) == main(shared_before)

    # Add to the cart: her next page says so, and her cart holds it.
    variant = product.active_variants[0]
    assert client.post("/cart/add", data={"variant_id": variant.id, "quantity": 1},
                       headers=ORIGIN).status_code == 303
    flashes = html(client.get(url)).split('<main id="main"')[1].split("</div>")[0]
    assert "Selendang Amarasi sudah masuk ke keranjang" in flashes  # her message, above the page
    assert "Selendang Amarasi" in html(client.get("/cart"))

    # Another buyer gets a token of their own, not hers.
    other = app.test_client()
    submit(other, "/account/login", {"email": make_user(name="Yohanes").email,
                                     "password": PASSWORD})
    others = html(other.get(url))
    assert "Yohanes" in others and "Maria Goreti" not in others
    assert CSRF.search(others).group(1) != token

    for page in (html(anonymous.get(url)), html(anonymous.get("/")), html(anonymous.get("/products"))):
        assert "Maria Goreti" not in page and "Yohanes" not in page
        assert "csrf_token" not in page
        assert "masuk ke keranjang" not in page and "is in your cart" not in page
        assert 'href="/account/login"' in page  # the header of someone not signed in
    assert "Set-Cookie" not in anonymous.get(url).headers


def test_a_signed_in_visitor_gets_the_same_page_from_cached_fragments(client, store, login_as,
                                                                     count_queries):
    shop, _category, product = store
    login_as(make_user(name="Maria Goreti"))
    for url in pages(shop, product):
        rendered = html(client.get(url))
        with count_queries() as counter:
            from_fragments = html(client.get(url))
        assert main(from_fragments) == main(rendered), url
        assert "Maria Goreti" in from_fragments
        # Versions, the user and their shop for the header: nothing of the page's own data.
        assert not any("FROM products" in s or "FROM product_variants" in s
                       for s in counter.statements), (url, counter.statements)


def test_a_visitor_with_a_remember_me_cookie_only_is_not_served_shared_html(app, client, store,
                                                                           login_as):
    _shop, _category, product = store
    url = f"/products/{product.slug}"
    client.get(url)  # cached for everyone without a session
    buyer = make_user(name="Maria Goreti")
    submit(client, "/account/login", {"email": buyer.email, "password": PASSWORD,
                                      "remember": "y"})
    remembered = app.test_client()
    remembered.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert "Maria Goreti" in html(remembered.get(url))


# --- Every kind of change shows at once ---------------------------------------------------------

def seen(client, url: str) -> str:
    response = client.get(url)
    return response.get_data(as_text=True) if response.status_code == 200 else str(
        response.status_code)


def test_stock_changes_show_at_once(client, db, store):
    from marketplace.catalog import inventory

    _shop, _category, product = store
    url = f"/products/{product.slug}"
    assert "Sisa 4" in seen(client, url)
    variant = product.active_variants[0]
    inventory.adjust_stock(variant, -4, StockReason.CORRECTION, None)
    db.session.commit()
    page = seen(client, url)
    assert "Sisa 4" not in page


def test_a_sale_shows_at_once_and_a_sold_out_product_leaves_the_home_page(client, db, store):
    from marketplace.catalog import inventory

    _shop, _category, product = store
    assert 'data-testid="price"' in seen(client, f"/products/{product.slug}")
    assert "Selendang Amarasi" in seen(client, "/")
    for variant in product.active_variants:
        inventory.adjust_stock(variant, -variant.stock, StockReason.SALE, None)
    db.session.commit()
    assert 'class="stock out"' in seen(client, f"/products/{product.slug}")
    assert 'id="featured-h"' not in seen(client, "/")


def test_listing_status_and_photos_show_at_once(client, db, store):
    from marketplace.catalog.models import ProductStatus
    from marketplace.sellers import listings, photos

    _shop, _category, product = store
    url = f"/products/{product.slug}"
    assert 'alt="Selendang Amarasi foto 1"' in seen(client, url)
    photos.describe_photo(product.images[0], "Motif buaya, merah", False)
    assert 'alt="Motif buaya, merah"' in seen(client, url)
    assert "Selendang Amarasi" in seen(client, "/products")
    listings.change_status(product, ProductStatus.DRAFT)
    assert "Selendang Amarasi" not in seen(client, "/products")
    assert seen(client, url) == "404"


def test_shop_changes_show_at_once(client, db, store):
    from marketplace.admin import shops as admin_shops
    from marketplace.sellers import services

    shop, _category, product = store
    assert "Kelompok tenun ikat." in seen(client, f"/sellers/{shop.slug}")
    services.update_shop(shop, services.ShopDetails(
        name="Tenun Ina Bo'i", story="Dua puluh penenun di Amarasi.", province=shop.province,
        regency=shop.regency, cooperative=None, whatsapp="+6281234567890", bank_name="BRI",
        bank_account_holder="Ina", bank_account_number=None, is_pkp=False))
    assert "Dua puluh penenun di Amarasi." in seen(client, f"/sellers/{shop.slug}")

    boss = admin()
    admin_shops.suspend(shop, actor=boss, reason="Foto produk bukan milik toko ini.")
    assert seen(client, f"/products/{product.slug}") == "404"
    assert "Selendang Amarasi" not in seen(client, "/products")
    admin_shops.reinstate(shop, actor=boss)
    assert "Selendang Amarasi" in seen(client, "/products")


def test_verification_shows_at_once(client, db):
    from marketplace.admin import shops as admin_shops

    shop = make_shop(verified=False)
    make_product(shop)
    assert "belum diverifikasi" in seen(client, f"/sellers/{shop.slug}") or \
        "not been verified" in seen(client, f"/sellers/{shop.slug}")
    admin_shops.verify(shop, actor=admin())
    page = seen(client, f"/sellers/{shop.slug}")
    assert "belum diverifikasi" not in page and "not been verified" not in page


def test_a_take_down_shows_at_once(client, db, store):
    from marketplace.admin import moderation

    _shop, _category, product = store
    assert "Selendang Amarasi" in seen(client, "/")
    moderation.take_down(product, reason="Klaim bahan tidak benar.", actor=admin())
    assert seen(client, f"/products/{product.slug}") == "404"
    assert "Selendang Amarasi" not in seen(client, "/")
    assert "Selendang Amarasi" not in seen(client, "/products")


def test_category_changes_show_at_once(client, db, store):
    from marketplace.admin import categories

    _shop, category, _product = store
    assert "Tenun Ikat" in seen(client, "/")
    categories.update_category(category, "Kain Tenun NTT", "NTT weaving", category.default_kind,
                               actor=admin())
    page = seen(client, "/")
    assert "Kain Tenun NTT" in page
    assert "Kain Tenun NTT" in seen(client, f"/products?category={category.slug}")


def test_curation_and_its_time_windows_show_at_once(client, db, store, monkeypatch):
    from marketplace.admin import curation
    from marketplace.catalog.display_models import FeaturedSection
    from marketplace.timeutil import utcnow

    shop, category, _product = store
    honey = make_product(shop, category, name="Madu Hutan Kapuas")
    home = db.session.scalar(sa.select(FeaturedSection).where(FeaturedSection.key == "home"))
    assert "Madu Hutan Kapuas" not in seen(client, "/").split('id="newest-h"')[0]
    now = utcnow()
    curation.add_entry(home, honey.id, ends_at=now + timedelta(hours=1), actor=admin())
    assert "Madu Hutan Kapuas" in seen(client, "/").split('id="newest-h"')[0]
    # An hour later its window has closed, with nobody changing anything.
    monkeypatch.setattr(featured, "utcnow", lambda: now + timedelta(hours=2))
    assert "Madu Hutan Kapuas" not in seen(client, "/").split('id="newest-h"')[0]


def test_exchange_rates_show_at_once(client, db, store):
    from marketplace.admin import currency_changes
    from marketplace.catalog.display_models import ExchangeRate

    _shop, _category, product = store
    url = f"/products/{product.slug}"
    before = seen(client, url)
    rate = db.session.get(ExchangeRate, "MYR")
    currency_changes.set_rate(rate, rate.idr_per_unit * 2, actor=admin())
    after = seen(client, url)
    approx = re.compile(r'data-testid="approx-price">(.*?)</p>', re.S)
    assert approx.search(before).group(1) != approx.search(after).group(1)


def test_a_version_bump_waits_for_the_commit_and_a_rollback_bumps_nothing(app, db, store):
    from marketplace.catalog.services import bump_catalogue_version

    def version():
        return db.session.scalar(sa.select(SiteSetting.value).where(
            SiteSetting.key == versions.CATALOGUE_VERSION_KEY))

    start = version()
    bump_catalogue_version()
    bump_catalogue_version()
    assert version() == start  # nothing written inside the transaction
    db.session.rollback()
    db.session.commit()
    assert version() == start
    bump_catalogue_version()
    bump_catalogue_version()
    db.session.commit()
    assert int(version()) == int(start) + 1  # once per transaction
