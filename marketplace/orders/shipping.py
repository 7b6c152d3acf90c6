"""Shipping cost per seller shipment: chargeable weight × a rate by origin, zone and service.

`RateSource` is the interface a courier API (JNE, J&T, POS) can replace; none is reachable
from here, so `TableRates` reads the `shipping_rates` table, which the migration fills with
sensible defaults and an admin can change.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import sqlalchemy as sa

from marketplace.catalog.packaging import chargeable_weight_kg, volumetric_weight_g
from marketplace.extensions import db
from marketplace.orders.addresses import Address
from marketplace.orders.models import ShippingRate

# Provinces by island group: parcels within a group travel by road or short sea legs.
_ISLANDS = {
    "kalimantan": {"Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
                   "Kalimantan Timur", "Kalimantan Utara"},
    "nusa_tenggara": {"Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur"},
    "papua": {"Papua", "Papua Barat", "Papua Barat Daya", "Papua Tengah", "Papua Pegunungan",
              "Papua Selatan"},
    "sumatera": {"Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi",
                 "Bengkulu", "Sumatera Selatan", "Kepulauan Bangka Belitung", "Lampung"},
    "jawa": {"Banten", "DKI Jakarta", "Jawa Barat", "Jawa Tengah", "DI Yogyakarta", "Jawa Timur"},
    "sulawesi": {"Sulawesi Utara", "Gorontalo", "Sulawesi Tengah", "Sulawesi Barat",
                 "Sulawesi Selatan", "Sulawesi Tenggara"},
    "maluku": {"Maluku", "Maluku Utara"},
}
MALAYSIAN_BORNEO = {"Sarawak", "Sabah", "W.P. Labuan"}

ZONES = ("local", "island", "national", "borneo_my", "timor_leste", "asean")


def destination_zone(origin_province: str, address: Address) -> str:
    """Where a parcel goes, as couriers price it."""
    if address.country == "ID":
        if address.region == origin_province:
            return "local"
        for provinces in _ISLANDS.values():
            if origin_province in provinces and address.region in provinces:
                return "island"
        return "national"
    if address.country == "MY" and address.region in MALAYSIAN_BORNEO:
        return "borneo_my"  # over the Entikong-Tebedu or Aruk-Biawak land posts
    if address.country == "TL":
        return "timor_leste"  # over Motaain-Batugade or Wini to Oecusse
    return "asean"


@dataclass(frozen=True)
class ShippingOption:
    service: str
    cost_idr: int
    eta_min_days: int
    eta_max_days: int


@dataclass(frozen=True)
class Parcel:
    weight_g: int
    volume_cm3: int

    @property
    def chargeable_kg(self) -> int:
        # The dimensions of several packs in one parcel are unknown; their volumes add up.
        return chargeable_weight_kg(max(self.weight_g, _volumetric_from_volume(self.volume_cm3)))


def _volumetric_from_volume(volume_cm3: int) -> int:
    return volumetric_weight_g(volume_cm3, 1, 1)


class RateSource(Protocol):
    def options(self, origin_province: str, address: Address, parcel: Parcel) -> list[ShippingOption]:
        ...


class TableRates:
    def options(self, origin_province: str, address: Address, parcel: Parcel) -> list[ShippingOption]:
        zone = destination_zone(origin_province, address)
        rows = db.session.scalars(
            sa.select(ShippingRate)
            .where(ShippingRate.zone == zone,
                   ShippingRate.origin_province.in_([origin_province, "*"]))
            .order_by(ShippingRate.origin_province.desc(), ShippingRate.service)
        )
        chosen: dict[str, ShippingRate] = {}
        for row in rows:  # a rate for this origin beats the default "*" for the same service
            if row.service not in chosen or row.origin_province != "*":
                chosen[row.service] = row
        kg = parcel.chargeable_kg
        options = [
            ShippingOption(service=r.service, cost_idr=r.first_kg_idr + r.next_kg_idr * (kg - 1),
                           eta_min_days=r.eta_min_days, eta_max_days=r.eta_max_days)
            for r in chosen.values()
        ]
        return sorted(options, key=lambda o: o.cost_idr)


def rate_source() -> RateSource:
    return TableRates()
