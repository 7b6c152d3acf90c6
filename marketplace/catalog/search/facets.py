"""Filters and facet counts over the index's column data of the matched documents.

The columns are read once per searcher into lists indexed by document number (store.Live), so a
filter is a comprehension over the matched documents and a facet is `Counter(map(column, docs))`,
which runs in C: far cheaper than Whoosh's `groupedby` or reading stored fields.
"""
from __future__ import annotations

from collections import Counter

from marketplace.catalog.search.results import FACETS, SearchFilters, price_band_of


DERIVED_COLUMNS = ("price_band", "parent")


def derived_columns(columns: dict[str, list]) -> dict[str, list]:
    """Columns computed once per searcher for counting: the price band of each document, and
    its top category where that differs from its own (None otherwise)."""
    return {
        "price_band": [price_band_of(price) for price in columns["price"]],
        "parent": [top if top != leaf else None
                   for leaf, top in zip(columns["category"], columns["top_category"])],
    }


def _passing(matched: set[int], columns: dict[str, list], filters: SearchFilters) -> dict[str, set[int]]:
    """For each filter set, the matched documents that pass it."""
    passing = {}
    if filters.category_id is not None:
        wanted, leaf, top = str(filters.category_id), columns["category"], columns["top_category"]
        passing["category"] = {d for d in matched if leaf[d] == wanted or top[d] == wanted}
    for name in ("province", "regency", "price_band"):
        value, column = getattr(filters, name), columns[name]
        if value:
            passing[name] = {d for d in matched if column[d] == value}
    if filters.in_stock:
        stock = columns["in_stock"]
        passing["in_stock"] = {d for d in matched if stock[d] == "1"}
    return passing


def _count(name: str, docs: set[int], columns: dict[str, list]) -> Counter:
    if name == "category":
        counts = Counter(map(columns["category"].__getitem__, docs))
        counts.update(map(columns["parent"].__getitem__, docs))
        counts.pop(None, None)
        return counts
    if name == "in_stock":
        return Counter({"1": sum(1 for _ in filter("1".__eq__, map(columns["in_stock"].__getitem__, docs)))})
    return Counter(map(columns[name].__getitem__, docs))


def filter_and_count(matched: set[int], columns: dict[str, list], filters: SearchFilters):
    """The documents passing every filter (in document order), and the facet counts: each facet
    counted over the documents that pass all the *other* filters, so a buyer can switch from
    one regency to another in one click."""
    passing = _passing(matched, columns, filters)
    allowed = matched.intersection(*passing.values()) if passing else matched
    facets = {}
    for name in FACETS:
        others = [docs for other, docs in passing.items() if other != name]
        if len(others) == len(passing):  # a facet without a filter of its own
            docs = allowed
        else:
            docs = matched.intersection(*others) if others else matched
        counts = _count(name, docs, columns)
        facets[name] = sorted(((value, n) for value, n in counts.items() if n),
                              key=lambda item: (-item[1], item[0]))
    return sorted(allowed), facets
