"""sitemap.xml and robots.txt: how search engines find every product, shop and centre.

The sitemap is an index of files of at most SITEMAP_CHUNK_SIZE addresses (50,000, the most a
search engine reads from one). Products and shops are cut into files by ranges of their id
(file n holds ids n×size … (n+1)×size−1), so that

* the index is one grouped query over the id index: its files and the newest change in each,
  never a row per product;
* a file reads only its own range of ids, slug and date alone, never whole rows;
* an address stays in the same file as products come and go (deleted ids leave a file
  shorter, never longer than the limit).

Both are cached under the catalogue's data version, like the pages they list.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape

import sqlalchemy as sa
from flask import current_app

from marketplace import caching
from marketplace.catalog import queries, sharing, versions
from marketplace.catalog.models import Category, Centre, Product, Shop, ShopStatus
from marketplace.extensions import db
from marketplace.navigation import external_url

XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
KINDS = ("products", "shops")
MAX_ID = 2**31 - 1  # ids are int4 (integer primary keys)


@dataclass(frozen=True)
class Entry:
    loc: str
    lastmod: datetime | None = None


def chunk_size() -> int:
    return max(1, min(int(current_app.config["SITEMAP_CHUNK_SIZE"]), 50_000))


def _model(kind: str):
    return Product if kind == "products" else Shop


def _visible(kind: str, stmt):
    if kind == "products":
        return stmt.join(Product.shop).where(queries.visible())
    return stmt.where(Shop.status == ShopStatus.ACTIVE)


def _chunks(kind: str, size: int) -> list[tuple[int, datetime | None]]:
    """(file number, newest change in it) for each file that lists something."""
    model = _model(kind)
    number = (model.id // size).label("chunk")
    stmt = _visible(kind, sa.select(number, sa.func.max(model.updated_at))
                    .select_from(model)).group_by(number).order_by(number)
    return [(int(chunk), newest) for chunk, newest in db.session.execute(stmt)]


def _newest_change() -> datetime | None:
    stmt = _visible("products", sa.select(sa.func.max(Product.updated_at)).select_from(Product))
    return db.session.scalar(stmt)


def index_entries() -> list[Entry]:
    size = chunk_size()
    entries = [Entry(external_url("core.sitemap_pages"), _newest_change())]
    for kind in KINDS:
        entries += [Entry(external_url("core.sitemap_chunk", kind=kind, number=number), newest)
                    for number, newest in _chunks(kind, size)]
    return entries


def chunk_entries(kind: str, number: int) -> list[Entry]:
    size = chunk_size()
    if number * size > MAX_ID:  # no row can be there, and PostgreSQL refuses such an int4
        return []
    model = _model(kind)
    endpoint = "catalog.product_detail" if kind == "products" else "catalog.shop_detail"
    stmt = _visible(kind, sa.select(model.slug, model.updated_at).select_from(model)).where(
        model.id >= number * size, model.id <= min((number + 1) * size - 1, MAX_ID)
    ).order_by(model.id)
    return [Entry(sharing.canonical_url(endpoint, {"slug": slug}), updated)
            for slug, updated in db.session.execute(stmt)]


def page_entries() -> list[Entry]:
    """The home page, the centres and the categories: a short list of its own."""
    entries = [Entry(sharing.canonical_url("catalog.home"), _newest_change()),
               Entry(sharing.canonical_url("catalog.centres"))]
    entries += [Entry(sharing.canonical_url("catalog.centre_detail", {"slug": slug}))
                for slug in db.session.scalars(sa.select(Centre.slug).order_by(Centre.id))]
    entries += [Entry(sharing.canonical_url("catalog.product_list", args={"category": slug}))
                for slug in db.session.scalars(sa.select(Category.slug).order_by(Category.id))]
    return entries


def _lastmod(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:  # stored as naive UTC (timeutil.utcnow)
        moment = moment.replace(tzinfo=UTC)
    return f"<lastmod>{moment.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S+00:00')}</lastmod>"


def _xml(root: str, item: str, entries: Iterable[Entry]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{XMLNS}">']
    lines += [f"<{item}><loc>{escape(entry.loc)}</loc>{_lastmod(entry.lastmod)}</{item}>"
              for entry in entries]
    lines.append(f"</{root}>")
    return ("\n".join(lines) + "\n").encode()


def cached_xml(name: str, render) -> bytes:
    return caching.cached_value(f"sitemap:{name}:{chunk_size()}", versions.page_versions(), render)


def index_xml() -> bytes:
    return cached_xml("index", lambda: _xml("sitemapindex", "sitemap", index_entries()))


def chunk_xml(kind: str, number: int) -> bytes | None:
    """The file, or None when it lists nothing (a 404: no such file in the index)."""
    def render() -> bytes:
        entries = chunk_entries(kind, number)
        return _xml("urlset", "url", entries) if entries else b""

    return cached_xml(f"{kind}-{number}", render) or None


def pages_xml() -> bytes:
    return cached_xml("pages", lambda: _xml("urlset", "url", page_entries()))


def robots_txt() -> str:
    """Everything public may be crawled; the visitor's own pages and endless result lists not."""
    private = ["/account/", "/seller/", "/admin/", "/cart", "/checkout", "/orders/", "/search",
               "/lang/", "/api/"]
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in private],
             "", f"Sitemap: {external_url('core.sitemap_index')}", ""]
    return "\n".join(lines)
