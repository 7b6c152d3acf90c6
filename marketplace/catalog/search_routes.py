"""The search page and its suggestions: thin handlers over catalog.search, the page cached as
every storefront page is (search_cache.py).

Filters come from facet links, so a value that makes no sense (edited by hand, or a category
since removed) is simply ignored: a search page never answers with an error.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, g, jsonify, make_response, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from marketplace import caching
from marketplace.catalog import bp, cards, queries, regions, search
from marketplace.catalog.search_cache import cached_search, search_versions
from marketplace.catalog.forms import page_number
from marketplace.catalog.search.results import PRICE_BANDS_BY_KEY

SORTS = [
    (search.SearchSort.RELEVANCE, _l("Best match")),
    (search.SearchSort.PRICE_ASC, _l("Price: low to high")),
    (search.SearchSort.PRICE_DESC, _l("Price: high to low")),
    (search.SearchSort.NEWEST, _l("Newest")),
]
FILTER_ARGS = ("category", "province", "regency", "price", "in_stock")


def _filters(args: MultiDict) -> search.SearchFilters:
    category = queries.category_by_slug(args.get("category", ""))
    province = args.get("province") if regions.province(args.get("province", "")) else None
    regency = args.get("regency", "")
    if not any(regency in p.regencies for p in regions.PROVINCES):
        regency = None
    price = args.get("price") if args.get("price") in PRICE_BANDS_BY_KEY else None
    return search.SearchFilters(category_id=category.id if category else None, province=province,
                                regency=regency, price_band=price,
                                in_stock=args.get("in_stock") in ("1", "on", "true"))


def _sort(args: MultiDict) -> search.SearchSort:
    try:
        return search.SearchSort(args.get("sort", ""))
    except ValueError:
        return search.SearchSort.RELEVANCE


def search_url(**changes) -> str:
    """This search with some arguments changed (None removes one), back on its first page.

    A page has about eighty of these links (two per facet value): the path is built once per
    request and the query string encoded here, which costs a tenth of `url_for` each."""
    path = g.get("sentra_search_path")
    if path is None:
        path = g.sentra_search_path = url_for("catalog.search")
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return f"{path}?{urlencode(args)}" if args else path


def _facets(result: search.SearchResult, filters: search.SearchFilters) -> dict:
    """The counts as things a template can show: categories as a tree, provinces (with their
    regencies once the province or one of them is chosen: the province narrows the regency, and
    a store with every regency in its results keeps its page light), price bands in order."""
    categories = dict(result.facets.get("category", []))
    regencies = dict(result.facets.get("regency", []))
    provinces = dict(result.facets.get("province", []))
    prices = dict(result.facets.get("price_band", []))
    tree = []
    for top in queries.top_categories():
        children = [(c, categories[str(c.id)]) for c in queries.all_categories()
                    if c.parent_id == top.id and str(c.id) in categories]
        if str(top.id) in categories:
            tree.append((top, categories[str(top.id)], children))
    return {
        "categories": tree,
        "regions": [(p, provinces[p.name],
                     [(r, regencies[r]) for r in p.regencies if r in regencies]
                     if filters.province == p.name or filters.regency in p.regencies else [])
                    for p in regions.PROVINCES if p.name in provinces],
        "prices": [(band, prices[band.key]) for band in search.PRICE_BANDS if band.key in prices],
        "in_stock": dict(result.facets.get("in_stock", [])).get("1", 0),
    }


@bp.get("/search", endpoint="search")
@caching.shared_page(search_versions)
def search_page():
    def load() -> dict:
        q = search.clean_query(request.args.get("q"))
        filters, sort = _filters(request.args), _sort(request.args)
        result = cached_search(q, filters, sort, page_number(request.args.get("page")),
                               current_app.config["CATALOG_PAGE_SIZE"])
        chosen_category = queries.category_by_id(filters.category_id) if filters.category_id else None
        unavailable = result.unavailable  # being built elsewhere: said now, never kept
        context = dict(
            q=q, result=result, products=[] if unavailable else cards.listed(result.ids),
            facets=_facets(result, filters), filters=filters, chosen_category=chosen_category,
            sort=sort, sorts=SORTS, search_url=search_url,
            price_band=None if unavailable else PRICE_BANDS_BY_KEY.get(filters.price_band or ""),
            filtering=not unavailable and any(request.args.get(name) for name in FILTER_ARGS),
        )
        if unavailable:
            response = make_response(render_template("catalog/search.html", **context))
            response.headers["Cache-Control"] = "no-store"
            return response
        return context

    return caching.cached_page("catalog/search.html", load, search_versions())


@bp.get("/search/suggest")
def search_suggest():
    """JSON for the search box's <datalist>: a few product names and words."""
    q = request.args.get("q", "")
    response = jsonify(q=q[:100], suggestions=search.suggest(q, limit=8))
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response
