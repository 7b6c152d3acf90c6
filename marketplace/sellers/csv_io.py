"""A shop's listings as a CSV file: export, and an import that checks every row first.

One row per option (variant). An import either applies the whole file in one transaction or,
when any row is wrong, nothing at all: the seller gets every problem with its spreadsheet row
number and column, fixes the file and uploads it again.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from marketplace import csvexport, money
from marketplace.catalog import inventory
from marketplace.catalog.models import (
    Category,
    PackagingType,
    Product,
    StockReason,
    Variant,
)
from marketplace.catalog.services import refresh_packaging_scores, refresh_product_summary
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


def _whole_number_message(low: int, high: int):
    return _l("Enter a whole number from %(low)d to %(high)d, or leave it empty.",
              low=low, high=high)


def _missing_columns_message(columns: list[str]):
    return _l("The first row must name the columns. Missing: %(columns)s.",
              columns=", ".join(columns))


def _sku_twice_message(row: int):
    return _l("This SKU is already on row %(row)d.", row=row)


def _too_long_message(length: int):
    return _l("Keep this to %(max)d characters or fewer.", max=length)


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


# --- reading and checking ------------------------------------------------------------------

def _file_error(message) -> ImportRejected:
    return ImportRejected([RowError(None, "", message)])


def _text_of(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise _file_error(TOO_BIG)
    if b"\x00" in data:  # binary, or UTF-16 ("Unicode text" in Excel)
        raise _file_error(NOT_A_CSV)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(NOT_A_CSV) from None
    if not text.strip():
        raise _file_error(EMPTY_FILE)
    return text


def _delimiter(text: str) -> str:
    """Excel in an Indonesian locale separates with `;` (the comma is the decimal mark there).
    The header names hold neither character, so the first line tells which one is used."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _records(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty data rows with their spreadsheet row numbers."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: list[str] | None = None
    records = []
    try:
        # Each record is one spreadsheet row, even when a quoted cell spans several lines.
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                continue
            if len(records) == MAX_ROWS:
                raise _file_error(TOO_BIG)
            records.append((number, cells))
    except csv.Error:
        raise _file_error(NOT_A_CSV) from None
    if header is None:
        raise _file_error(EMPTY_FILE)
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise _file_error(_missing_columns_message(missing))
    return header, records


_PLAIN_NUMBER = re.compile(r"\d{1,9}")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:(?P<sep>[.,\s])\d{3})(?:(?P=sep)\d{3})*")


def _whole_number(text: str) -> int:
    """A count or measure as a spreadsheet writes it: "1200", "1.200" or "1,200"."""
    if not (_PLAIN_NUMBER.fullmatch(text) or _GROUPED_NUMBER.fullmatch(text)):
        raise ValueError(text)
    return int(re.sub(r"\D", "", text))


class _RowReader:
    """Reads one row's cells into an ImportRow, noting each problem with its column."""

    def __init__(self, number: int, cells: dict[str, str], errors: list[RowError]):
        self.row_number = number
        self.cells = cells
        self.errors = errors
        self.ok = True

    def fail(self, column: str, message) -> None:
        self.errors.append(RowError(self.row_number, column, message))
        self.ok = False

    def text(self, column: str) -> str:
        value = csvexport.restore((self.cells.get(column) or "").strip())
        limit = MAX_LENGTH.get(column)
        if limit and len(value) > limit:
            self.fail(column, _too_long_message(limit))
        return value

    def number(self, column: str, low: int, high: int) -> int | None:
        raw = (self.cells.get(column) or "").strip()
        if not raw:
            return None
        try:
            value = _whole_number(raw)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            self.fail(column, _whole_number_message(low, high))
            return None
        return value

    def price(self) -> int:
        try:
            amount = money.parse_idr((self.cells.get("price_idr") or "").strip())
        except money.InvalidAmount:
            self.fail("price_idr", BAD_PRICE)
            return 0
        if not MIN_PRICE_IDR <= amount <= MAX_PRICE_IDR:
            self.fail("price_idr", PRICE_RANGE)
        return amount


