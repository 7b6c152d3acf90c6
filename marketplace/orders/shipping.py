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


@dataclass(frozen=True)
class Estimate:
    """The cheapest way to send one of a product to a province: "Ongkir mulai Rp… ke …"."""
    province: str
    option: ShippingOption | None  # None: no rate to that province in the table
    chargeable_kg: int


def variant_parcel(variant, quantity: int = 1) -> Parcel:
    """`quantity` packs of a variant: its packed weight (net where none was entered) and the
    volume of its packed dimensions where all three were entered."""
    volume = (variant.packed_length_cm * variant.packed_width_cm * variant.packed_height_cm
              if variant.has_dimensions else 0)
    return Parcel(weight_g=(variant.packed_weight_g or variant.net_weight_g or 0) * quantity,
                  volume_cm3=volume * quantity)


def parcel_of_one(variants) -> Parcel:
    """The lightest pack of a product (by chargeable weight), as a parcel of one."""
    return min((variant_parcel(v) for v in variants), key=lambda p: p.chargeable_kg,
               default=Parcel(weight_g=0, volume_cm3=0))


def estimate(origin_province: str, variants, province: str) -> Estimate:
    """From the rate table, for a buyer in `province` (Indonesia): the cheapest service for the
    product's lightest pack, quantity one. Checkout prices the real parcel."""
    parcel = parcel_of_one(variants)
    options = rate_source().options(
        origin_province, Address(country="ID", recipient="", phone="", street="", region=province),
        parcel)
    return Estimate(province=province, option=options[0] if options else None,
                    chargeable_kg=parcel.chargeable_kg)
