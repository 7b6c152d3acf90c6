"""Product search, behind a small interface (microblog's search.py, grown a little).

    index_products(ids) / remove_products(ids)   queue products for the index (caller's transaction)
    apply_pending()                             bring the index up to date, after commit
    after_commit_reindex()                      the same, run by aftercommit: logs, never raises
    search_products(query, filters, sort, page, per_page) -> SearchResult
    suggest(prefix, limit) -> [str]
    index_version() -> str                      changes whenever what searches find may change
    rebuild(progress) -> int                     a new index from the database, swapped in

Only the modules below this package know about Whoosh; a search server or PostgreSQL full-text
search can replace them behind the same functions. Results carry product ids in order;
the caller loads the products (catalog.queries.products_by_ids).
"""
from __future__ import annotations

from marketplace.catalog.search.engine import clean_query, index_version, search_products, suggest
from marketplace.catalog.search.results import (
    PRICE_BANDS,
    PriceBand,
    SearchFilters,
    SearchResult,
    SearchSort,
)
from marketplace.catalog.search.sync import after_commit_reindex, apply_pending, enqueue, rebuild

__all__ = [
    "PRICE_BANDS", "PriceBand", "SearchFilters", "SearchResult", "SearchSort",
    "after_commit_reindex", "apply_pending", "clean_query", "index_products", "index_version", "rebuild",
    "remove_products", "search_products", "suggest",
]


def index_products(product_ids: list[int]) -> None:
    """Queue products to be (re)indexed after the caller's transaction commits. A product that
    buyers may not see (draft, archived, taken down) is taken out instead."""
    enqueue(product_ids)


def remove_products(product_ids: list[int]) -> None:
    """Queue products to be taken out of the index (the same queue: what is applied is
    always the product's state at that moment, so the two cannot race)."""
    enqueue(product_ids)
