"""What a search asks and answers, independent of the engine that runs it."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from markupsafe import Markup

from marketplace.pagination import Pagination


class SearchSort(enum.StrEnum):
    RELEVANCE = "relevance"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    NEWEST = "newest"


@dataclass(frozen=True)
class PriceBand:
    key: str
    low: int  # inclusive, whole rupiah
    high: int | None  # exclusive; None: no upper bound

    def holds(self, price: int) -> bool:
        return price >= self.low and (self.high is None or price < self.high)


PRICE_BANDS = (
    PriceBand("0-50000", 0, 50_000),
    PriceBand("50000-100000", 50_000, 100_000),
    PriceBand("100000-250000", 100_000, 250_000),
    PriceBand("250000-500000", 250_000, 500_000),
    PriceBand("500000-1000000", 500_000, 1_000_000),
    PriceBand("1000000-", 1_000_000, None),
)
PRICE_BANDS_BY_KEY = {band.key: band for band in PRICE_BANDS}


def price_band_of(price: int) -> str:
    return next(band.key for band in reversed(PRICE_BANDS) if band.holds(price))


@dataclass(frozen=True)
class SearchFilters:
    """category_id matches a category or any of its children."""

    category_id: int | None = None
    province: str | None = None
    regency: str | None = None
    price_band: str | None = None
    in_stock: bool = False


FACETS = ("category", "province", "regency", "price_band", "in_stock")


@dataclass
class SearchResult(Pagination):
    ids: list[int] = field(default_factory=list)  # this page's products, best first
    # facet name -> [(value, count)], most frequent first; counted over the products that pass
    # every *other* filter, so a buyer can switch from one regency to another in one click
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    highlights: dict[int, Markup] = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean", when the words as typed found nothing
    approximate: bool = False  # found only by loosening the query (fewer words, typos allowed)
    unavailable: bool = False  # the index is being built by another process
