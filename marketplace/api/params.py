"""Query parameters of the API, read with the storefront's own validation.

The catalogue's filters go through catalog.forms.CatalogFilterForm, the very form behind
/products; search filters through the same validators. Where the HTML pages forgive
(an unknown sort is "newest", `page=abc` is page 1, a filter /search cannot use is dropped),
the API answers 400 with every problem named: a program should learn of its mistake.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask import current_app, request
from wtforms import StringField

from marketplace.api import cursors
from marketplace.api.http import InvalidParameters
from marketplace.catalog import queries, search
from marketplace.catalog.forms import MAX_QUERY_LENGTH, CatalogFilterForm, clean_text
from marketplace.forms import FlaskForm

MAX_PAGE = 100_000  # as catalog.forms.page_number
MAX_PER_PAGE = 100
MAX_SEARCH_QUERY_LENGTH = 200  # what search.clean_query keeps
# What catalog.services.unique_slug makes; anything else cannot name a product or shop.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MAX_LENGTH = 180
_SLUG = re.compile(SLUG_PATTERN.removeprefix("^").removesuffix("$"))
TRUE_VALUES = ("true", "1", "on")  # what /search reads as true, so html links agree
FALSE_VALUES = ("false", "0", "off", "no")

PRODUCT_LIST_PARAMETERS = ("q", "category", "province", "regency", "min_price", "max_price",
                           "in_stock", "well_packaged", "sort", "page", "per_page", "cursor")
SEARCH_PARAMETERS = ("q", "category", "province", "regency", "price", "in_stock", "sort",
                     "page", "per_page")
PAGE_PARAMETERS = ("page", "per_page")


# A parameter that may be given empty, as documented ("empty lists everything"); any other
# parameter given empty is refused like an unknown value rather than read as absent.
MAY_BE_EMPTY = frozenset({"q"})


def has_control_character(text: str) -> bool:
    """C0 and C1 control characters and DEL (Unicode category Cc): never part of a value."""
    return any(unicodedata.category(character) == "Cc" for character in text)


class _Problems:
    def __init__(self, allowed: tuple[str, ...]) -> None:
        self.errors: list[dict[str, str]] = []
        # Parameters refused as given: later checks of their value would only repeat it.
        self._refused: set[str] = set()
        for name, values in request.args.lists():
            if name not in allowed:
                self._refuse(name, "Unknown parameter.")
            elif len(values) > 1:
                self._refuse(name, "Give this parameter once.")
            elif has_control_character(values[0]):
                self._refuse(name, "Must not hold control characters.")
            elif values[0] == "" and name not in MAY_BE_EMPTY:
                self._refuse(name, "Must not be empty: leave the parameter out instead.")

    def _refuse(self, parameter: str, detail: str) -> None:
        self.add(parameter, detail)
        self._refused.add(parameter)

    def add(self, parameter: str, detail) -> None:
        if parameter not in self._refused:
            self.errors.append({"parameter": parameter, "detail": str(detail)})

    def add_form_errors(self, form) -> None:
        for name, messages in form.errors.items():
            for message in messages:
                self.add(name, message)

    def raise_any(self) -> None:
        if self.errors:
            raise InvalidParameters(self.errors)

    def integer(self, name: str, default: int | None, high: int) -> int | None:
        raw = request.args.get(name)
        if raw is None:
            return default
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= high:
            self.add(name, f"Must be a whole number from 1 to {high}.")
            return default
        return int(raw)

    def boolean(self, name: str) -> bool:
        raw = request.args.get(name)
        if raw is None:
            return False
        raw = raw.lower()
        if raw not in TRUE_VALUES + FALSE_VALUES:
            self.add(name, "Must be true or false.")
        return raw in TRUE_VALUES

    def text(self, name: str, max_length: int) -> str:
        raw = request.args.get(name, "")
        if len(raw) > max_length:
            self.add(name, f"At most {max_length} characters.")
        return raw

    def per_page(self) -> int:
        return self.integer("per_page", current_app.config["CATALOG_PAGE_SIZE"], MAX_PER_PAGE)


@dataclass(frozen=True)
class ProductListRequest:
    filter: queries.CatalogFilter
    per_page: int
    page: int | None  # numbered pages when given
    after: tuple | None  # else the sort key a cursor points after (None: from the start)


def product_list_request() -> ProductListRequest:
    problems = _Problems(PRODUCT_LIST_PARAMETERS)
    problems.text("q", MAX_QUERY_LENGTH)
    problems.boolean("in_stock")
    problems.boolean("well_packaged")
    form = CatalogFilterForm(formdata=request.args)
    form.meta.max_price = current_app.config["MAX_PRICE_IDR"]
    if not form.validate():
        problems.add_form_errors(form)
    sort = _sort(problems, [s.value for s in queries.Sort], queries.Sort.NEWEST)
    page = problems.integer("page", None, MAX_PAGE)
    per_page = problems.per_page()
    after = None
    if "cursor" in request.args:
        if "page" in request.args:
            problems.add("cursor", "Give either a page or a cursor, not both.")
        try:
            after = cursors.decode(request.args["cursor"], queries.Sort(sort))
        except cursors.InvalidCursor as reason:
            problems.add("cursor", str(reason))
    problems.raise_any()
    return ProductListRequest(filter=form.to_filter(), per_page=per_page, page=page, after=after)


def _sort(problems: _Problems, allowed: list[str], default: str) -> str:
    raw = request.args.get("sort")
    if raw is None:
        return default
    if raw not in allowed:
        problems.add("sort", f"One of: {', '.join(allowed)}.")
        return default
    return raw


class _SearchFilterForm(FlaskForm):
    """The catalogue's own checks of category, province and regency, for search filters."""

    class Meta:
        csrf = False

    category = StringField(filters=[clean_text])
    province = StringField(filters=[clean_text])
    regency = StringField(filters=[clean_text])

    validate_category = CatalogFilterForm.validate_category
    validate_province = CatalogFilterForm.validate_province
    validate_regency = CatalogFilterForm.validate_regency


