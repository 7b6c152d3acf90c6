"""The four storefront pages, as a buyer reads them."""
import re
from datetime import timedelta

import pytest

from marketplace.catalog import regions
from marketplace.catalog.display_models import FeaturedEntry
from marketplace.catalog.models import Centre, CentreKind, ProductStatus, ShopStatus
from marketplace.timeutil import utcnow
from tests.factories import make_category, make_product, make_shop


def text(response) -> str:
    return response.get_data(as_text=True)


def product_names(html: str) -> list[str]:
    return re.findall(r'class="card-title">([^<]+)<', html)


def test_home_shows_featured_newest_categories_and_regions(client, db):
    kupang = make_shop(name="Tenun Ina Kupang", regency="Kupang")
    sambas = make_shop(name="Songket Sambas", province="Kalimantan Barat", regency="Sambas")
    weaving = make_category("Kain & Tenun", "Textiles & weaving")
    featured = make_product(kupang, weaving, name="Sarung Buna Amarasi", featured=True, photos=1)
    make_product(sambas, weaving, name="Songket Benang Emas")
    html = text(client.get("/"))
    featured_section = html.split('id="featured-h"')[1].split("</section>")[0]
    assert "Sarung Buna Amarasi" in featured_section
    assert "Songket Benang Emas" not in featured_section
    assert "Songket Benang Emas" in html  # among the newest
    assert "Kain &amp; Tenun" in html
    assert "?category=" + weaving.slug in html
    assert "Kalimantan Barat" in html and "Kupang" in html
    assert f"/products/{featured.slug}" in html


def test_featured_respects_its_window_and_drops_sold_out_or_archived(client, db):
    now = utcnow()
    shop, category = make_shop(), make_category()
    current = make_product(shop, category, name="Madu Sekarang")
    future = make_product(shop, category, name="Madu Nanti")
    past = make_product(shop, category, name="Madu Dulu")
    sold_out = make_product(shop, category, name="Madu Habis", stocks=[0])
    archived = make_product(shop, category, name="Madu Arsip", status=ProductStatus.ARCHIVED)
    db.session.add_all([
        FeaturedEntry(product=current, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=1)),
        FeaturedEntry(product=future, starts_at=now + timedelta(days=1)),
        FeaturedEntry(product=past, ends_at=now - timedelta(minutes=1)),
        FeaturedEntry(product=sold_out), FeaturedEntry(product=archived),
    ])
    db.session.commit()
    html = text(client.get("/"))
    featured = product_names(html.split('id="featured-h"')[1].split("</section>")[0])
    assert featured == ["Madu Sekarang"]


def test_catalogue_prices_a_product_from_its_cheapest_active_variant(client, db):
    make_product(name="Kopi Robusta Sanggau", prices=(95_000, 45_000, 170_000))
    html = text(client.get("/products"))
    assert "mulai Rp45.000" in html.replace("\xa0", " ") or "from IDR45,000" in html


def test_catalogue_filters_and_sorts(client, db):
    ntt = make_shop(regency="Belu")
    kalbar = make_shop(province="Kalimantan Barat", regency="Kapuas Hulu")
    honey = make_category("Kopi & Madu", "Coffee & honey")
    cloth = make_category("Kain", "Cloth")
    make_product(kalbar, honey, name="Madu Hutan", prices=(150_000,))
    make_product(kalbar, honey, name="Madu Kelulut", prices=(250_000,), stocks=[0])
    make_product(ntt, cloth, name="Selimut Belu", prices=(900_000,))
    make_product(ntt, cloth, name="Selendang Belu", prices=(300_000, 120_000), stocks=[0, 3])

    def names(**params):
        response = client.get("/products", query_string=params)
        assert response.status_code == 200
        return product_names(text(response))

    assert sorted(names(category=honey.slug)) == ["Madu Hutan", "Madu Kelulut"]
    assert sorted(names(regency="Belu")) == ["Selendang Belu", "Selimut Belu"]
    assert sorted(names(province="Kalimantan Barat")) == ["Madu Hutan", "Madu Kelulut"]
    assert names(sort="price_asc") == ["Selendang Belu", "Madu Hutan", "Madu Kelulut", "Selimut Belu"]
    assert names(sort="price_desc")[0] == "Selimut Belu"
    assert sorted(names(min_price="150.000", max_price="Rp 300.000")) == ["Madu Hutan", "Madu Kelulut"]
    # in stock when any active variant is
    assert sorted(names(in_stock="1")) == ["Madu Hutan", "Selendang Belu", "Selimut Belu"]
    assert names(q="kelulut") == ["Madu Kelulut"]


