"""Delivery addresses: the Indonesian structure, and the neighbours across the border.

One shape for every country, with the words each country uses:
- Indonesia: street, desa/kelurahan, kecamatan, kabupaten/kota, provinsi, 5-digit kode pos.
- Malaysia: street, city, state (e.g. Sarawak, Sabah), 5-digit postcode.
- Timor-Leste: street, suco, posto administrativo, município; no postcodes.
- Singapore: street (block, unit), 6-digit postal code.
- Brunei: street, kampong, mukim, district, postcode like BS8811.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from marketplace.phone import InvalidPhone, normalise_indonesian_mobile

INDONESIAN_PROVINCES = (
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi", "Bengkulu",
    "Sumatera Selatan", "Kepulauan Bangka Belitung", "Lampung", "Banten", "DKI Jakarta",
    "Jawa Barat", "Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Bali", "Nusa Tenggara Barat",
    "Nusa Tenggara Timur", "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
    "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Gorontalo", "Sulawesi Tengah",
    "Sulawesi Barat", "Sulawesi Selatan", "Sulawesi Tenggara", "Maluku", "Maluku Utara",
    "Papua", "Papua Barat", "Papua Barat Daya", "Papua Tengah", "Papua Pegunungan",
    "Papua Selatan",
)
MALAYSIAN_STATES = (
    "Sarawak", "Sabah", "W.P. Labuan", "Johor", "Kedah", "Kelantan", "Melaka", "Negeri Sembilan",
    "Pahang", "Perak", "Perlis", "Pulau Pinang", "Selangor", "Terengganu", "W.P. Kuala Lumpur",
    "W.P. Putrajaya",
)
TIMOR_LESTE_MUNICIPALITIES = (
    "Oecusse", "Bobonaro", "Cova Lima", "Dili", "Aileu", "Ainaro", "Atauro", "Baucau", "Ermera",
    "Lautém", "Liquiçá", "Manatuto", "Manufahi", "Viqueque",
)
BRUNEI_DISTRICTS = ("Brunei-Muara", "Belait", "Tutong", "Temburong")

COUNTRIES = {"ID": _l("Indonesia"), "MY": _l("Malaysia"), "TL": _l("Timor-Leste"),
             "SG": _l("Singapore"), "BN": _l("Brunei")}

_POSTCODES = {
    "ID": re.compile(r"\d{5}"),
    "MY": re.compile(r"\d{5}"),
    "SG": re.compile(r"\d{6}"),
    "BN": re.compile(r"[A-Z]{2}\d{4}"),
}
_INTERNATIONAL_PHONE = re.compile(r"\+\d{7,15}")
_DIALLING = {"MY": "60", "TL": "670", "SG": "65", "BN": "673"}


@dataclass
class Address:
    country: str
    recipient: str
    phone: str
    street: str
    village: str = ""  # desa/kelurahan, suco, kampong
    district: str = ""  # kecamatan, posto administrativo, mukim
    city: str = ""  # kabupaten/kota, city
    region: str = ""  # provinsi, state, município, district
    postal_code: str = ""

    def lines(self) -> list[str]:
        place = " ".join(p for p in (self.city, self.postal_code) if p)
        return [p for p in (self.recipient, self.phone, self.street, self.village, self.district,
                            place, self.region, str(COUNTRIES.get(self.country, self.country))) if p]


@dataclass
class AddressErrors:
    errors: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message) -> None:
        self.errors.setdefault(name, str(message))

    def __bool__(self) -> bool:
        return bool(self.errors)


def _phone(country: str, raw: str) -> str:
    value = re.sub(r"[\s\-().]", "", raw or "")
    if country == "ID":
        return normalise_indonesian_mobile(value)
    if value.startswith("00"):
        value = "+" + value[2:]
    if not value.startswith("+"):
        value = "+" + _DIALLING[country] + value.lstrip("0")
    if not _INTERNATIONAL_PHONE.fullmatch(value):
        raise InvalidPhone(raw)
    return value


def validate_address(data: dict[str, str]) -> tuple[Address | None, AddressErrors]:
    """Check and normalise what a buyer typed; return the address or field-level messages."""
    errors = AddressErrors()
    clean = {k: " ".join((data.get(k) or "").split())[:160] for k in (
        "country", "recipient", "phone", "street", "village", "district", "city", "region",
        "postal_code")}
    country = clean["country"].upper()
    if country not in COUNTRIES:
        errors.add("country", _l("Choose a country we deliver to."))
        return None, errors
    for name in ("recipient", "street"):
        if len(clean[name]) < 3:
            errors.add(name, _l("This is needed for the courier."))
    try:
        clean["phone"] = _phone(country, clean["phone"])
    except (InvalidPhone, KeyError):
        errors.add("phone", _l("Enter a phone number the courier can call, e.g. 0812-3456-7890 "
                               "or +60 12-345 6789."))
    required = {
        "ID": ("village", "district", "city", "region", "postal_code"),
        "MY": ("city", "region", "postal_code"),
        "TL": ("village", "district", "region"),
        "SG": ("postal_code",),
        "BN": ("village", "region", "postal_code"),
    }[country]
    for name in required:
        if not clean[name]:
            errors.add(name, _l("This is needed for the courier."))
    postal = clean["postal_code"].upper().replace(" ", "")
    if country in _POSTCODES and postal and not _POSTCODES[country].fullmatch(postal):
        errors.add("postal_code", {
            "ID": _l("A kode pos has 5 digits."), "MY": _l("A Malaysian postcode has 5 digits."),
            "SG": _l("A Singapore postal code has 6 digits."),
            "BN": _l("A Brunei postcode is two letters and four digits, e.g. BS8811."),
        }[country])
    clean["postal_code"] = postal if country != "TL" else ""
    allowed = {"ID": INDONESIAN_PROVINCES, "MY": MALAYSIAN_STATES, "TL": TIMOR_LESTE_MUNICIPALITIES,
               "BN": BRUNEI_DISTRICTS}.get(country)
    if allowed and clean["region"] and clean["region"] not in allowed:
        errors.add("region", _l("Choose from the list."))
    if country == "SG":
        clean["region"] = clean["city"] = "Singapore"
    if errors:
        return None, errors
    clean["country"] = country
    return Address(**clean), errors