@dataclass(frozen=True)
class SearchRequest:
    q: str
    filters: search.SearchFilters
    sort: search.SearchSort
    page: int
    per_page: int


def search_request() -> SearchRequest:
    problems = _Problems(SEARCH_PARAMETERS)
    q = problems.text("q", MAX_SEARCH_QUERY_LENGTH)
    in_stock = problems.boolean("in_stock")
    form = _SearchFilterForm(formdata=request.args)
    if not form.validate():
        problems.add_form_errors(form)
    price = request.args.get("price") or None
    bands = [band.key for band in search.PRICE_BANDS]
    if price is not None and price not in bands:
        problems.add("price", f"One of: {', '.join(bands)}.")
    sort = _sort(problems, [s.value for s in search.SearchSort], search.SearchSort.RELEVANCE)
    page = problems.integer("page", 1, MAX_PAGE)
    per_page = problems.per_page()
    problems.raise_any()
    category = getattr(form.category, "category", None)
    filters = search.SearchFilters(
        category_id=category.id if category else None, province=form.province.data or None,
        regency=form.regency.data or None, price_band=price, in_stock=in_stock)
    return SearchRequest(q=search.clean_query(q), filters=filters, sort=search.SearchSort(sort),
                         page=page or 1, per_page=per_page)


def page_request() -> tuple[int, int]:
    """(page, per_page) of a listing that has numbered pages only."""
    problems = _Problems(PAGE_PARAMETERS)
    page = problems.integer("page", 1, MAX_PAGE)
    per_page = problems.per_page()
    problems.raise_any()
    return page or 1, per_page


def no_parameters() -> None:
    _Problems(()).raise_any()


def is_slug(text: str) -> bool:
    return len(text) <= SLUG_MAX_LENGTH and _SLUG.fullmatch(text) is not None
