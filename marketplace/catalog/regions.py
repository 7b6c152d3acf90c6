"""Provinces and regencies a shop can be in: the border regencies first.

Names are proper nouns and are not translated. The list is short on purpose: border
regencies (see shared/DOMAIN.md) plus the provincial capitals that ship their goods.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    name: str
    slug: str
    regencies: tuple[str, ...]  # border regencies first
    border_regencies: tuple[str, ...]


PROVINCES: tuple[Province, ...] = (
    Province(
        "Nusa Tenggara Timur",
        "ntt",
        ("Kupang", "Belu", "Malaka", "Timor Tengah Utara", "Alor", "Rote Ndao", "Kota Kupang",
         "Timor Tengah Selatan", "Sumba Timur"),
        ("Kupang", "Belu", "Malaka", "Timor Tengah Utara", "Alor", "Rote Ndao"),
    ),
    Province(
        "Kalimantan Barat",
        "kalbar",
        ("Sambas", "Bengkayang", "Sanggau", "Sintang", "Kapuas Hulu", "Kota Pontianak"),
        ("Sambas", "Bengkayang", "Sanggau", "Sintang", "Kapuas Hulu"),
    ),
    Province(
        "Kalimantan Utara",
        "kaltara",
        ("Nunukan", "Malinau", "Kota Tarakan"),
        ("Nunukan", "Malinau"),
    ),
    Province("Papua", "papua", ("Kota Jayapura", "Keerom"), ("Kota Jayapura", "Keerom")),
    Province(
        "Papua Pegunungan", "papua-pegunungan", ("Pegunungan Bintang",), ("Pegunungan Bintang",)
    ),
    Province("Papua Selatan", "papua-selatan", ("Merauke", "Boven Digoel"), ("Merauke", "Boven Digoel")),
    Province(
        "Kepulauan Riau",
        "kepri",
        ("Natuna", "Kepulauan Anambas", "Kota Batam"),
        ("Natuna", "Kepulauan Anambas"),
    ),
)

PROVINCE_NAMES: tuple[str, ...] = tuple(p.name for p in PROVINCES)
_BY_NAME = {p.name: p for p in PROVINCES}


def province(name: str) -> Province | None:
    return _BY_NAME.get(name)


def is_valid_region(province_name: str, regency: str) -> bool:
    found = _BY_NAME.get(province_name)
    return found is not None and regency in found.regencies


def regency_choices() -> list[tuple[str, list[str]]]:
    """(province, regencies) pairs for a grouped select, border regencies first."""
    return [(p.name, list(p.regencies)) for p in PROVINCES]


def regency_groups(chosen_province: str | None) -> list[Province]:
    """The provinces whose regencies a regency filter offers, each a group: every province, or
    once one is chosen only its own (a province that does not exist: none)."""
    if not chosen_province:
        return list(PROVINCES)
    return [p for p in PROVINCES if p.name == chosen_province]


def regencies_by_province() -> dict[str, list[str]]:
    """Every province's regencies, for the script that narrows a regency list to the province
    chosen (static/js/site.js); the server narrows it when the form is sent."""
    return {p.name: list(p.regencies) for p in PROVINCES}
