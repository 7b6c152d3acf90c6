"""Product search, behind a small interface (microblog's search.py, grown a little).

    index_products(ids) / remove_products(ids)   queue products for the index (caller's transaction)
    apply_pending()                             bring the index up to date, after commit
    after_commit_reindex()                      the same, run by aftercommit: logs, never raises
    search_products(query, filters, sort, page, per_page) -> SearchResult
    suggest(prefix, limit) -> [str]
    index_version() -> str                      changes whenever what searches find may change
    rebuild(progress) -> int                     a new index from the database, swapped in

Two backends sit behind these functions, chosen by SEARCH_BACKEND: "whoosh" (engine, store, sync,
schema: an index on this machine's disk, kept up to date after each commit) and "postgresql"
(pg_backend, pg_schema: documents written in the product change's own transaction, shared by
every app server on the database). Results carry product ids in order; the caller loads the
products (catalog.queries.products_by_ids).
"""
from __future__ import annotations

from flask import current_app

from marketplace.catalog.search import engine, pg_backend, sync
from marketplace.catalog.search.engine import clean_query
from marketplace.catalog.search.results import (
    PRICE_BANDS,
    PriceBand,
    SearchFilters,
    SearchResult,
    SearchSort,
)
from marketplace.catalog.search.sync import enqueue

BACKENDS = ("whoosh", "postgresql")

__all__ = [
    "PRICE_BANDS", "PriceBand", "SearchFilters", "SearchResult", "SearchSort",
    "after_commit_reindex", "apply_pending", "clean_query", "index_products", "index_version",
    "rebuild", "remove_products", "search_products", "suggest", "BACKENDS", "check_backend",
]


def _postgresql() -> bool:
    return current_app.config.get("SEARCH_BACKEND", "whoosh") == "postgresql"


def search_products(query, filters=None, sort=SearchSort.RELEVANCE, page=1, per_page=24) -> SearchResult:
    if _postgresql():
        return pg_backend.search_products(query, filters, sort, page, per_page)
    return engine.search_products(query, filters, sort, page, per_page)


def suggest(prefix: str | None, limit: int = 8) -> list[str]:
    return pg_backend.suggest(prefix, limit) if _postgresql() else engine.suggest(prefix, limit)


def index_version() -> str:
    """Keys cached search pages and results beside the catalogue version. Whoosh's index is
    brought up to date after the commit that moves that version, so it has a version of its
    own; PostgreSQL's documents change in the product's own transaction, so the catalogue
    version alone says when its results may change. (An answer while the index is being
    built is never kept: catalog.search_cache.)"""
    return "pg" if _postgresql() else engine.index_version()


def index_products(product_ids: list[int]) -> None:
    """Whoosh: queue products to be (re)indexed after the caller's transaction commits.
    PostgreSQL: write their documents now, in the caller's transaction. A product that
    buyers may not see (draft, archived, taken down) is taken out instead."""
    if _postgresql():
        pg_backend.index_products(product_ids)
    else:
        enqueue(product_ids)


def remove_products(product_ids: list[int]) -> None:
    """Take products out of the index (the same path as index_products: what is written is
    always the product's state at that moment, so the two cannot race)."""
    index_products(product_ids)


def rebuild(progress=None) -> int:
    """A new index from the database, swapped in; returns the products indexed."""
    return pg_backend.rebuild(progress) if _postgresql() else sync.rebuild(progress)


def apply_pending(build_missing: bool = False) -> int:
    """Whoosh: apply queued changes after the commit. PostgreSQL has nothing pending."""
    return 0 if _postgresql() else sync.apply_pending(build_missing)


def after_commit_reindex() -> None:
    if not _postgresql():
        sync.after_commit_reindex()


def check_backend(settings) -> None:
    """At start-up: a backend this store can run (PostgreSQL's needs a PostgreSQL database)."""
    backend = settings.get("SEARCH_BACKEND", "whoosh")
    if backend not in BACKENDS:
        raise RuntimeError(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}.")
    url = str(settings.get("SQLALCHEMY_DATABASE_URI") or "")
    if backend == "postgresql" and not url.startswith("postgresql"):
        raise RuntimeError(
            "SEARCH_BACKEND=postgresql needs a PostgreSQL database (DATABASE_URL=postgresql+psycopg://...); "
            "this store's database is not one: use SEARCH_BACKEND=whoosh.")
