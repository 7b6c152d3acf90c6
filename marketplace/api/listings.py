"""Lists of products as the API answers them: items, pagination meta and links, facets."""
from __future__ import annotations

from flask import request, url_for

from marketplace.api import cursors
from marketplace.api.representations import category_ref, money, product_summary
from marketplace.catalog import queries, regions, search
from marketplace.pagination import Page


def this_url(endpoint: str, **changes) -> str:
    """This request's URL with some query arguments changed (None drops one)."""
    args = {key: value for key, value in request.args.items() if key not in changes}
    args.update({key: value for key, value in changes.items() if value is not None})
    # In one order whatever the request's: equal queries, equal links (and cache keys).
    return url_for(endpoint, **(request.view_args or {}), **dict(sorted(args.items())),
                   _external=True)


def page_links(endpoint: str, page: Page | search.SearchResult, html: str | None) -> dict:
    return {
        "self": this_url(endpoint, page=page.page),
        "next": this_url(endpoint, page=page.page + 1) if page.has_next else None,
        "prev": this_url(endpoint, page=page.page - 1) if page.has_prev else None,
        "html": html,
    }


def page_meta(page: Page | search.SearchResult) -> dict:
    return {"pagination": "page", "page": page.page, "pages": page.pages,
            "per_page": page.per_page, "total": page.total}


def numbered(endpoint: str, page: Page, html: str | None, **extra_meta) -> dict:
    return {
        "data": [product_summary(p) for p in page.items],
        "meta": {**page_meta(page), **extra_meta},
        "links": page_links(endpoint, page, html),
    }


def by_cursor(endpoint: str, flt: queries.CatalogFilter, after: tuple | None, per_page: int,
              total: int, html: str) -> dict:
    """One slice of a key-set walk: one row more than asked says whether there is a next."""
    products = queries.list_products_after(flt, after, per_page + 1)
    more, products = len(products) > per_page, products[:per_page]
    next_cursor = (cursors.encode(flt.sort, queries.sort_key(products[-1], flt.sort))
                   if more else None)
    return {
        "data": [product_summary(p) for p in products],
        "meta": {"pagination": "cursor", "per_page": per_page, "total": total,
                 "sort": flt.sort.value, "next_cursor": next_cursor},
        "links": {
            "self": this_url(endpoint),
            "next": this_url(endpoint, cursor=next_cursor) if more else None,
            "prev": None,  # cursors run forwards; start again without one for the first page
            "html": html,
        },
    }


def found(result: search.SearchResult, products: list, q: str, sort: search.SearchSort) -> dict:
    """A page of search results: the products in the order found, with their snippets."""
    suggestion = result.suggestion
    links = page_links("api.product_search", result,
                       this_url("catalog.search", per_page=None, page=None))
    links["suggestion"] = (this_url("api.product_search", q=suggestion, page=None)
                           if suggestion else None)
    return {
        "data": [product_summary(p, highlight=str(result.highlights.get(p.id, "")))
                 for p in products],
        "meta": {**page_meta(result), "q": q, "sort": sort.value,
                 "approximate": result.approximate, "suggestion": suggestion},
        "facets": facets(result),
        "links": links,
    }


def facets(result: search.SearchResult) -> dict:
    """The search's counts in the storefront's order: categories top-down, provinces and their
    regencies as in catalog.regions, price bands from low to high."""
    counts = {name: dict(values) for name, values in result.facets.items()}
    categories, regencies = counts.get("category", {}), counts.get("regency", {})
    provinces, prices = counts.get("province", {}), counts.get("price_band", {})
    category_counts = []
    for category in queries.all_categories():
        if str(category.id) in categories:
            parent = queries.category_by_id(category.parent_id) if category.parent_id else None
            category_counts.append({**category_ref(category), "count": categories[str(category.id)],
                                    "parent": parent.slug if parent else None})
    return {
        "category": category_counts,
        "province": [{"value": p.name, "count": provinces[p.name]}
                     for p in regions.PROVINCES if p.name in provinces],
        "regency": [{"value": r, "province": p.name, "count": regencies[r]}
                    for p in regions.PROVINCES for r in p.regencies if r in regencies],
        "price": [{"value": band.key, "min": money(band.low),
                   "max": money(band.high) if band.high is not None else None,
                   "count": prices[band.key]}
                  for band in search.PRICE_BANDS if band.key in prices],
        "in_stock": counts.get("in_stock", {}).get("1", 0),
    }
