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


@dataclass(frozen=True)
class Task:
    """One thing to do on a dashboard: a big number linking to the list where it is done.
    `key` names it for tests and styles; `note` says more (e.g. the ship-by deadline)."""

    key: str
    count: int
    label: str
    url: str
    note: str = ""


_providers: list[tuple[Callable[[Order], dict[int, object]], str]] = []


def register_parcel_actions(provider: Callable[[Order], dict[int, object]], template: str) -> None:
    _providers[:] = [(provider, template)]


def parcel_actions(order: Order) -> ParcelActions | None:
    if not _providers:
        return None
    provider, template = _providers[0]
    return ParcelActions(by_shipment=provider(order), template=template)


_task_providers: list[Callable[[int], Task | None]] = []


def register_seller_task(provider: Callable[[int], Task | None]) -> None:
    """`provider(shop_id)` gives the shop's task, or None; registered once per provider."""
    if provider not in _task_providers:
        _task_providers.append(provider)


def seller_tasks(shop_id: int) -> list[Task]:
    return [task for provider in _task_providers if (task := provider(shop_id)) is not None]
