"""What the buyer may do with each parcel on the order page: confirm, complain, review."""
from __future__ import annotations

from dataclasses import dataclass

from marketplace.aftersales import complaints, reviews
from marketplace.aftersales.models import Complaint
from marketplace.orders.models import Order


@dataclass(frozen=True)
class ParcelActions:
    can_confirm: bool
    can_complain: bool
    complaint: Complaint | None
    reviews: list[reviews.Reviewable]


def buyer_actions(order: Order) -> dict[int, ParcelActions]:
    found = complaints.buyer_actions(order)
    return {shipment.id: ParcelActions(found[shipment.id].can_confirm,
                                       found[shipment.id].can_complain,
                                       found[shipment.id].complaint,
                                       reviews.reviewables(shipment))
            for shipment in order.shipments}