def regency_select(html: str) -> dict[str, list[str]]:
    select = html.split('<select id="f-regency"')[1].split("</select>")[0]
    return {label: re.findall(r'<option value="([^"]+)"', group)
            for label, group in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)}


def test_a_chosen_province_narrows_the_regencies_offered(client, db):
    everywhere = regency_select(text(client.get("/products")))
    assert list(everywhere) == [p.name for p in regions.PROVINCES]
    assert everywhere["Nusa Tenggara Timur"][:2] == ["Kupang", "Belu"]
    kalbar = regency_select(text(client.get("/products?province=Kalimantan+Barat")))
    assert kalbar == {"Kalimantan Barat": list(regions.province("Kalimantan Barat").regencies)}
    # A province that does not exist offers none (the page says why: a 400 with its message).
    response = client.get("/products?province=Atlantis")
    assert response.status_code == 400 and regency_select(text(response)) == {}


def test_regency_groups_are_every_province_or_the_chosen_one():
    assert regions.regency_groups(None) == regions.regency_groups("") == list(regions.PROVINCES)
    assert regions.regency_groups("Papua") == [regions.province("Papua")]
    assert regions.regency_groups("Atlantis") == []


def test_catalogue_hides_drafts_archived_and_suspended_shops(client, db):
    suspended = make_shop()
    suspended.status = ShopStatus.SUSPENDED
    db.session.commit()
    make_product(name="Terlihat")
    make_product(name="Draf", status=ProductStatus.DRAFT)
    make_product(name="Arsip", status=ProductStatus.ARCHIVED)
    make_product(suspended, name="Toko Ditangguhkan")
    assert product_names(text(client.get("/products"))) == ["Terlihat"]


def test_catalogue_paginates(client, db, app):
    shop, category = make_shop(), make_category()
    for i in range(app.config["CATALOG_PAGE_SIZE"] + 3):
        make_product(shop, category, name=f"Produk {i:02d}")
    first = text(client.get("/products"))
    second = text(client.get("/products?page=2"))
    assert len(product_names(first)) == app.config["CATALOG_PAGE_SIZE"]
    assert len(product_names(second)) == 3
    assert not set(product_names(first)) & set(product_names(second))
    assert 'rel="next"' in first and 'rel="prev"' in second


@pytest.mark.parametrize("query", [
    "page=-1", "page=abc", "page=", "page=99999999999999999999", "sort=bogus", "sort=",
    "in_stock=maybe", "q=%22%27%3C%3E", "q=" + "x" * 4000, "category=", "min_price=",
    "page=1&page=2", "unknown=1",
])  # a NUL byte (400) and an address over 4096 characters (414): tests/test_nul_bytes.py and
#     tests/api/test_refusals.py
def test_odd_query_strings_still_give_a_page(client, db, query):
    make_product(name="Madu")
    response = client.get("/products?" + query)
    assert response.status_code == 200, query
    html = text(response)
    assert 'class="result-count"' in html
    if not query.startswith("q="):
        assert "Madu" in html


@pytest.mark.parametrize("query,field", [
    ("min_price=abc", "min_price"), ("max_price=-5", "max_price"), ("min_price=1.5", "min_price"),
    ("min_price=500000&max_price=1000", "max_price"), ("category=nope", "category"),
    ("province=Atlantis", "province"), ("regency=Gotham", "regency"),
    ("province=Kalimantan%20Barat&regency=Belu", "regency"), ("max_price=" + "9" * 40, "max_price"),
])
def test_nonsense_filters_get_a_400_with_a_message(client, db, query, field):
    response = client.get("/products?" + query)
    assert response.status_code == 400
    html = text(response)
    assert 'role="alert"' in html
    assert 'class="site-header"' in html


def test_product_page_shows_what_a_buyer_needs(client, db):
    shop = make_shop(name="Tenun Ina Bo'i", regency="Belu", verified=True)
    product = make_product(shop, name="Sarung Tenun Futus", prices=(1_500_000,), photos=2)
    html = text(client.get(f"/products/{product.slug}"))
    assert "<h1" in html and "Sarung Tenun Futus" in html
    assert "Rp1.500.000" in html
    # Two photos in the gallery, each reachable by an address (thumbnails, previous/next).
    assert html.count('<li id="photo-') == 2
    assert 'href="#photo-2"' in html and 'href="#photo-1"' in html
    assert re.search(r'<img [^>]*width="\d+" height="\d+"', html.replace("\n", " "))
    assert 'alt="Sarung Tenun Futus foto 1"' in html
    packaging = html.split('data-testid="packaging"')[1].split("</section>")[0]
    assert "400 g" in packaging and "30 × 20 × 5 cm" in packaging
    assert "Kotak karton daur ulang" in packaging
    assert "Buna" in html and "Mama Yuliana" in html  # textile attributes
    assert "Tenun Ina Bo&#39;i" in html and "Belu" in html
    assert f'href="/sellers/{shop.slug}"' in html


def test_food_product_shows_its_label(client, db):
    food = make_category("Madu", "Honey", kind="food")
    product = make_product(category=food, name="Madu Hutan Danau Sentarum")
    html = text(client.get(f"/products/{product.slug}"))
    assert "Madu hutan 100%" in html
    assert "1234567890123-45" in html
    assert "KUB Madu" in html


def test_product_with_several_variants_lists_them(client, db):
    product = make_product(name="Kopi Liberika", prices=(45_000, 85_000), stocks=[3, 0])
    html = text(client.get(f"/products/{product.slug}"))
    assert "Rp45.000" in html and "Rp85.000" in html
    assert "Ukuran 1" in html and "Ukuran 2" in html


def test_unknown_draft_or_archived_products_are_404(client, db):
    draft = make_product(status=ProductStatus.DRAFT)
    archived = make_product(status=ProductStatus.ARCHIVED)
    for slug in ("nothing-here", draft.slug, archived.slug):
        assert client.get(f"/products/{slug}").status_code == 404


def test_related_products_come_from_the_same_category(client, db):
    category = make_category()
    product = make_product(category=category, name="Selendang A")
    make_product(category=category, name="Selendang B")
    make_product(name="Lain Sama Sekali")
    html = text(client.get(f"/products/{product.slug}"))
    related = product_names(html.split('id="related-h"')[1])
    assert related == ["Selendang B"]


def test_shop_page_tells_the_story_and_lists_products(client, db):
    shop = make_shop(name="KUB Madu Sentarum", province="Kalimantan Barat", regency="Kapuas Hulu")
    shop.story = "Madu dipanen dari hutan Danau Sentarum."
    shop.cooperative = "Koperasi Madu Hutan"
    db.session.commit()
    make_product(shop, name="Madu Hutan 500 g")
    make_product(shop, name="Draf", status=ProductStatus.DRAFT)
    html = text(client.get(f"/sellers/{shop.slug}"))
    assert "Madu dipanen dari hutan Danau Sentarum." in html
    assert "Koperasi Madu Hutan" in html and "Kapuas Hulu" in html
    assert product_names(html) == ["Madu Hutan 500 g"]
    assert client.get("/sellers/nobody").status_code == 404


def test_unverified_shop_shows_no_badge(client, db):
    shop = make_shop(verified=False)
    product = make_product(shop)
    html = text(client.get(f"/products/{product.slug}"))
    assert "seller-card" in html
    seller_card = html.split('class="seller-card"')[1].split("</aside>")[0]
    assert 'class="badge"' not in seller_card


@pytest.mark.parametrize("n", [2, 12])
def test_pages_run_a_bounded_number_of_queries(client, db, count_queries, n):
    shop, category = make_shop(), make_category()
    # Coached by a marketing centre: product and shop pages name it, in the same statements.
    shop.centre = Centre(name="Sentra Tenun Ikat Kupang", slug="sentra-tenun-ikat-kupang",
                         kind=CentreKind.SENTRA_UMKM, province=shop.province, regency=shop.regency)
    db.session.commit()
    products = [make_product(shop, category, photos=1, prices=(10_000, 20_000), featured=True)
                for _ in range(n)]
    # The first request at these data versions renders the page; one of its statements reads
    # the versions (a repeated request runs only that: tests/catalog/test_caching.py).
    budgets = {"/": 7, "/products": 7, "/products?category=" + category.slug + "&in_stock=1": 7,
               f"/products/{products[0].slug}": 6, f"/sellers/{shop.slug}": 5}
    for url, budget in budgets.items():
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        assert counter.count <= budget, (url, counter.statements)
    assert "Sentra Tenun Ikat Kupang" in response.get_data(as_text=True)  # the shop page