def _read_row(number: int, cells: dict[str, str], categories: dict[str, Category],
              errors: list[RowError]) -> ImportRow | None:
    cell = _RowReader(number, cells, errors)
    sku = cell.text("sku")
    product_name = cell.text("product_name")
    if product_name and not NAME_LENGTH[0] <= len(product_name) <= NAME_LENGTH[1]:
        cell.fail("product_name", NAME_NEEDED)
    option_name = cell.text("option_name")
    slug = cell.text("category").lower()
    category = categories.get(slug) if slug else None
    if slug and category is None:
        cell.fail("category", UNKNOWN_CATEGORY)
    price = cell.price()
    stock = cell.number("stock", 0, MAX_STOCK)
    net = cell.number("net_weight_g", 1, MAX_GRAMS)
    packed = cell.number("packed_weight_g", 1, MAX_GRAMS)
    if net is not None and packed is not None and packed < net:
        cell.fail("packed_weight_g", PACKED_LIGHTER)
    length = cell.number("packed_length_cm", 1, MAX_CM)
    width = cell.number("packed_width_cm", 1, MAX_CM)
    height = cell.number("packed_height_cm", 1, MAX_CM)
    packaging_type = None
    packaging_text = cell.text("packaging_type").lower()
    if packaging_text:
        try:
            packaging_type = PackagingType(packaging_text)
        except ValueError:
            cell.fail("packaging_type", UNKNOWN_PACKAGING)
    description = cell.text("packaging_description")
    if not cell.ok:
        return None
    return ImportRow(number=number, sku=sku, product_name=product_name, option_name=option_name,
                     category=category, price_idr=price, stock=stock, net_weight_g=net,
                     packed_weight_g=packed, packed_length_cm=length, packed_width_cm=width,
                     packed_height_cm=height, packaging_type=packaging_type,
                     packaging_description=description)


def _variants_by_sku(shop) -> dict[str, list[Variant]]:
    """All of the shop's options (removed ones too: their SKUs stay taken), by upper-case SKU,
    as the listing service compares them."""
    variants = db.session.scalars(
        sa.select(Variant).join(Product).where(Product.shop_id == shop.id)
        .options(joinedload(Variant.product)).order_by(Variant.id)
    )
    found: dict[str, list[Variant]] = {}
    for variant in variants:
        found.setdefault(variant.sku.strip().upper(), []).append(variant)
    return found


def _existing_option(row: ImportRow, matches: list[Variant]):
    """The one active option a known SKU names, or the message saying why there is none."""
    active = [v for v in matches if v.is_active]
    if not active:
        return None, SKU_REMOVED
    if len(active) > 1:
        return None, SKU_SHARED
    return active[0], None


def _propose(row: ImportRow, proposals: dict[int, dict[str, tuple]]) -> str | None:
    """Note the new name or category a row asks for its product; the column where it
    contradicts another row of the same product, if it does.

    A cell equal to the current value asks for nothing: a seller renames a product by editing
    one of its rows, and the other rows (still showing the old name) agree with that."""
    product = row.variant.product
    if row.product_name == product.name:
        row.product_name = ""
    if row.category is not None and row.category.id == product.category_id:
        row.category = None
    wanted = proposals.setdefault(product.id, {})
    for column, value in (("product_name", row.product_name),
                          ("category", row.category.id if row.category else None)):
        if value in ("", None):
            continue
        if wanted.setdefault(column, value) != value:
            return column
    return None


def read_import(shop, data: bytes) -> ImportPlan:
    """Check the whole file against the shop's listings; raises ImportRejected with every
    problem found. Changes nothing."""
    header, records = _records(_text_of(data))
    categories = {c.slug.lower(): c for c in listings.leaf_categories()}
    existing = _variants_by_sku(shop)
    errors: list[RowError] = []
    plan = ImportPlan()
    seen_skus: dict[str, int] = {}
    proposals: dict[int, dict[str, tuple]] = {}
    new_products: dict[str, NewProduct] = {}

    for number, cells in records:
        if len(cells) > len(header):
            errors.append(RowError(number, "", EXTRA_CELLS))
            continue
        named: dict[str, str] = {}
        for name, value in zip(header, cells):
            named.setdefault(name, value)  # a repeated column name: the first one counts
        row = _read_row(number, named, categories, errors)
        if row is None:
            continue
        key = row.sku.upper()
        if key in seen_skus:
            errors.append(RowError(number, "sku", _sku_twice_message(seen_skus[key])))
            continue
        if key:
            seen_skus[key] = number
        if key in existing:
            row.variant, problem = _existing_option(row, existing[key])
            if problem is not None:
                errors.append(RowError(number, "sku", problem))
            elif (column := _propose(row, proposals)) is not None:
                errors.append(RowError(number, column, ROWS_DISAGREE))
            else:
                plan.updates.append(row)
            continue
        # A new option: rows with the same product name become one new product.
        if not row.product_name:
            errors.append(RowError(number, "product_name", NAME_NEEDED))
            continue
        if row.category is None:
            errors.append(RowError(number, "category", UNKNOWN_CATEGORY))
            continue
        group = new_products.setdefault(" ".join(row.product_name.split()).casefold(),
                                        NewProduct(row.product_name, row.category))
        if group.category.id != row.category.id:
            errors.append(RowError(number, "category", ROWS_DISAGREE))
        elif len(group.rows) == listings.MAX_VARIANTS:
            errors.append(RowError(number, "product_name", TOO_MANY_OPTIONS))
        else:
            group.rows.append(row)

    if errors:
        raise ImportRejected(errors)
    plan.new_products = list(new_products.values())
    return plan


