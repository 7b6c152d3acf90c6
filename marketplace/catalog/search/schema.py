"""What the index holds for a product, and how it is read from the database.

One combined text field carries everything a buyer may type (the name three times, so a word
in the name outweighs the same word in a description): scoring one field costs half of
scoring two. Facets, filters and sorting read the index's column data, not stored fields; those
fields are columns only (no terms to write: a NUMERIC field alone wrote 16 terms per value).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from whoosh.columns import NumericColumn, RefBytesColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema
from whoosh.system import pack_uint

from marketplace.catalog.models import Category, Product, Shop
from marketplace.catalog.queries import visible
from marketplace.catalog.search.analysis import index_terms, plain_analyzer, search_analyzer
from marketplace.extensions import db

# Bump when the fields or the analyzer change: an index built by other code is rebuilt.
SCHEMA_VERSION = 2
NAME_WEIGHT = 3
CATEGORY_WEIGHT = 2
# Fields kept as column data, read into per-searcher lists for facets and sorting, and how a
# search sees their values.
@lru_cache(maxsize=4096)
def _label(value: int | bytes) -> str:
    """One shared string per category id or place name, not one per document."""
    return value.decode() if isinstance(value, bytes) else str(value)


COLUMNS = {
    "id": int, "category": _label, "top_category": _label, "price": int, "created": int,
    "province": _label, "regency": _label, "in_stock": lambda value: "1" if value else "0",
}


class IndexedText(TEXT):
    """A text field indexed through `analysis.index_terms` (the analyzer's terms, without its
    token-by-token generators), and given either as text or as ((text, times), ...): each part
    analysed once and its words counted `times` times, so the name weighs three times without
    being analysed three times (frequencies, weights and field length are those the repeated
    text would give). Queries still go through the field's Whoosh analyzer."""

    def __init__(self, stemmer: str | None) -> None:
        super().__init__(analyzer=search_analyzer(stemmer) if stemmer else plain_analyzer(), phrase=False)
        self.stemmer = stemmer

    def index(self, value, **kwargs):
        frequencies: Counter[str] = Counter()
        for text, times in ((value, 1),) if isinstance(value, str) else value:
            found = Counter(index_terms(text, self.stemmer))
            if times != 1:
                found = Counter({term: n * times for term, n in found.items()})
            frequencies.update(found)
        return [(term.encode(), n, float(n), pack_uint(n)) for term, n in frequencies.items()]


def _integer_column(typecode: str) -> COLUMN:
    """A column of fixed-size integers per document (Whoosh's NumericColumn with an `array`
    typecode: "q" int64, "i" int32, "B" uint8), never floats: prices are whole rupiah."""
    if typecode not in ("q", "i", "B"):
        raise ValueError(f"not an integer typecode: {typecode!r}")
    return COLUMN(NumericColumn(typecode))


def make_schema(stemmer: str) -> Schema:
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        text=IndexedText(stemmer),
        spell=IndexedText(None),  # words as typed: "did you mean"
        title=IndexedText(None),  # the name alone: suggestions
        name=STORED(),
        description=STORED(),
        category=_integer_column("i"),
        top_category=_integer_column("i"),
        province=COLUMN(RefBytesColumn()),
        regency=COLUMN(RefBytesColumn()),
        price=_integer_column("q"),  # whole rupiah (Product.price_from_idr), int64
        in_stock=_integer_column("B"),
        created=_integer_column("q"),  # seconds since the epoch
    )


def read_columns(reader) -> dict[str, list]:
    """The column data of every document, by document number, as searches use it."""
    return {name: list(map(convert, reader.column_reader(name))) for name, convert in COLUMNS.items()}


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
        .where(visible())
    )


def _timestamp(value: datetime) -> int:
    return int((value.replace(tzinfo=UTC) if value.tzinfo is None else value).timestamp())


def _document(row) -> dict:
    categories = [row.name_id, row.name_en]
    parents = [row.parent_name_id or "", row.parent_name_en or ""]
    places = [row.shop_name, row.province, row.regency]
    return {
        "id": str(row.id),
        "text": ((row.name, NAME_WEIGHT), (" ".join(categories), CATEGORY_WEIGHT),
                 (" ".join([*parents, *places, row.materials or "", row.description or ""]), 1)),
        "spell": " ".join([row.name, row.materials or "", *categories, *parents, *places]),
        "title": row.name,
        "name": row.name,
        "description": row.description or "",
        "category": row.category_id,
        "top_category": row.parent_id or row.category_id,
        "province": row.province.encode(),
        "regency": row.regency.encode(),
        "price": int(row.price_from_idr or 0),
        "in_stock": 1 if row.in_stock else 0,
        "created": _timestamp(row.created_at),
    }


def documents_for(product_ids: list[int]) -> dict[int, dict]:
    """Documents of those products buyers may see; the others are absent (to be removed)."""
    rows = db.session.execute(_select().where(Product.id.in_(product_ids)))
    return {row.id: _document(row) for row in rows}


def all_documents(batch: int = 500) -> Iterator[list[dict]]:
    """Every visible product, in batches by id, so memory stays flat on a large catalogue.

    Each batch's range of ids comes from the primary key alone first: asked in one query with
    the visibility conditions, SQLite reads the products through the status index and sorts
    them all for every batch (0.4 s a batch at 100,000 products, 40 s a rebuild)."""
    last = 0
    while True:
        ids = db.session.scalars(
            sa.select(Product.id).where(Product.id > last).order_by(Product.id).limit(batch)).all()
        if not ids:
            return
        rows = db.session.execute(_select().where(Product.id.between(ids[0], ids[-1])).order_by(Product.id))
        last = ids[-1]
        yield [_document(row) for row in rows]


def count_visible() -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Product.id)).select_from(Product).join(Product.shop).where(visible())
    ) or 0
