"""What a page weighs on a slow phone connection (issue 16): every page's HTML under 40 KB,
and all the CSS under 30 KB gzipped, on the demo store with its full pages of products."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import lxml.html
import pytest
import sqlalchemy as sa

from marketplace.catalog.models import Category, Product
from marketplace.config import Config
from tests.factories import make_category, make_product, make_shop

STATIC = Path(__file__).resolve().parents[2] / "static"
HTML_LIMIT = 40_000
CSS_GZIP_LIMIT = 30_000


@pytest.fixture
def demo_store(app, db, runner):
    # Full pages as the store serves them (testing lists 12 a page), photos and all.
    app.config["CATALOG_PAGE_SIZE"] = Config.CATALOG_PAGE_SIZE
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    yield
    db.session.rollback()
    db.session.execute(sa.update(Category).values(parent_id=None))  # see test_demo_data
    db.session.commit()


def test_all_css_is_under_30_kb_gzipped():
    total = sum(len(gzip.compress(path.read_bytes(), 9)) for path in STATIC.rglob("*.css"))
    assert 0 < total < CSS_GZIP_LIMIT


def test_the_font_is_one_small_self_hosted_subset():
    fonts = list((STATIC / "fonts").glob("*.woff2"))
    assert len(fonts) == 1 and fonts[0].stat().st_size < 25_000
    css = (STATIC / "css" / "site.css").read_text()
    assert "font-display:swap" in css and "url(../fonts/" in css
    assert (STATIC / "fonts" / "OFL.txt").exists()


_ELSEWHERE = re.compile(r"^(https?:)?//")
# <link> relations that only name an address, never load anything into the page.
_ADDRESS_ONLY = {"canonical", "alternate"}


def loaded_from_elsewhere(html: str) -> list[str]:
    """What the page would load from another host: scripts, images, frames, stylesheets, fonts."""
    found = []
    for element in lxml.html.fromstring(html).iter("script", "img", "source", "iframe", "link"):
        if element.tag == "link":
            if set((element.get("rel") or "").split()) & _ADDRESS_ONLY:
                continue
            addresses = [element.get("href") or ""]
        else:
            addresses = [element.get("src") or "", *(element.get("srcset") or "").split(",")]
        found += [a.strip() for a in addresses if _ELSEWHERE.match(a.strip())]
    return found


def test_main_pages_are_under_40_kb_of_html(client, db, demo_store):
    slug = db.session.scalar(sa.select(Product.slug).order_by(Product.id).limit(1))
    client.post("/cart/add", data={"variant_id": "1", "quantity": "1"},
                headers={"Origin": "http://localhost"})
    sizes = {}
    for url in ["/", "/products", "/products?province=Nusa+Tenggara+Timur", "/search?q=tenun",
                f"/products/{slug}", "/sentra/", "/cart", "/checkout"]:
        response = client.get(url)
        assert response.status_code == 200, url
        sizes[url] = len(response.data)
        # No CDN: every stylesheet, script, font and image comes from this site. (Links to
        # other sites are fine: the canonical address, hreflang, WhatsApp and Facebook shares.)
        assert loaded_from_elsewhere(response.get_data(as_text=True)) == [], url
    assert {url: size for url, size in sizes.items() if size >= HTML_LIMIT} == {}


def test_a_full_page_of_search_results_with_every_region_in_its_facets_is_under_40_kb(
        app, client, db, search_dir):
    """The search page is the heaviest listing: 24 cards with snippets, and facets that grow
    with the store (at 20,000 products every regency and category has a match). Long names
    everywhere, as real shops have them."""
    from marketplace.catalog.regions import PROVINCES

    app.config["CATALOG_PAGE_SIZE"] = 24  # production's page (tests use shorter ones)
    tops = [make_category(f"Kategori Utama Tenun Nomor {i}", f"Main weaving category {i}")
            for i in range(6)]
    categories = [make_category(f"Subkategori Tenun Ikat {i}", f"Ikat weaving subcategory {i}",
                                parent=tops[i % 6]) for i in range(18)]
    regencies = [(p.name, r) for p in PROVINCES for r in p.regencies]
    for i in range(30):
        province, regency = regencies[i % len(regencies)]
        shop = make_shop(name=f"Kelompok Tenun Perempuan Ina Ama {regency} {i}",
                         province=province, regency=regency)
        product = make_product(shop, categories[i % len(categories)], photos=1 if i < 24 else 0,
                               name=f"Sarung Tenun Ikat Motif Buaya dan Kuda Pusaka Amarasi {i}",
                               prices=(1_250_000 + i * 10_000, 2_500_000))
        product.description = ("Sarung tenun ikat ditenun tangan dengan benang kapas pintal "
                               "sendiri dan pewarna alam dari akar mengkudu dan daun tarum. " * 3)
    db.session.commit()
    response = client.get("/search?q=tenun")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('class="card"') == 24 and "Kepulauan Riau" in html
    assert len(response.data) < HTML_LIMIT, f"{len(response.data):,} bytes"