# --- applying ------------------------------------------------------------------------------

_VARIANT_FIELDS = ("price_idr", "net_weight_g", "packed_weight_g", "packed_length_cm",
                   "packed_width_cm", "packed_height_cm", "packaging_type",
                   "packaging_description")


def _details_of(product: Product) -> listings.ListingInput:
    """The product's details as they are, for the listing service to apply with a new name or
    category (which also sets the kind and its attributes as the edit form would)."""
    textile = listings.TextileInput(**{
        name: getattr(product.textile, name) for name in vars(listings.TextileInput())
    }) if product.textile else listings.TextileInput()
    food = listings.FoodInput(**{
        name: getattr(product.food_label, name) for name in vars(listings.FoodInput())
    }) if product.food_label else listings.FoodInput()
    return listings.ListingInput(name=product.name, category_id=product.category_id,
                                 description=product.description, materials=product.materials,
                                 low_stock_threshold=product.low_stock_threshold,
                                 textile=textile, food=food)


def _update_option(row: ImportRow, actor_id: int | None) -> bool:
    """Apply one row to the option it names; True when anything changed."""
    variant = row.variant
    assert variant is not None
    changed = False
    wanted = {"name": row.option_name, **{name: getattr(row, name) for name in _VARIANT_FIELDS}}
    for name, value in wanted.items():
        if getattr(variant, name) != value:
            setattr(variant, name, value)
            changed = True
    if row.stock is not None and row.stock != variant.stock:
        # The file's figure replaces the one counted now, through the stock history.
        inventory.adjust_stock(variant, row.stock - variant.stock, StockReason.CORRECTION,
                               actor_id=actor_id, note=IMPORT_NOTE)
        changed = True
    product = variant.product
    new_name = row.product_name or product.name
    new_category = row.category.id if row.category else product.category_id
    if new_name != product.name or new_category != product.category_id:
        details = _details_of(product)
        details.name, details.category_id = new_name, new_category
        listings.apply_details(product, details)
        changed = True
    return changed


def _variant_input(row: ImportRow) -> listings.VariantInput:
    return listings.VariantInput(
        price_idr=row.price_idr, name=row.option_name, sku=row.sku, stock=row.stock or 0,
        net_weight_g=row.net_weight_g, packed_weight_g=row.packed_weight_g,
        packed_length_cm=row.packed_length_cm, packed_width_cm=row.packed_width_cm,
        packed_height_cm=row.packed_height_cm, packaging_type=row.packaging_type,
        packaging_description=row.packaging_description,
    )


def _add_draft(shop, new: NewProduct, actor_id: int | None) -> Product:
    """A new draft in the import's one transaction."""
    data = listings.ListingInput(name=new.name, category_id=new.category.id,
                                 variants=[_variant_input(row) for row in new.rows])
    return listings.add_draft(shop, data, actor_id)


def apply_import(shop, plan: ImportPlan, actor_id: int | None) -> ImportResult:
    """Apply a checked file in one transaction: all of it, or (on any failure) none of it."""
    try:
        ids = sorted(row.variant.id for row in plan.updates if row.variant is not None)
        if ids:
            # Lock the options (in id order, as every stock change does) and read their stock
            # afresh: the figure a correction starts from must be the one in the database.
            db.session.scalars(
                sa.select(Variant).where(Variant.id.in_(ids)).order_by(Variant.id)
                .with_for_update().execution_options(populate_existing=True)
            ).all()
        changed = [row for row in plan.updates if _update_option(row, actor_id)]
        created = [_add_draft(shop, new, actor_id) for new in plan.new_products]
        db.session.flush()
        # Only what changed: the summary's UPDATE also moves the product's updated_at.
        touched = {row.variant.product_id for row in changed if row.variant is not None}
        refresh_product_summary(sorted(touched | {product.id for product in created}))
        refresh_packaging_scores(sorted(touched | {product.id for product in created}))
        db.session.commit()
    except (listings.ListingError, inventory.InsufficientStock):
        db.session.rollback()
        raise _file_error(CHANGED_MEANWHILE) from None
    except BaseException:
        db.session.rollback()
        raise
    return ImportResult(updated=len(changed), created=len(created))


def import_listings(shop, data: bytes, actor_id: int | None) -> ImportResult:
    """Check the file, then apply it; raises ImportRejected (nothing changed) when it is wrong."""
    return apply_import(shop, read_import(shop, data), actor_id)
