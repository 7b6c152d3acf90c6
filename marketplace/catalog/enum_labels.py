"""Words shown for the catalogue's enum values, translatable."""
from flask_babel import lazy_gettext as _l

from marketplace.catalog.models import (
    Dye,
    LicenceKind,
    PackagingType,
    ProductStatus,
    StockReason,
    Weaving,
)

PACKAGING_TYPES = {
    PackagingType.BOX: _l("Box"),
    PackagingType.POUCH: _l("Pouch"),
    PackagingType.JAR: _l("Jar"),
    PackagingType.BOTTLE: _l("Bottle"),
    PackagingType.TUBE: _l("Tube"),
    PackagingType.WOVEN_BASKET: _l("Woven basket"),
    PackagingType.PAPER_WRAP: _l("Paper wrap"),
    PackagingType.CLOTH_BAG: _l("Cloth bag"),
    PackagingType.PLASTIC_BAG: _l("Plastic bag"),
    PackagingType.SACK: _l("Sack"),
    PackagingType.TIN: _l("Tin"),
}

DYES = {
    Dye.NATURAL: _l("Natural dyes"),
    Dye.SYNTHETIC: _l("Synthetic dyes"),
    Dye.MIXED: _l("Natural and synthetic dyes"),
}

WEAVING = {
    Weaving.HAND: _l("Hand-woven"),
    Weaving.MACHINE: _l("Machine-woven"),
}

LICENCES = {
    LicenceKind.PIRT: _l("P-IRT (home industry)"),
    LicenceKind.BPOM_MD: _l("BPOM MD"),
    LicenceKind.NONE: _l("No food licence"),
}

STOCK_REASONS = {
    StockReason.INITIAL: _l("First stock"),
    StockReason.RESTOCK: _l("Restock"),
    StockReason.CORRECTION: _l("Correction"),
    StockReason.SALE: _l("Sale"),
    StockReason.RETURN: _l("Return"),
}

PRODUCT_STATUSES = {
    ProductStatus.DRAFT: _l("Draft"),
    ProductStatus.ACTIVE: _l("For sale"),
    ProductStatus.ARCHIVED: _l("Archived"),
}
