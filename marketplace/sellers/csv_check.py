"""Reading and checking a listings CSV: every row checked, every problem named with its row
and column, before anything is applied (`csv_apply`)."""
from __future__ import annotations

import csv
import io
import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from marketplace import csvexport, money
from marketplace.catalog.models import Category, PackagingType, Product, Variant
from marketplace.extensions import db
from marketplace.sellers import listings
from marketplace.sellers.csv_io import (
    BAD_PRICE,
    EMPTY_FILE,
    EXTRA_CELLS,
    MAX_BYTES,
    MAX_CM,
    MAX_GRAMS,
    MAX_LENGTH,
    MAX_PRICE_IDR,
    MAX_ROWS,
    MAX_STOCK,
    MIN_PRICE_IDR,
    NAME_LENGTH,
    NAME_NEEDED,
    NOT_A_CSV,
    PACKED_LIGHTER,
    PRICE_RANGE,
    REQUIRED_COLUMNS,
    ROWS_DISAGREE,
    SKU_REMOVED,
    SKU_SHARED,
    TOO_BIG,
    TOO_MANY_OPTIONS,
    UNKNOWN_CATEGORY,
    UNKNOWN_PACKAGING,
    ImportPlan,
    ImportRejected,
    ImportRow,
    NewProduct,
    RowError,
    file_error,
)


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


def _text_of(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise file_error(TOO_BIG)
    if b"\x00" in data:  # binary, or UTF-16 ("Unicode text" in Excel)
        raise file_error(NOT_A_CSV)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise file_error(NOT_A_CSV) from None
    if not text.strip():
        raise file_error(EMPTY_FILE)
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
                raise file_error(TOO_BIG)
            records.append((number, cells))
    except csv.Error:
        raise file_error(NOT_A_CSV) from None
    if header is None:
        raise file_error(EMPTY_FILE)
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise file_error(_missing_columns_message(missing))
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
