"""What link previews and search engines read on the storefront pages, and the share and chat
links: parsed as they parse them (extruct for OpenGraph and JSON-LD, lxml for the rest)."""
from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import extruct
import lxml.html
import pytest
from PIL import Image

from marketplace.catalog import share_tags
from marketplace.catalog.media_storage import get_storage
from marketplace.catalog.models import Centre, CentreKind
from marketplace.catalog.services import bump_catalogue_version
from marketplace.catalog.share_images import ShareCard, draw, product_card
from tests.factories import make_category, make_product, make_shop, make_user

BASE = "https://sentra.example"


@pytest.fixture(autouse=True)
def public_base(app):
    # Deliberately not the test client's host: every absolute address must come from here.
    app.config["PUBLIC_BASE_URL"] = BASE


def structured(html: str) -> dict:
    data = extruct.extract(html, base_url=BASE, syntaxes=["json-ld", "opengraph"], uniform=True)
    [og] = data["opengraph"]
    return {"og": og, "jsonld": {item["@type"]: item for item in data["json-ld"]}}


def og_properties(html: str) -> list[tuple[str, str]]:
    [og] = extruct.extract(html, syntaxes=["opengraph"])["opengraph"]
    return og["properties"]


def head(html: str):
    return lxml.html.fromstring(html).head


def meta_names(html: str) -> dict[str, str]:
    return {m.get("name"): m.get("content") for m in head(html).iter("meta") if m.get("name")}


def link_rels(html: str, rel: str) -> list[dict]:
    return [dict(link.attrib) for link in head(html).iter("link") if link.get("rel") == rel]


