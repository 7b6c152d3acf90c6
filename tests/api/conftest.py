"""A small store like the demo one: categories in two levels, shops in two provinces, products
with photos, options, cloth and food attributes, and what buyers must not see."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from marketplace.catalog.models import Product, ProductKind, ProductStatus, Shop, ShopStatus
from tests.catalog.conftest import search_dir  # noqa: F401  (a fixture: an index of the test's own)
from tests.factories import make_category, make_product, make_shop

# The examples in the OpenAPI document name these, so that the schema test reaches real pages.
PRODUCT_EXAMPLE = "sarung-tenun-ikat-amarasi"
SELLER_EXAMPLE = "tenun-ina-kupang"


@dataclass
class Store:
    products: dict[str, Product]
    shops: dict[str, Shop]
    hidden: dict[str, Product]


def named(product: Product, slug: str) -> Product:
    product.slug = slug
    return product


@pytest.fixture
def store(db, search_dir) -> Store:
    cloth = make_category("Kain & Tenun", "Cloth & weaving")
    ikat = make_category("Tenun Ikat", "Ikat weaving", parent=cloth)
    food = make_category("Makanan & Minuman", "Food & drink", kind=ProductKind.FOOD)
    honey = make_category("Madu", "Honey", parent=food, kind=ProductKind.FOOD)
    kupang = make_shop(name="Tenun Ina Kupang", regency="Kupang")
    kupang.slug = SELLER_EXAMPLE
    belu = make_shop(name="Tais Tasifeto", regency="Belu", verified=False)
    hulu = make_shop(name="Madu Danau Sentarum", province="Kalimantan Barat", regency="Kapuas Hulu")
    suspended = make_shop(name="Toko Ditangguhkan", regency="Kupang")
    products = {
        "sarung": named(make_product(kupang, ikat, name="Sarung Tenun Ikat Amarasi",
                                     prices=(1_250_000,), photos=1), PRODUCT_EXAMPLE),
        "selendang": named(make_product(kupang, ikat, name="Selendang Tenun Ikat",
                                        prices=(275_000, 350_000), stocks=[0, 4]),
                           "selendang-tenun-ikat"),
        "tais": named(make_product(belu, cloth, name="Tais Feto Tenun Sotis", prices=(450_000,),
                                   stocks=[0]), "tais-feto-tenun-sotis"),
        "madu": named(make_product(hulu, honey, name="Madu Hutan Danau Sentarum",
                                   prices=(95_000,), photos=1), "madu-hutan-danau-sentarum"),
    }
    products["madu"].description = "Dipanen dari sarang lebah di pohon tinggi."
    hidden = {
        "draft": named(make_product(kupang, ikat, name="Sarung Draf", status=ProductStatus.DRAFT),
                       "sarung-draf"),
        "archived": named(make_product(kupang, ikat, name="Sarung Lama",
                                       status=ProductStatus.ARCHIVED), "sarung-lama"),
        "blocked": named(make_product(belu, cloth, name="Tais Diturunkan"), "tais-diturunkan"),
        "suspended": named(make_product(suspended, ikat, name="Sarung Toko Ditangguhkan"),
                           "sarung-toko-ditangguhkan"),
    }
    hidden["blocked"].blocked_reason = "Foto milik orang lain."
    suspended.status = ShopStatus.SUSPENDED
    db.session.commit()
    return Store(products=products, shops={"kupang": kupang, "belu": belu, "hulu": hulu,
                                           "suspended": suspended}, hidden=hidden)
