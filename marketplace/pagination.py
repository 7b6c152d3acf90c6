"""The one pagination type: numbered pages of a longer list (storefront, admin, search)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class Pagination:
    """Where a page sits in a list of `total` items, `per_page` at a time."""

    total: int = 0
    page: int = 1
    per_page: int = 24

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Page(Pagination):
    """One page of rows; `items` are filled by the caller from `offset` and `per_page`."""

    items: list = field(default_factory=list)

    @classmethod
    def numbered(cls, total: int, page: int, per_page: int) -> Page:
        """Page `page` of `total` items: a page past the end gives the last page."""
        result = cls(total=total, per_page=per_page)
        result.page = min(max(page, 1), result.pages)
        return result
