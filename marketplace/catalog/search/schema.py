"""What the index holds for a product, and how it is read from the database.

One combined text field carries everything a buyer may type (the name three times, so a word
in the name outweighs the same word in a description): scoring one field costs half of
scoring two. Facets and sorting read the index's column data, not stored fields.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from marketplace.catalog.models import Category, Product, Shop
from marketplace.catalog.queries import _visible
from marketplace.catalog.search.analysis import plain_analyzer, search_analyzer
from marketplace.extensions import db

# Bump when the fields or the analyzer change: an index built by other code is rebuilt.
SCHEMA_VERSION = 1
NAME_WEIGHT = 3
# Fields kept as column data, read into per-searcher arrays for facets and sorting.
COLUMNS = ("id", "category", "top_category", "province", "regency", "price", "in_stock", "created")


def make_schema(stemmer: str) -> Schema:
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        text=TEXT(analyzer=search_analyzer(stemmer), phrase=False),
        spell=TEXT(analyzer=plain_analyzer(), phrase=False),  # words as typed: "did you mean"
        title=TEXT(analyzer=plain_analyzer(), phrase=False),  # the name alone: suggestions
        name=STORED(),
        description=STORED(),
        category=ID(sortable=True),
        top_category=ID(sortable=True),
        province=ID(sortable=True),
        regency=ID(sortable=True),
        price=NUMERIC(int, bits=64, sortable=True),
        in_stock=ID(sortable=True),
        created=NUMERIC(int, bits=64, sortable=True),
    )


def _select():
    parent = aliased(Category)
    return (
        sa.select(
            Product.id, Product.name, Product.description, Product.materials,
            Product.price_from_idr, Product.in_stock, Product.created_at,
            Shop.name.label("shop_name"), Shop.province, Shop.regency,
            Category.id.label("category_id"), Category.name_id, Category.name_en,
            parent.id.label("parent_id"), parent.name_id.label("parent_name_id"),
            parent.name_en.label("parent_name_en"),
        )
        .select_from(Product)
        .join(Product.shop)
        .join(Category, Category.id == Product.category_id)
        .outerjoin(parent, parent.id == Category.parent_id)
        .where(_visible())
    )


def _timestamp(value: datetime) -> int:
    return int((value.replace(tzinfo=UTC) if value.tzinfo is None else value).timestamp())


def _document(row) -> dict:
    categories = [row.name_id, row.name_en] * 2 + [row.parent_name_id or "", row.parent_name_en or ""]
    places = [row.shop_name, row.province, row.regency]
    return {
        "id": str(row.id),
        "text": " ".join([row.name] * NAME_WEIGHT + categories + places
                         + [row.materials or "", row.description or ""]),
        "spell": " ".join([row.name, row.materials or "", *categories[2:], *places]),
        "title": row.name,
        "name": row.name,
        "description": row.description or "",
        "category": str(row.category_id),
        "top_category": str(row.parent_id or row.category_id),
        "province": row.province,
        "regency": row.regency,
        "price": int(row.price_from_idr or 0),
        "in_stock": "1" if row.in_stock else "0",
        "created": _timestamp(row.created_at),
    }


def documents_for(product_ids: list[int]) -> dict[int, dict]:
    """Documents of those products buyers may see; the others are absent (to be removed)."""
    rows = db.session.execute(_select().where(Product.id.in_(product_ids)))
    return {row.id: _document(row) for row in rows}


def all_documents(batch: int = 500) -> Iterator[list[dict]]:
    """Every visible product, in batches by id, so memory stays flat on a large catalogue."""
    last = 0
    while True:
        rows = db.session.execute(_select().where(Product.id > last).order_by(Product.id).limit(batch)).all()
        if not rows:
            return
        last = rows[-1].id
        yield [_document(row) for row in rows]


def count_visible() -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Product.id)).select_from(Product).join(Product.shop).where(_visible())
    ) or 0
