"""What a storefront page tells link previews and search engines, and how it is shared.

Each storefront route gives its template a `share` (a `PageShare`, built here from what the
route loaded and the request's query arguments), which the include in the page's head
(catalog/_share_head.html) and the share and chat links render: the canonical address, the
language alternates, OpenGraph and Twitter-card fields, the JSON-LD, and for product and shop
pages the share and chat links. It uses only what the page has loaded already (no query of its
own), so the pages keep their statement budgets; being the same for every visitor, it is built
in the route's `load()` and so only when the page's fragments are not cached yet.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from collections.abc import Mapping

from flask_babel import gettext as _

from marketplace.catalog import queries, share_images, sharing, structured_data, versions
from marketplace.catalog.models import Category, Centre, Product, Shop
from marketplace.language import current_language
from marketplace.navigation import external_url

OG_LOCALES = {"id": "id_ID", "en": "en_US"}
DESCRIPTION_LENGTH = 200


@dataclass
class PageShare:
    title: str
    description: str
    url: str  # canonical
    image: str
    image_alt: str
    kind: str = "website"  # og:type
    price_idr: int | None = None
    alternates: list[tuple[str, str]] = field(default_factory=list)
    jsonld: list[dict] = field(default_factory=list)
    # Product and shop pages only:
    whatsapp_url: str = ""
    facebook_url: str = ""
    chat_url: str | None = None
    message: str = ""

    @property
    def locale(self) -> str:
        return OG_LOCALES.get(current_language(), "id_ID")

    @property
    def alternate_locales(self) -> list[str]:
        return [value for key, value in OG_LOCALES.items() if key != current_language()]


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[:DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _site_description() -> str:
    return _("Tenun ikat, forest honey, coffee and crafts sold by their makers in Indonesia's "
             "border regions.")


def _site_image() -> str:
    return external_url("catalog.site_share_image", v=share_images.LAYOUT)


def _home_crumb() -> tuple[str, str]:
    return (_("Home"), sharing.canonical_url("catalog.home"))


def _with_links(share: PageShare, message: str) -> PageShare:
    share.message = message
    share.whatsapp_url = sharing.whatsapp_share_url(message)
    share.facebook_url = sharing.facebook_share_url(share.url)
    share.alternates = sharing.language_alternates(share.url)
    return share


def product_share(product: Product, category: Category | None, shown_reviews=()) -> PageShare:
    """`shown_reviews`: the reviews the page shows (its first page, newest first), of which
    the JSON-LD names a few beside the product's rating."""
    url = sharing.canonical_url("catalog.product_detail", {"slug": product.slug})
    card = share_images.product_card(product)
    shop = product.shop
    share = PageShare(
        title=product.name,
        description=_short(f"{sharing.price_text(product)} · {shop.name}, {shop.regency}. "
                           f"{product.description}"),
        url=url,
        image=external_url("catalog.product_share_image", slug=product.slug, v=card.version),
        image_alt=_("%(name)s, %(price)s, by %(shop)s", name=product.name,
                    price=sharing.price_text(product), shop=shop.name),
        kind="product",
        price_idr=product.price_from_idr,
    )
    trail = [_home_crumb()]
    if category is not None:
        trail.append((category.name(current_language()),
                      sharing.canonical_url("catalog.product_list", args={"category": category.slug})))
    trail.append((product.name, url))
    rating = (structured_data.RatingFigures(product.rating_average, product.review_count)
              if product.review_count else None)
    figures = [structured_data.ReviewFigures(author=review.author_name or _("A buyer"),
                                             rating=review.stars, body=review.text,
                                             published=review.created_at)
               for review in shown_reviews]
    share.jsonld = [structured_data.product_jsonld(product, rating, figures),
                    structured_data.breadcrumb_jsonld(trail)]
    share.chat_url = sharing.whatsapp_chat_url(shop, sharing.product_question(product, url))
    return _with_links(share, sharing.product_message(product, url))


def shop_share(shop: Shop, args: Mapping[str, str]) -> PageShare:
    """`args`: the page's query arguments (those that change what it shows stay in its URL)."""
    url = sharing.canonical_url("catalog.shop_detail", {"slug": shop.slug}, args)
    catalogue_version = versions.page_versions()[0]
    share = PageShare(
        title=shop.name,
        description=_short(shop.story) or _("A shop from %(regency)s, %(province)s on Sentra.",
                                             regency=shop.regency, province=shop.province),
        url=url,
        image=external_url("catalog.shop_share_image", slug=shop.slug, v=catalogue_version),
        image_alt=shop.name,
    )
    share.jsonld = [structured_data.breadcrumb_jsonld([_home_crumb(), (shop.name, url)])]
    share.chat_url = sharing.whatsapp_chat_url(shop, sharing.shop_question(shop, url))
    return _with_links(share, sharing.shop_message(shop, url))


def centre_share(centre: Centre, args: Mapping[str, str]) -> PageShare:
    url = sharing.canonical_url("catalog.centre_detail", {"slug": centre.slug}, args)
    share = PageShare(
        title=centre.name,
        description=_short(centre.description) or _site_description(),
        url=url, image=_site_image(), image_alt="Sentra",
        alternates=sharing.language_alternates(url),
    )
    share.jsonld = [structured_data.breadcrumb_jsonld([
        _home_crumb(), (_("Centres"), sharing.canonical_url("catalog.centres")), (centre.name, url)])]
    return share


def list_share(category: Category | None, args: Mapping[str, str]) -> PageShare:
    """`category`: the one the filters found (None: all products, or one that does not
    exist); `args`: the page's query arguments."""
    title = category.name(current_language()) if category is not None else _("All products")
    # The category as found (a made-up one is no address of its own), the rest as asked.
    args = {key: value for key, value in args.items() if key != "category"}
    if category is not None:
        args["category"] = category.slug
    url = sharing.canonical_url("catalog.product_list", args=args)
    share = PageShare(title=title, description=_site_description(), url=url, image=_site_image(),
                      image_alt="Sentra", alternates=sharing.language_alternates(url))
    if category is not None:
        trail = [_home_crumb()]
        # The categories are the cached, detached list: the parent is looked up in it.
        parent = queries.category_by_id(category.parent_id) if category.parent_id else None
        if parent is not None:
            trail.append((parent.name(current_language()), sharing.canonical_url(
                "catalog.product_list", args={"category": parent.slug})))
        trail.append((category.name(current_language()), url))
        share.jsonld = [structured_data.breadcrumb_jsonld(trail)]
    return share


def home_share() -> PageShare:
    url = sharing.canonical_url("catalog.home")
    description = _site_description()
    return PageShare(
        title=_("Sentra — border UMKM marketplace"), description=description, url=url,
        image=_site_image(), image_alt="Sentra", alternates=sharing.language_alternates(url),
        jsonld=[structured_data.organization_jsonld(description), structured_data.website_jsonld()],
    )