def page(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.fixture
def product(db):
    category = make_category("Tenun Ikat", "Ikat weaving")
    shop = make_shop("Sanggar Tenun Lakaan", regency="Belu")
    return make_product(shop, category, name="Selendang Buna Merah", prices=(150_000,), photos=2)


def test_a_product_page_tells_previews_its_name_price_photo_and_address(client, product):
    html = page(client, f"/products/{product.slug}?utm_source=wa&fbclid=abc")
    og = structured(html)["og"]
    url = f"{BASE}/products/{product.slug}"
    assert og["og:title"] == "Selendang Buna Merah" and og["@type"] == "product"  # extruct names og:type "@type"
    assert og["og:url"] == url
    assert "Rp150.000" in og["og:description"] and "Sanggar Tenun Lakaan" in og["og:description"]
    assert og["product:price:amount"] == "150000" and og["product:price:currency"] == "IDR"
    assert og["og:image"].startswith(f"{BASE}/products/{product.slug}/share.jpg?v=")
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert og["og:locale"] == "id_ID" and og["og:locale:alternate"] == "en_US"
    twitter = meta_names(html)
    assert twitter["twitter:card"] == "summary_large_image"
    # X falls back to og:title, og:description and og:image: no copies of them.
    assert not {"twitter:title", "twitter:image", "twitter:description"} & set(twitter)


def test_addresses_come_from_configuration_never_from_the_request_host(client, app, product):
    app.config["TRUSTED_HOSTS"] = None
    html = page(client, f"/products/{product.slug}", headers={"Host": "evil.example"})
    assert "evil.example" not in html.split("</head>")[0]
    assert structured(html)["og"]["og:url"].startswith(BASE)


def test_canonical_drops_tracking_and_language_and_hreflang_pairs_the_languages(client, product):
    html = page(client, f"/products/{product.slug}?utm_campaign=x&gclid=1&lang=en&page=1")
    url = f"{BASE}/products/{product.slug}"
    assert [link["href"] for link in link_rels(html, "canonical")] == [url]
    alternates = {link["hreflang"]: link["href"] for link in link_rels(html, "alternate")}
    assert alternates == {"id": url, "en": f"{url}?lang=en", "x-default": url}
    # The English address answers in English, the canonical one in Indonesian.
    assert lxml.html.fromstring(html).get("lang") == "en"
    assert lxml.html.fromstring(page(client, f"/products/{product.slug}")).get("lang") == "id"


def test_the_language_parameter_wins_over_the_cookie_and_the_switch_forgets_it(client, product):
    client.set_cookie("lang", "id")
    html = page(client, f"/products/{product.slug}?lang=en")
    assert lxml.html.fromstring(html).get("lang") == "en"
    switch = lxml.html.fromstring(html).xpath('//nav[@class="lang"]/a')[0].get("href")
    assert parse_qs(urlsplit(switch).query)["next"] == [f"/products/{product.slug}"]


def test_product_jsonld_has_offer_in_whole_rupiah_availability_seller_and_breadcrumbs(client, product):
    data = structured(page(client, f"/products/{product.slug}"))["jsonld"]
    item = data["Product"]
    assert item["name"] == "Selendang Buna Merah" and item["url"] == f"{BASE}/products/{product.slug}"
    offer = item["offers"]
    assert offer["@type"] == "Offer" and offer["price"] == 150000 and isinstance(offer["price"], int)
    assert offer["priceCurrency"] == "IDR" and offer["availability"] == "https://schema.org/InStock"
    assert offer["seller"] == {"@type": "Organization", "name": "Sanggar Tenun Lakaan",
                               "url": f"{BASE}/sellers/{product.shop.slug}"}
    assert len(item["image"]) == 2 and all(url.startswith(f"{BASE}/media/") for url in item["image"])
    assert "aggregateRating" not in item  # no reviews: no rating is claimed
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Beranda", "Tenun Ikat", "Selendang Buna Merah"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert crumbs[1]["item"] == f"{BASE}/products?category={product.category.slug}"


def test_a_sold_out_product_with_options_at_two_prices_is_an_aggregate_offer(client, db):
    product = make_product(prices=(75_000, 120_000), stocks=[0, 0])
    offer = structured(page(client, f"/products/{product.slug}"))["jsonld"]["Product"]["offers"]
    assert offer["@type"] == "AggregateOffer"
    assert (offer["lowPrice"], offer["highPrice"]) == (75000, 120000)
    assert offer["availability"] == "https://schema.org/OutOfStock"


def test_a_name_cannot_break_out_of_the_jsonld(client, db):
    product = make_product(name="</script><script>alert(1)</script>")
    html = page(client, f"/products/{product.slug}")
    assert "<script>alert(1)" not in html
    assert structured(html)["jsonld"]["Product"]["name"] == "</script><script>alert(1)</script>"


def test_shop_centre_category_and_home_pages_carry_their_tags(client, db, product):
    shop = product.shop
    centre = Centre(name="Sentra UMKM Belu", slug="sentra-belu", kind=CentreKind.SENTRA_UMKM,
                    province="Nusa Tenggara Timur", regency="Belu", description="Pusat tenun.")
    db.session.add(centre)
    db.session.commit()
    pages = {
        f"/sellers/{shop.slug}": (shop.name, f"{BASE}/sellers/{shop.slug}/share.jpg"),
        "/sentra/sentra-belu": ("Sentra UMKM Belu", f"{BASE}/share/sentra.jpg"),
        f"/products?category={product.category.slug}&utm_source=x":
            ("Tenun Ikat", f"{BASE}/share/sentra.jpg"),
        "/?fbclid=1": ("Sentra — pasar UMKM perbatasan", f"{BASE}/share/sentra.jpg"),
    }
    for url, (title, image) in pages.items():
        html = page(client, url)
        og = structured(html)["og"]
        assert og["og:title"] == title, url
        assert og["og:image"].split("?")[0] == image, url
        assert og["og:description"], url
        assert meta_names(html)["twitter:card"] == "summary_large_image", url
        [canonical] = link_rels(html, "canonical")
        assert "utm_" not in canonical["href"] and "fbclid" not in canonical["href"], url
    home = structured(page(client, "/"))["jsonld"]
    assert home["Organization"]["name"] == "Sentra" and home["Organization"]["url"] == f"{BASE}/"
    category = structured(page(client, f"/products?category={product.category.slug}"))["jsonld"]
    assert [c["name"] for c in category["BreadcrumbList"]["itemListElement"]] == ["Beranda", "Tenun Ikat"]
    centre_page = structured(page(client, "/sentra/sentra-belu"))["jsonld"]
    assert [c["name"] for c in centre_page["BreadcrumbList"]["itemListElement"]][-1] == "Sentra UMKM Belu"


def test_a_pages_tags_are_built_from_what_its_route_gives_them(app, product):
    # No page rendered: the category, the shop and the query arguments are all they need.
    with app.test_request_context("/elsewhere?page=9&province=Papua"):
        listing = share_tags.list_share(product.category, {"category": "made-up", "page": "2",
                                                           "utm_source": "wa"})
        everything = share_tags.list_share(None, {"category": "made-up"})
        shop = share_tags.shop_share(product.shop, {"page": "1", "fbclid": "x"})
    assert listing.title == "Tenun Ikat"
    assert listing.url == f"{BASE}/products?category={product.category.slug}&page=2"
    assert [c["name"] for c in listing.jsonld[0]["itemListElement"]] == ["Beranda", "Tenun Ikat"]
    assert (everything.title, everything.url, everything.jsonld) == (
        "Semua produk", f"{BASE}/products", [])
    assert shop.url == f"{BASE}/sellers/{product.shop.slug}" and shop.whatsapp_url


def _jpeg(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    return image


def test_the_share_card_is_1200_by_630_made_once_and_kept_by_its_content(client, db, product):
    card = product_card(product)
    storage = get_storage()
    storage.delete(card.name)
    first = client.get(f"/products/{product.slug}/share.jpg")
    assert first.status_code == 200 and first.mimetype == "image/jpeg"
    assert _jpeg(first.data).size == (1200, 630)
    assert len(first.data) < 300_000  # WhatsApp shows small images only
    assert storage.exists(card.name) and storage.read(card.name) == first.data
    stored_at = (storage.root / card.name).stat().st_mtime_ns
    second = client.get(f"/products/{product.slug}/share.jpg")
    assert second.data == first.data
    assert (storage.root / card.name).stat().st_mtime_ns == stored_at  # read, not made again

    # A new price is a new card, at a new name (and a new address on the page).
    variant = product.variants[0]
    variant.price_idr = 175_000
    product.price_from_idr = product.price_to_idr = 175_000
    db.session.commit()
    assert product_card(product).name != card.name


def test_shop_and_site_cards_are_1200_by_630(client, product):
    for url in (f"/sellers/{product.shop.slug}/share.jpg", "/share/sentra.jpg"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _jpeg(response.data).size == (1200, 630), url
    assert client.get("/products/no-such-thing/share.jpg").status_code == 404
    assert client.get("/sellers/no-such-shop/share.jpg").status_code == 404


def _link(html: str, path: str):
    found = lxml.html.fromstring(html).xpath(path)
    return found[0].get("href") if found else None


def test_whatsapp_and_facebook_share_links_carry_name_price_and_address(client, product):
    html = page(client, f"/products/{product.slug}")
    url = f"{BASE}/products/{product.slug}"
    whatsapp = urlsplit(_link(html, "//a[@data-share-whatsapp]"))
    assert (whatsapp.netloc, whatsapp.path) == ("wa.me", "/")
    [text] = parse_qs(whatsapp.query)["text"]
    assert text == f"Selendang Buna Merah, Rp150.000, di Sentra: {url}"
    facebook = urlsplit(_link(html, '//ul[@class="share-links"]//a[contains(@href, "facebook.com")]'))
    assert facebook.netloc == "www.facebook.com" and parse_qs(facebook.query)["u"] == [url]
    # "Copy link" and the phone's share sheet wait for the script, which finds what it needs here.
    root = lxml.html.fromstring(html)
    [box] = root.xpath("//*[@data-share]")
    assert box.get("data-share-url") == url
    assert root.xpath("//*[@data-copy-link]")[0].get("hidden") is not None
    assert any("/static/js/share.js" in (s.get("src") or "") for s in root.iter("script"))

    english = page(client, f"/products/{product.slug}?lang=en")
    [text] = parse_qs(urlsplit(_link(english, "//a[@data-share-whatsapp]")).query)["text"]
    assert text == f"Selendang Buna Merah, IDR150,000, on Sentra: {url}"

    shop_html = page(client, f"/sellers/{product.shop.slug}")
    [text] = parse_qs(urlsplit(_link(shop_html, "//a[@data-share-whatsapp]")).query)["text"]
    assert text == f"Sanggar Tenun Lakaan dari Belu di Sentra: {BASE}/sellers/{product.shop.slug}"


def test_no_chat_link_unless_the_shop_chose_to_show_its_number(client, db, product):
    shop = product.shop
    shop.whatsapp = "+6281234567890"
    db.session.commit()
    assert _link(page(client, f"/products/{product.slug}"), '//a[@data-testid="whatsapp-chat"]') is None
    assert _link(page(client, f"/sellers/{shop.slug}"), '//a[@data-testid="whatsapp-chat"]') is None

    shop.show_whatsapp = True
    db.session.commit()
    bump_catalogue_version()  # as the shop settings do
    db.session.commit()
    chat = urlsplit(_link(page(client, f"/products/{product.slug}"), '//a[@data-testid="whatsapp-chat"]'))
    assert (chat.netloc, chat.path) == ("wa.me", "/6281234567890")
    [text] = parse_qs(chat.query)["text"]
    assert "Selendang Buna Merah" in text and text.endswith(f"{BASE}/products/{product.slug}")
    shop_chat = urlsplit(_link(page(client, f"/sellers/{shop.slug}"), '//a[@data-testid="whatsapp-chat"]'))
    assert shop_chat.path == "/6281234567890"


def test_a_shop_the_centre_runs_is_answered_on_the_centres_number(client, db):
    centre = Centre(name="PLUT Belu", slug="plut-belu", kind=CentreKind.PLUT,
                    province="Nusa Tenggara Timur", regency="Belu", contact="0813-5555-6666")
    shop = make_shop("Tenun Mama Yuliana", regency="Belu")
    shop.centre, shop.is_assisted, shop.whatsapp, shop.show_whatsapp = centre, True, None, True
    db.session.add(centre)
    db.session.commit()
    product = make_product(shop)
    chat = urlsplit(_link(page(client, f"/products/{product.slug}"), '//a[@data-testid="whatsapp-chat"]'))
    assert chat.path == "/6281355556666"

    # A centre reached by e-mail only: no chat link rather than a wrong one.
    centre.contact = "plut.belu@contoh.id"
    bump_catalogue_version()
    db.session.commit()
    assert _link(page(client, f"/products/{product.slug}"), '//a[@data-testid="whatsapp-chat"]') is None


@pytest.mark.parametrize("title", ["Kain", "Sarung Tenun Ikat Motif Buna Amarasi Pewarna Alami "
                                   "Mengkudu dan Tarum dari Timor Tengah Utara " * 3,
                                   "Tenunikatpanjangsekalitanpaspasi" * 6, "", "  "])
def test_any_name_fits_on_a_card(app, title):
    with app.test_request_context():
        data = draw(ShareCard(title=title, price="Rp1.250.000 +", byline="Sanggar · Belu"))
    assert _jpeg(data).size == (1200, 630)


@pytest.mark.parametrize("lang", ["xx", "", "EN", "en\u00e9", "1" * 500])
def test_an_unknown_language_parameter_is_ignored(client, product, lang):
    client.set_cookie("lang", "en")
    html = page(client, f"/products/{product.slug}", query_string={"lang": lang})
    assert lxml.html.fromstring(html).get("lang") == "en"  # the cookie's choice stands
    assert [link["href"] for link in link_rels(html, "canonical")] == [f"{BASE}/products/{product.slug}"]


def test_the_tags_are_the_same_for_a_signed_in_visitor(client, db, login_as, product):
    anonymous = structured(page(client, f"/products/{product.slug}"))
    login_as(make_user(email="pembeli@contoh.id"))
    signed_in = structured(page(client, f"/products/{product.slug}"))
    assert signed_in == anonymous
