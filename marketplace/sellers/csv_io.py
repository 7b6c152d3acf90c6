"""A shop's listings as a CSV file: its columns, limits and messages, the shapes an import is
read into, and the export. Reading and checking an import is `csv_check`, applying it
`csv_apply`.

One row per option (variant). An import either applies the whole file in one transaction or,
when any row is wrong, nothing at all: the seller gets every problem with its spreadsheet row
number and column, fixes the file and uploads it again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from marketplace.catalog.models import Category, PackagingType, Product, Variant
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.sellers import listings

COLUMNS = (
    "sku", "product_name", "option_name", "category", "price_idr", "stock", "net_weight_g",
    "packed_weight_g", "packed_length_cm", "packed_width_cm", "packed_height_cm",
    "packaging_type", "packaging_description", "status",
)
# `status` is exported for the seller's information; an import ignores it (drafts stay drafts).
REQUIRED_COLUMNS = COLUMNS[:-1]
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
IMPORT_NOTE = "CSV import"

# The same bounds as the listing form.
MIN_PRICE_IDR, MAX_PRICE_IDR = 1_000, 1_000_000_000
MAX_STOCK = 1_000_000
MAX_GRAMS = 1_000_000
MAX_CM = 1000
NAME_LENGTH = (3, 160)
MAX_LENGTH = {"sku": 64, "option_name": 80, "packaging_description": 1000}

# Few messages, reused across columns (each one is a line in the Indonesian catalogue).
NOT_A_CSV = _l("This is not a CSV file in UTF-8. In Excel, choose Save As, then \"CSV UTF-8\".")
EMPTY_FILE = _l("The file is empty.")
TOO_BIG = _l("A file can have at most 2,000 rows and 2 MB. Split it into smaller files.")
EXTRA_CELLS = _l("This row has more cells than there are columns. Put text that contains "
                 "a comma or a semicolon in quotes.")
BAD_PRICE = _l("Enter a price in whole rupiah, e.g. 150000 or 150.000.")
PRICE_RANGE = _l("A price is between Rp1.000 and Rp1.000.000.000.")
PACKED_LIGHTER = _l("The packed weight includes the product: it cannot be less than "
                    "the net weight.")
UNKNOWN_CATEGORY = _l("Use one of the category codes listed on the import page.")
UNKNOWN_PACKAGING = _l("Use one of the packaging types listed on the import page, "
                       "or leave it empty.")
NAME_NEEDED = _l("Give the product a name of 3 to 160 characters.")
SKU_REMOVED = _l("This SKU belongs to an option you removed. Give this row a new SKU.")
SKU_SHARED = _l("Several of your options have this SKU. Change it on the product page first.")
ROWS_DISAGREE = _l("Rows of the same product must have the same product name and category.")
TOO_MANY_OPTIONS = _l("A product can have at most %(n)d options.", n=listings.MAX_VARIANTS)
CHANGED_MEANWHILE = _l("Your products changed while the file was being imported (a sale?). "
                       "Nothing was changed: upload the file again.")


@dataclass(frozen=True)
class RowError:
    row: int | None  # as numbered in a spreadsheet (the header is row 1); None: the whole file
    column: str  # the column's name in the file; "" when about the whole row or file
    message: str


class ImportRejected(DomainError):
    """The file was not applied (nothing changed); `errors` says where and why."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


def file_error(message) -> ImportRejected:
    """The whole file is refused for one reason (no row and column of its own)."""
    return ImportRejected([RowError(None, "", message)])


@dataclass
class ImportRow:
    number: int
    sku: str
    product_name: str
    option_name: str
    category: Category | None
    price_idr: int
    stock: int | None
    net_weight_g: int | None
    packed_weight_g: int | None
    packed_length_cm: int | None
    packed_width_cm: int | None
    packed_height_cm: int | None
    packaging_type: PackagingType | None
    packaging_description: str
    variant: Variant | None = None  # the shop's option this row updates; None: a new one


@dataclass
class NewProduct:
    name: str
    category: Category
    rows: list[ImportRow] = field(default_factory=list)


@dataclass
class ImportPlan:
    updates: list[ImportRow] = field(default_factory=list)
    new_products: list[NewProduct] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    updated: int  # options whose figures changed
    created: int  # new draft products


# --- export --------------------------------------------------------------------------------

# Text a spreadsheet would run as a formula is written with a leading apostrophe by
# csvexport (every export's writer), and the import takes the apostrophe off again.

def export_rows(shop) -> list[list[str | int | None]]:
    """Every active option of every product of the shop (all statuses), in two queries."""
    products = db.session.scalars(
        sa.select(Product).where(Product.shop_id == shop.id)
        .options(joinedload(Product.category), selectinload(Product.variants))
        .order_by(Product.id)
    ).unique()
    rows = []
    for product in products:
        for variant in product.active_variants:
            rows.append([
                variant.sku, product.name, variant.name, product.category.slug,
                variant.price_idr, variant.stock, variant.net_weight_g, variant.packed_weight_g,
                variant.packed_length_cm, variant.packed_width_cm, variant.packed_height_cm,
                variant.packaging_type.value if variant.packaging_type else "",
                variant.packaging_description or "", product.status.value,
            ])
    return rows
