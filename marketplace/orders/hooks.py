"""What packages above orders add to the order pages, registered when they are imported
(aftersales: what the buyer may do with each parcel). Orders never import them; without one,
the page simply offers nothing more."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from marketplace.orders.models import Order


@dataclass(frozen=True)
class ParcelActions:
    """`by_shipment`: shipment id → what the buyer may do with it; `template`: the snippet the
    order page includes for each parcel (it sees `order`, `shipment` and `action`)."""

    by_shipment: dict[int, object]
    template: str


_providers: list[tuple[Callable[[Order], dict[int, object]], str]] = []


def register_parcel_actions(provider: Callable[[Order], dict[int, object]], template: str) -> None:
    _providers[:] = [(provider, template)]


def parcel_actions(order: Order) -> ParcelActions | None:
    if not _providers:
        return None
    provider, template = _providers[0]
    return ParcelActions(by_shipment=provider(order), template=template)
