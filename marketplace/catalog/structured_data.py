"""JSON-LD (schema.org) for search engines: Product with its Offer, Organization, BreadcrumbList.

Plain dicts, written into the page by Jinja's `tojson` (which escapes `<`, `>` and `&`, so a
product name can never close the script element). Prices are whole rupiah as integers.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app

from marketplace.catalog import sharing
from marketplace.catalog.models import Product
from marketplace.catalog.photo_pipeline import image_url
from marketplace.navigation import external_url

SCHEMA = "https://schema.org"
MAX_REVIEWS = 3  # a few: the page shows them all, and the HTML stays under 40 KB
MAX_REVIEW_BODY = 300  # characters of each, cut at a word
MAX_IMAGES = 3


@dataclass(frozen=True)
class RatingFigures:
    """A product's rating summary (kept on the product by the reviews' part)."""

    average: float
    count: int


@dataclass(frozen=True)
class ReviewFigures:
    """One published review as search engines may show it: the name as the store shows it
    (first name or initials, never the e-mail)."""

    author: str
    rating: int
    body: str
    published: date | datetime


def product_jsonld(product: Product, rating: RatingFigures | None = None,
                   reviews: Iterable[ReviewFigures] = ()) -> dict:
    """A Product with its Offer (or AggregateOffer when options differ in price), its seller,
    and, when it has reviews, its AggregateRating and a few of the newest Reviews."""
    url = sharing.canonical_url("catalog.product_detail", {"slug": product.slug})
    shop_url = sharing.canonical_url("catalog.shop_detail", {"slug": product.shop.slug})
    availability = f"{SCHEMA}/{'InStock' if product.in_stock else 'OutOfStock'}"
    seller = {"@type": "Organization", "name": product.shop.name, "url": shop_url}
    if product.has_price_range:
        offer = {"@type": "AggregateOffer", "lowPrice": product.price_from_idr,
                 "highPrice": product.price_to_idr,
                 "offerCount": len(product.active_variants) or 1}
    else:
        offer = {"@type": "Offer", "price": product.price_from_idr}
    offer.update(priceCurrency="IDR", availability=availability, url=url, seller=seller)
    data = {
        "@context": SCHEMA,
        "@type": "Product",
        "name": product.name,
        "description": product.description,
        "url": url,
        "offers": offer,
    }
    images = [sharing.absolute(image_url(image, max(image.widths)))
              for image in product.images[:MAX_IMAGES] if image.widths]
    if images:
        data["image"] = images
    skus = [variant.sku for variant in product.active_variants]
    if len(skus) == 1:
        data["sku"] = skus[0]
    if product.materials:
        data["material"] = product.materials
    if rating is not None and rating.count > 0:
        data["aggregateRating"] = {"@type": "AggregateRating",
                                   "ratingValue": round(rating.average, 1),
                                   "reviewCount": rating.count, "bestRating": 5, "worstRating": 1}
        picked = list(reviews)[:MAX_REVIEWS]
        if picked:
            data["review"] = [_review(review) for review in picked]
    return data


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def _review(review: ReviewFigures) -> dict:
    published = review.published.date() if isinstance(review.published, datetime) else review.published
    return {
        "@type": "Review",
        "author": {"@type": "Person", "name": review.author},
        "datePublished": published.isoformat(),
        "reviewBody": _cut(review.body, MAX_REVIEW_BODY),
        "reviewRating": {"@type": "Rating", "ratingValue": review.rating,
                         "bestRating": 5, "worstRating": 1},
    }


def organization_jsonld(description: str) -> dict:
    home = sharing.canonical_url("catalog.home")
    return {
        "@context": SCHEMA,
        "@type": "Organization",
        "name": "Sentra",
        "url": home,
        "logo": sharing.absolute(current_app.static_url_path + "/favicon.svg"),
        "description": description,
    }


def website_jsonld() -> dict:
    """The site with its search box (a search engine may offer it under the result)."""
    home = sharing.canonical_url("catalog.home")
    search = external_url("catalog.search")
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": "Sentra",
        "url": home,
        "potentialAction": {"@type": "SearchAction",
                            "target": search + "?q={search_term_string}",
                            "query-input": "required name=search_term_string"},
    }


def breadcrumb_jsonld(trail: Sequence[tuple[str, str]]) -> dict:
    """(name, absolute address) from the home page down to this page."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }
