"""The fictional label facts of the demo foods: licence and halal numbers shaped like real ones,
and the lines printed on the back label photo."""
from __future__ import annotations

from dataclasses import dataclass

from marketplace.dev.demo.specs import LicenceKind, PackagingType, ProductSpec, ShopSpec

# First digit of a P-IRT number: the kind of pack (glass, plastic, paper...).
_PACK_DIGIT = {PackagingType.JAR: 1, PackagingType.BOTTLE: 1, PackagingType.BOX: 3,
               PackagingType.PAPER_WRAP: 3}


@dataclass(frozen=True)
class LabelFacts:
    licence_number: str
    halal_certificate: str
    back_label: list[str]


def label_facts(shop: ShopSpec, product: ProductSpec, shop_index: int,
                product_index: int) -> LabelFacts | None:
    """Numbers follow the written form of real ones (`P-IRT No. 1234567890123-45`,
    `MD 224410001234`) so the pages look right, but belong to nobody."""
    food = product.food
    if food is None:
        return None
    pack = _PACK_DIGIT.get(product.packaging, 2)
    serial = shop_index * 10 + product_index
    if food.licence == LicenceKind.PIRT:
        area, item = shop.licence_area, product_index + 1
        number = f"{pack}{serial % 100:02d}{area}{item:02d}{serial:04d}-29"
        licence_line = f"P-IRT No. {number}"
    elif food.licence == LicenceKind.BPOM_MD:
        number = f"MD 2{serial % 100:02d}{shop.licence_area}{serial:05d}"
        licence_line = f"BPOM RI {number}"
    else:
        number = ""
        licence_line = "Belum memiliki izin edar (P-IRT/BPOM)"
    certificate = f"ID{shop.licence_area[:2]}110000{serial:05d}0925" if food.halal_certified else ""
    variant = product.variants[0]
    net = variant.name or (f"{variant.net_weight_g // 1000} kg" if variant.net_weight_g % 1000 == 0
                           else f"{variant.net_weight_g} g")
    lines = [
        f"Komposisi: {food.ingredients}",
        f"Netto: {net}",
        f"Diproduksi oleh: {shop.cooperative or shop.name}, {shop.address}",
        licence_line,
    ]
    if certificate:
        lines.append(f"Sertifikat halal: {certificate}")
    lines += [
        f"Penyimpanan: {food.storage}",
        "Kode produksi dan tanggal kedaluwarsa: lihat segel kemasan",
    ]
    return LabelFacts(licence_number=number, halal_certificate=certificate, back_label=lines)
