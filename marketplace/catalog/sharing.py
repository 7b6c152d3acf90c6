"""Links that leave the store: the page's public address, sharing it, chatting with the shop.

Every absolute address is built on PUBLIC_BASE_URL (navigation.external_url), never on the
request's host: a shared page is cached for everyone, and a forged `Host` must never put its
own address into the tags that WhatsApp and search engines read.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import current_app
from flask_babel import gettext as _

from marketplace.catalog.models import Product, Shop
from marketplace.language import format_idr
from marketplace.navigation import external_url
from marketplace.phone import InvalidPhone, normalise_indonesian_mobile

# The query parameter that asks for a page in one language (hreflang points at it); the
# cookie is the visitor's standing choice (marketplace.select_locale).
LANGUAGE_PARAMETER = "lang"
# What a canonical address may keep of the query: only what changes the content.
CANONICAL_PARAMETERS = ("category", "province", "regency", "page")


def absolute(url: str) -> str:
    """A link on this site (e.g. a `/media/...` photo) made absolute on PUBLIC_BASE_URL;
    already absolute ones (a bucket's MEDIA_URL) are left alone."""
    if url.startswith(("http://", "https://")):
        return url
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/" + url.lstrip("/")


def canonical_url(endpoint: str, view_args: dict | None = None, args=None) -> str:
    """The one address of a page: no tracking (utm_*, fbclid...), no language parameter, no
    first page number; only the parameters that change what the page shows."""
    values = dict(view_args or {})
    for name in CANONICAL_PARAMETERS:
        value = (args or {}).get(name)
        if not value or (name == "page" and value == "1"):
            continue
        if name == "page" and not (value.isascii() and value.isdigit()):
            continue
        values[name] = value
    return external_url(endpoint, **values)


def language_alternates(canonical: str) -> list[tuple[str, str]]:
    """(hreflang, address) for each language the store speaks, and x-default (Indonesian,
    the store's own language, at the canonical address)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    joiner = "&" if "?" in canonical else "?"
    links = []
    for language in current_app.config["LANGUAGES"]:
        if language == default:
            links.append((language, canonical))
        else:
            links.append((language, canonical + joiner + urlencode({LANGUAGE_PARAMETER: language})))
    links.append(("x-default", canonical))
    return links


def price_text(product: Product) -> str:
    if product.has_price_range:
        return _("from %(price)s", price=format_idr(product.price_from_idr))
    return format_idr(product.price_from_idr)


def product_message(product: Product, url: str) -> str:
    """What a buyer sends a friend: the product's name, its price and its address."""
    return _("%(name)s, %(price)s, on Sentra: %(url)s",
             name=product.name, price=price_text(product), url=url)


def shop_message(shop: Shop, url: str) -> str:
    return _("%(shop)s from %(regency)s on Sentra: %(url)s",
             shop=shop.name, regency=shop.regency, url=url)


def whatsapp_share_url(text: str) -> str:
    """WhatsApp opens with the text ready and lets the person choose the chat."""
    return "https://wa.me/?text=" + quote(text, safe="")


def facebook_share_url(url: str) -> str:
    return "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe="")


def chat_number(shop: Shop) -> str | None:
    """The number buyers may chat with, as wa.me writes it (62812…), or None.

    Only when the shop chose to show it. A shop the centre runs for a producer is answered by
    the centre, so its chat goes to the centre's number; a centre whose contact is no mobile
    number (an e-mail, an office line) gets no chat link rather than a wrong one.
    """
    if not shop.show_whatsapp:
        return None
    if shop.is_assisted and shop.centre is not None:
        raw = shop.centre.contact
    else:
        raw = shop.whatsapp or ""
    try:
        return normalise_indonesian_mobile(raw).removeprefix("+")
    except InvalidPhone:
        return None


def whatsapp_chat_url(shop: Shop, text: str) -> str | None:
    number = chat_number(shop)
    if number is None:
        return None
    return f"https://wa.me/{number}?text=" + quote(text, safe="")


def product_question(product: Product, url: str) -> str:
    return _("Hello %(shop)s, I am interested in %(name)s on Sentra: %(url)s",
             shop=product.shop.name, name=product.name, url=url)


def shop_question(shop: Shop, url: str) -> str:
    return _("Hello %(shop)s, I found your shop on Sentra: %(url)s", shop=shop.name, url=url)
