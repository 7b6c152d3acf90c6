"""Popular searches from the cache: the search page and the search's result, keyed by the
data versions and the search index's own version, so a product change shows at once.

Two layers, both through marketplace/caching.py:

- the whole page (and, for a visitor with a session, its fragments), by URL, as every
  storefront page: a repeated popular search costs what a cached catalogue page costs;
- the result of the search (product ids in order, facet counts, snippets), by what the engine
  is asked: the words as it reads them (spaces and case do not matter to the analyzer),
  filters, sort, page and page size. Another spelling of the same URL, or a visitor whose page
  cannot be shared, then skips the engine; only the cards are loaded and rendered.

The versions: the catalogue version (every product, shop and category change bumps it, on
every backend), the curation version (the header), and `search.index_version()`, since an
index kept apart from the database (Whoosh) is brought up to date after the commit that moved
the catalogue version: without it, a search run in between would keep yesterday's results
under today's version.
"""
from __future__ import annotations

from marketplace import caching
from marketplace.catalog import search, versions


def search_versions() -> tuple[str, ...]:
    """What a search page depends on besides its URL and language. The data versions are read
    first, so whatever is found is at least as new as they are."""
    return (*versions.page_versions(), search.index_version())


def normalized_words(q: str) -> str:
    return " ".join(q.casefold().split())


def cached_search(q: str, filters: search.SearchFilters, sort: search.SearchSort, page: int,
                  per_page: int) -> search.SearchResult:
    """search.search_products, answered from the cache when the same search was made at the
    same versions."""
    key = (*search_versions(), normalized_words(q), filters, sort.value, page, per_page)
    # "Search is being prepared" (another process builds the index) is not a result to keep.
    return caching.cached_value("search", key,
                                lambda: search.search_products(q, filters, sort, page, per_page),
                                keep=lambda result: not result.unavailable)
