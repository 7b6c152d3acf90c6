"""Catalogue objects as the API shows them: what the storefront shows, as data.

Money is {"amount": whole rupiah, "currency": "IDR"}; names of categories come in both
languages; enum values (packaging type, dyes, licence...) are codes listed in the OpenAPI
document; URLs are absolute.
"""
from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urljoin

from flask import request, url_for

from marketplace.catalog import queries
from marketplace.catalog.models import Category, Product, ProductImage, Shop, Variant
from marketplace.catalog.packaging import chargeable_weight_kg
from marketplace.catalog.photo_pipeline import image_url

CURRENCY = "IDR"


def money(amount: int) -> dict:
    return {"amount": amount, "currency": CURRENCY}


def timestamp(moment: datetime) -> str:
    """Naive UTC from the database, written as UTC."""
    return moment.replace(microsecond=0).isoformat() + "Z"


def _absolute(url: str) -> str:
    """MEDIA_URL may be a path on this site (/media/) or a bucket's or CDN's own address."""
    return urljoin(request.host_url, url)


def image(photo: ProductImage) -> dict:
    widths = photo.widths
    default = widths[1] if len(widths) > 1 else widths[0]  # as the storefront's <img src>
    return {
        "alt": photo.alt_text,
        "width": photo.width,
        "height": photo.height,
        "shows_packaging": photo.shows_packaging,
        "url": _absolute(image_url(photo, default)),
        "sources": [
            {"url": _absolute(image_url(photo, w)), "type": "image/webp", "width": w,
             "height": photo.height_for(w)}
            for w in widths
        ],
    }


def category_ref(category: Category | None) -> dict | None:
    if category is None:
        return None
    return {"slug": category.slug, "name": {"id": category.name_id, "en": category.name_en}}


def category_tree() -> list[dict]:
    everything = queries.all_categories()

    def node(category: Category) -> dict:
        children = [c for c in everything if c.parent_id == category.id]
        return {
            **category_ref(category),
            "kind": category.default_kind.value,
            "links": {
                "products": url_for("api.product_list", category=category.slug, _external=True),
                "html": url_for("catalog.product_list", category=category.slug, _external=True),
            },
            "children": [node(child) for child in children],
        }

    return [node(top) for top in queries.top_categories()]


def seller_ref(shop: Shop) -> dict:
    return {
        "slug": shop.slug,
        "name": shop.name,
        "province": shop.province,
        "regency": shop.regency,
        "verified": shop.is_verified,
        "links": {"self": url_for("api.seller_detail", slug=shop.slug, _external=True)},
    }


def seller(shop: Shop) -> dict:
    return {
        **seller_ref(shop),
        "story": shop.story,
        "cooperative": shop.cooperative,
        "links": {
            "self": url_for("api.seller_detail", slug=shop.slug, _external=True),
            "html": url_for("catalog.shop_detail", slug=shop.slug, _external=True),
        },
    }


def _price(product: Product) -> dict:
    return {
        "price": money(product.price_from_idr),
        "price_to": money(product.price_to_idr) if product.has_price_range else None,
    }


def product_summary(product: Product, highlight: str | None = None) -> dict:
    summary = {
        "slug": product.slug,
        "name": product.name,
        **_price(product),
        "in_stock": product.in_stock,
        "category": category_ref(queries.category_by_id(product.category_id)),
        "seller": seller_ref(product.shop),
        "image": image(product.cover) if product.cover else None,
        "created_at": timestamp(product.created_at),
        "links": {
            "self": url_for("api.product_detail", slug=product.slug, _external=True),
            "html": url_for("catalog.product_detail", slug=product.slug, _external=True),
        },
    }
    if highlight is not None:
        summary["highlight"] = highlight
    return summary


def product_detail(product: Product) -> dict:
    category = queries.category_by_id(product.category_id)
    parent = queries.category_by_id(category.parent_id) if category and category.parent_id else None
    return {
        **product_summary(product),
        "description": product.description,
        "materials": product.materials or None,
        "kind": product.kind.value,
        "category": ({**category_ref(category), "parent": category_ref(parent)}
                     if category else None),
        "seller": seller(product.shop),
        "images": [image(photo) for photo in product.images],
        "variants": [variant(v) for v in product.active_variants],
        "textile": textile(product),
        "food_label": food_label(product),
    }


def variant(v: Variant) -> dict:
    """Stock is given as the product page shows it ("3 left")."""
    return {
        "id": v.id,
        "name": v.name,
        "price": money(v.price_idr),
        "in_stock": v.stock > 0,
        "stock": v.stock,
        "packaging": packaging(v),
    }


def packaging(v: Variant) -> dict:
    """The product page's packaging panel: only what the seller gave, and the courier's
    chargeable weight when the packed weight is known."""
    return {
        "net_weight_g": v.net_weight_g or None,
        "packed_weight_g": v.packed_weight_g or None,
        "packed_size_cm": {"length": v.packed_length_cm, "width": v.packed_width_cm,
                           "height": v.packed_height_cm} if v.has_dimensions else None,
        "type": v.packaging_type.value if v.packaging_type else None,
        "description": v.packaging_description or None,
        "chargeable_weight_kg": chargeable_weight_kg(
            v.packed_weight_g, v.packed_length_cm, v.packed_width_cm, v.packed_height_cm,
        ) if v.packed_weight_g else None,
    }


def textile(product: Product) -> dict | None:
    t = product.textile
    if t is None:
        return None
    return {
        "motif": t.motif or None,
        "motif_meaning": t.motif_meaning or None,
        "weaver": t.weaver or None,
        "weaving": t.weaving.value if t.weaving else None,
        "threads": t.threads or None,
        "dyes": t.dyes.value if t.dyes else None,
        "dye_notes": (t.dye_notes or None) if t.dyes else None,
        "size_cm": ({"length": t.length_cm, "width": t.width_cm}
                    if t.length_cm and t.width_cm else None),
        "weaving_days": t.weaving_days or None,
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def food_label(product: Product) -> dict | None:
    f = product.food_label
    if f is None:
        return None
    return {
        "ingredients": f.ingredients or None,
        "producer": {"name": f.producer_name, "address": f.producer_address or None}
        if f.producer_name else None,
        "licence": {"kind": f.licence_kind.value, "number": f.licence_number or None},
        "halal": {"declared": f.is_halal,
                  "certificate": (f.halal_certificate or None) if f.is_halal else None},
        # The label shows a best-before date, else the shelf life.
        "best_before": _day(f.best_before),
        "shelf_life_days": None if f.best_before else (f.shelf_life_days or None),
        "storage": f.storage or None,
    }
