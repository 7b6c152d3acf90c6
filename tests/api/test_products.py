"""/api/v1/products and /api/v1/products/<slug>: payloads, filters, both kinds of pages."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.catalog.models import Dye, FoodLabel, Product, ProductKind, ProductStatus
from marketplace.catalog.services import bump_catalogue_version
from marketplace.extensions import cache
from marketplace.timeutil import utcnow
from tests.api.conftest import PRODUCT_EXAMPLE
from tests.factories import make_category, make_product, make_shop


def get_json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:800]
    expected = "application/json" if status == 200 else "application/problem+json"
    assert response.mimetype == expected
    return response.get_json()


def slugs(payload: dict) -> list[str]:
    return [item["slug"] for item in payload["data"]]


def test_lists_only_what_buyers_see_newest_first_with_prices_in_rupiah(client, store):
    payload = get_json(client, "/api/v1/products")
    assert slugs(payload) == ["madu-hutan-danau-sentarum", "tais-feto-tenun-sotis",
                              "selendang-tenun-ikat", PRODUCT_EXAMPLE]
    selendang = payload["data"][2]
    assert selendang["price"] == {"amount": 275_000, "currency": "IDR"}
    assert selendang["price_to"] == {"amount": 350_000, "currency": "IDR"}
    assert selendang["in_stock"] is True
    assert payload["data"][1]["in_stock"] is False  # the tais is sold out, still listed
    assert payload["data"][3]["price_to"] is None
    assert selendang["seller"]["slug"] == "tenun-ina-kupang"
    assert selendang["category"]["name"] == {"id": "Tenun Ikat", "en": "Ikat weaving"}
    assert selendang["links"] == {
        "self": "http://localhost/api/v1/products/selendang-tenun-ikat",
        "html": "http://localhost/products/selendang-tenun-ikat",
    }
    assert payload["meta"] == {"pagination": "cursor", "per_page": 12, "total": 4,
                               "sort": "newest", "next_cursor": None}


def test_cover_photo_urls_are_absolute_with_every_webp_width(client, store):
    madu = get_json(client, "/api/v1/products")["data"][0]
    image = madu["image"]
    # An 800×600 upload is kept as wide as the widest variant (640 px in tests).
    assert image["width"] == 640 and image["height"] == 480
    assert [(s["width"], s["height"]) for s in image["sources"]] == [(320, 240), (640, 480)]
    for source in image["sources"]:
        assert source["url"].startswith("http://localhost/media/")
        assert source["url"].endswith(f"-{source['width']}.webp")
        with client.get(source["url"].removeprefix("http://localhost")) as served:
            assert served.status_code == 200 and served.mimetype == "image/webp"
    assert image["url"] == image["sources"][1]["url"]


def test_photo_urls_follow_a_media_host(app, client, store):
    app.config["MEDIA_URL"] = "https://cdn.sentra.example/media/"
    image = get_json(client, "/api/v1/products")["data"][0]["image"]
    assert image["url"].startswith("https://cdn.sentra.example/media/")


@pytest.mark.parametrize(("query", "expected"), [
    ("category={ikat}", ["selendang-tenun-ikat", PRODUCT_EXAMPLE]),
    ("category={cloth}", ["tais-feto-tenun-sotis", "selendang-tenun-ikat", PRODUCT_EXAMPLE]),
    ("province=Kalimantan+Barat", ["madu-hutan-danau-sentarum"]),
    ("province=Nusa+Tenggara+Timur&regency=Belu", ["tais-feto-tenun-sotis"]),
    ("min_price=100000&max_price=Rp+500.000", ["tais-feto-tenun-sotis", "selendang-tenun-ikat"]),
    ("in_stock=true", ["madu-hutan-danau-sentarum", "selendang-tenun-ikat", PRODUCT_EXAMPLE]),
    ("in_stock=false", ["madu-hutan-danau-sentarum", "tais-feto-tenun-sotis",
                        "selendang-tenun-ikat", PRODUCT_EXAMPLE]),
    ("q=TENUN", ["tais-feto-tenun-sotis", "selendang-tenun-ikat", PRODUCT_EXAMPLE]),
    ("sort=price_asc", ["madu-hutan-danau-sentarum", "selendang-tenun-ikat",
                        "tais-feto-tenun-sotis", PRODUCT_EXAMPLE]),
    ("sort=price_desc&in_stock=1", [PRODUCT_EXAMPLE, "selendang-tenun-ikat",
                                    "madu-hutan-danau-sentarum"]),
])
def test_filters_and_sorts_are_the_catalogue_s(client, store, query, expected):
    categories = {"ikat": store.products["sarung"].category.slug,
                  "cloth": store.products["tais"].category.slug}
    payload = get_json(client, "/api/v1/products?" + query.format(**categories))
    assert slugs(payload) == expected
    assert payload["meta"]["total"] == len(expected)


def test_numbered_pages_with_links(client, store):
    first = get_json(client, "/api/v1/products?page=1&per_page=3&sort=price_asc")
    assert first["meta"] == {"pagination": "page", "page": 1, "pages": 2, "per_page": 3,
                             "total": 4, "sort": "price_asc"}
    assert first["links"]["self"] == (
        "http://localhost/api/v1/products?page=1&per_page=3&sort=price_asc")
    assert first["links"]["prev"] is None
    assert first["links"]["html"] == "http://localhost/products?sort=price_asc"
    second = get_json(client, first["links"]["next"])
    assert second["meta"]["page"] == 2 and second["links"]["next"] is None
    assert slugs(second) == [PRODUCT_EXAMPLE]
    assert get_json(client, second["links"]["prev"]) == first
    # Past the end: the last page, as on the storefront.
    assert get_json(client, "/api/v1/products?page=99&per_page=3&sort=price_asc") == second


def walk(client, url: str) -> list[str]:
    seen = []
    while url:
        payload = get_json(client, url)
        seen += slugs(payload)
        assert payload["links"]["prev"] is None
        url = payload["links"]["next"]
    return seen


@pytest.fixture
def many(db, store):
    """Twenty more products: prices and ratings with ties, four created at the very same moment."""
    shop, category = store.shops["hulu"], store.products["madu"].category
    moment = utcnow() - timedelta(days=1)
    for i in range(20):
        product = make_product(shop, category, name=f"Madu Kelulut {i}",
                               prices=(50_000 + 10_000 * (i % 5),))
        if i % 5 == 0:
            product.created_at = moment
        product.rating_sort = 350 + 50 * (i % 4)  # ratings with ties, for the rating sort
    db.session.commit()


@pytest.mark.parametrize("sort", ["newest", "price_asc", "price_desc", "packaging", "rating"])
def test_a_cursor_walk_sees_every_product_once_in_order(client, many, sort):
    expected = slugs(get_json(client, f"/api/v1/products?page=1&per_page=100&sort={sort}"))
    assert len(expected) == 24
    assert walk(client, f"/api/v1/products?per_page=5&sort={sort}") == expected


def test_a_cursor_walk_is_not_thrown_by_products_added_or_removed_meanwhile(client, db, store,
                                                                           many):
    first = get_json(client, "/api/v1/products?per_page=5")
    before = slugs(get_json(client, "/api/v1/products?page=1&per_page=100"))
    make_product(store.shops["kupang"], name="Sarung Baru Sekali")  # newest: before the cursor
    gone = before[7]
    archived = db.session.scalars(db.select(Product).filter_by(slug=gone)).one()
    archived.status = ProductStatus.ARCHIVED
    db.session.commit()
    rest = walk(client, first["links"]["next"])
    assert slugs(first) + rest == [slug for slug in before if slug != gone]


def test_cursor_links_keep_the_filters(client, many, store):
    category = store.products["madu"].category.slug
    first = get_json(client, f"/api/v1/products?category={category}&per_page=4&in_stock=1")
    assert f"category={category}" in first["links"]["next"]
    assert "in_stock=1" in first["links"]["next"]
    assert first["meta"]["next_cursor"] in first["links"]["next"]
    assert len(walk(client, first["links"]["next"])) + 4 == first["meta"]["total"] == 21


@pytest.mark.parametrize(("query", "parameter"), [
    ("min_price=abc", "min_price"),
    ("min_price=500000&max_price=100000", "max_price"),
    ("category=no-such-category", "category"),
    ("province=Bali", "province"),
    ("province=Kalimantan+Barat&regency=Kupang", "regency"),
    ("sort=cheapest", "sort"),
    ("page=abc", "page"),
    ("page=0", "page"),
    ("per_page=101", "per_page"),
    ("in_stock=maybe", "in_stock"),
    ("colour=red", "colour"),
    ("q=" + "a" * 101, "q"),
    ("cursor=not-a-cursor", "cursor"),
    ("cursor=bm90IGpzb24", "cursor"),
    ("page=2&cursor=x", "cursor"),
])
def test_bad_parameters_are_problem_json_naming_them(client, store, query, parameter):
    problem = get_json(client, "/api/v1/products?" + query, status=400)
    assert problem["type"] == "about:blank"
    assert problem["title"] == "Bad Request" and problem["status"] == 400
    assert parameter in [error["parameter"] for error in problem["errors"]]
    assert all(error["detail"] for error in problem["errors"])


def test_a_cursor_of_another_sort_is_refused(client, many):
    cursor = get_json(client, "/api/v1/products?per_page=2")["meta"]["next_cursor"]
    problem = get_json(client, f"/api/v1/products?sort=price_asc&cursor={cursor}", status=400)
    assert "another sort" in problem["errors"][0]["detail"]


def test_messages_are_english_whatever_the_language_cookie(client, store):
    client.set_cookie("lang", "id")
    problem = get_json(client, "/api/v1/products?min_price=abc", status=400)
    assert problem["errors"] == [{
        "parameter": "min_price",
        "detail": "Enter a price in whole rupiah, e.g. 150000 or 150.000.",
    }]


def test_product_detail_as_its_page_shows_it(client, store):
    product = get_json(client, "/api/v1/products/selendang-tenun-ikat")["data"]
    assert product["name"] == "Selendang Tenun Ikat"
    assert product["kind"] == "textile" and product["food_label"] is None
    assert product["category"]["parent"]["name"]["en"] == "Cloth & weaving"
    assert product["seller"]["links"]["html"] == "http://localhost/sellers/tenun-ina-kupang"
    assert product["seller"]["story"] == "Kelompok tenun ikat."
    assert [(v["name"], v["price"]["amount"], v["in_stock"], v["stock"])
            for v in product["variants"]] == [("Ukuran 1", 275_000, False, 0),
                                              ("Ukuran 2", 350_000, True, 4)]
    assert product["variants"][0]["packaging"] == {
        "net_weight_g": 250, "packed_weight_g": 400,
        "packed_size_cm": {"length": 30, "width": 20, "height": 5},
        "type": "box", "description": "Kotak karton daur ulang", "chargeable_weight_kg": 1,
    }
    assert product["textile"] == {
        "motif": "Buna", "motif_meaning": "Persaudaraan", "weaver": "Mama Yuliana",
        "weaving": None, "threads": "Kapas pintal tangan", "dyes": None, "dye_notes": None,
        "size_cm": {"length": 180, "width": 60}, "weaving_days": None,
    }


def test_food_label_and_photos_of_a_food_product(client, db, store):
    madu = store.products["madu"]
    madu.textile = None
    db.session.commit()
    product = get_json(client, "/api/v1/products/madu-hutan-danau-sentarum")["data"]
    assert product["kind"] == "food" and product["textile"] is None
    assert product["food_label"] == {
        "ingredients": "Madu hutan 100%",
        "producer": {"name": "KUB Madu", "address": "Putussibau, Kapuas Hulu"},
        "licence": {"kind": "pirt", "number": "1234567890123-45"},
        "halal": {"declared": True, "certificate": None},
        "best_before": None, "shelf_life_days": 365, "storage": None,
    }
    assert len(product["images"]) == 1 and product["images"][0] == product["image"]


def test_a_best_before_date_replaces_the_shelf_life_as_on_the_label(client, db):
    from datetime import date

    product = make_product(make_shop(), make_category("Madu", "Honey", kind=ProductKind.FOOD))
    label: FoodLabel = product.food_label
    label.best_before, label.is_halal = date(2027, 6, 30), False
    label.halal_certificate = "ID00110000123"  # a certificate of a claim not made: not shown
    db.session.commit()
    shown = get_json(client, f"/api/v1/products/{product.slug}")["data"]["food_label"]
    assert shown["best_before"] == "2027-06-30" and shown["shelf_life_days"] is None
    assert shown["halal"] == {"declared": False, "certificate": None}


def test_dyes_and_weaving_are_codes(client, db, store):
    textile = store.products["sarung"].textile
    textile.dyes, textile.dye_notes = Dye.NATURAL, "Akar mengkudu"
    db.session.commit()
    shown = get_json(client, f"/api/v1/products/{PRODUCT_EXAMPLE}")["data"]["textile"]
    assert (shown["dyes"], shown["dye_notes"]) == ("natural", "Akar mengkudu")


@pytest.mark.parametrize("which", ["draft", "archived", "blocked", "suspended"])
def test_what_buyers_may_not_see_is_not_found(client, store, which):
    slug = store.hidden[which].slug
    problem = get_json(client, f"/api/v1/products/{slug}", status=404)
    assert problem["status"] == 404 and problem["title"] == "Not Found"
    assert slug not in slugs(get_json(client, "/api/v1/products?per_page=100"))


@pytest.mark.parametrize("slug", ["no-such-product", "UPPER", "a" * 181, "sarung%00"])
def test_unknown_or_impossible_slugs_are_not_found(client, store, slug):
    get_json(client, f"/api/v1/products/{slug}", status=404)


def test_query_statements_do_not_grow_with_the_page(client, store, many, count_queries):
    def statements(url: str) -> int:
        cache.clear()  # cold: the catalogue count is cached under the data versions
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    for url in ("/api/v1/products?per_page={n}", "/api/v1/products?page=1&per_page={n}",
                "/api/v1/products?per_page={n}&category=" + store.products["madu"].category.slug,
                "/api/v1/sellers/" + store.shops["hulu"].slug + "?per_page={n}"):
        small, large = statements(url.format(n=2)), statements(url.format(n=20))
        assert small == large <= 6, url  # cold caches: the data versions are one of them
    assert statements(f"/api/v1/products/{PRODUCT_EXAMPLE}") <= 4


def test_well_packaged_products_only(client, db, many):
    best = db.session.scalars(sa.select(Product).order_by(Product.id)).first()
    db.session.execute(sa.update(Product).where(Product.id == best.id).values(packaging_score=100))
    bump_catalogue_version()
    db.session.commit()
    assert slugs(get_json(client, "/api/v1/products?well_packaged=true")) == [best.slug]
    assert len(slugs(get_json(client, "/api/v1/products?well_packaged=0&per_page=100"))) == 24
    assert slugs(get_json(client, "/api/v1/products?sort=packaging&per_page=1")) == [best.slug]
