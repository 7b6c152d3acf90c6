"""Couriers a seller ships with, and where a buyer follows a parcel.

The seller types the courier's name (a list is offered, anything is accepted); a known name gets
a link to that courier's own tracking page on the order page. Where the courier's public lookup
takes the number in its address (`LOOKUPS`), the link opens it already filled in; the others take
it in a form, so the buyer pastes the number there. Unknown couriers show the number only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from marketplace.orders import bp

# Name as shown in the seller's list -> the courier's public tracking page.
COURIERS: dict[str, str] = {
    "JNE": "https://www.jne.co.id/tracking-package",
    "J&T Express": "https://jet.co.id/track",
    "SiCepat": "https://www.sicepat.com/checkAwb",
    "Pos Indonesia": "https://www.posindonesia.co.id/id/tracking",
    "Lion Parcel": "https://lionparcel.com/track/stt",
    "AnterAja": "https://anteraja.id/tracking",
    "Ninja Xpress": "https://www.ninjaxpress.co/id-id/tracking",
}
# Lookups that take the tracking number in the address. Only these two are used as public links
# with the number in them (Lion Parcel's `/track/stt?q=`, Ninja Xpress's `/tracking?id=`); the
# other couriers' pages read it from a form, so they get their tracking page without the number.
LOOKUPS: dict[str, str] = {
    "Lion Parcel": "https://lionparcel.com/track/stt?q={number}",
    "Ninja Xpress": "https://www.ninjaxpress.co/id-id/tracking?id={number}",
}
# What sellers type for them: "jnt", "J&T", "pos", "POS Indonesia", "sicepat ekspres"...
_ALIASES = {"jne": "JNE", "jnt": "J&T Express", "jt": "J&T Express", "jandt": "J&T Express",
            "jandtexpress": "J&T Express", "jtexpress": "J&T Express", "sicepat": "SiCepat",
            "sicepatekspres": "SiCepat", "pos": "Pos Indonesia", "posindonesia": "Pos Indonesia",
            "lion": "Lion Parcel", "lionparcel": "Lion Parcel", "anteraja": "AnterAja",
            "ninja": "Ninja Xpress", "ninjaxpress": "Ninja Xpress"}


def known_courier(name: str | None) -> str | None:
    """The courier's name from COURIERS for what a seller typed, or None when unknown."""
    key = re.sub(r"[^a-z]", "", (name or "").lower().replace("&", "and"))
    return _ALIASES.get(key)


@bp.app_template_filter("tracking_page")
def tracking_page(courier: str | None) -> str | None:
    """The courier's tracking page, for a link beside the tracking number."""
    known = known_courier(courier)
    return COURIERS[known] if known else None


@dataclass(frozen=True)
class TrackingLink:
    url: str
    prefilled: bool  # the page opens with the parcel's number in it


@bp.app_template_global("tracking_link")
def tracking_link(courier: str | None, number: str | None) -> TrackingLink | None:
    """Where the buyer follows a parcel: the courier's lookup with the number already in it
    where the courier has one, else its tracking page; None for unknown couriers or no number."""
    known = known_courier(courier)
    number = (number or "").strip()
    if not known or not number:
        return None
    if known in LOOKUPS:
        return TrackingLink(LOOKUPS[known].format(number=quote(number, safe="")), prefilled=True)
    return TrackingLink(COURIERS[known], prefilled=False)


@bp.app_template_global("courier_names")
def courier_names() -> list[str]:
    """The list offered to a seller when they enter a parcel's courier."""
    return list(COURIERS)
