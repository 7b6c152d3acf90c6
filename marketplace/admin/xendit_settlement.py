"""Xendit's settlement report (CSV, exported from its dashboard) against the orders paid
through Xendit and the fees booked for them: everything that does not match, listed."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from marketplace import money
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.orders.xendit_models import XenditPayment

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
# Column names as Xendit's report writes them (any case); the first found is read.
_REFERENCE = ("reference", "reference id", "reference_id", "external id")
_AMOUNT = ("amount",)
_FEE = ("fee", "fees", "xendit fee")
_SETTLED = ("settled at", "settlement date", "created")


class UnreadableReport(ValueError):
    pass


@dataclass(frozen=True)
class Difference:
    kind: str  # unreadable, unknown, twice, amount_differs, fee_differs, missing
    reference: str
    expected_idr: int | None = None  # the store's
    reported_idr: int | None = None  # the report's
    row: int | None = None


@dataclass(frozen=True)
class Result:
    rows: int
    matched: int
    differences: list[Difference]


def compare(data: bytes) -> Result:
    """Read the report and compare it; UnreadableReport when it is not such a CSV at all."""
    if len(data) > MAX_BYTES:
        raise UnreadableReport("file too large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableReport("not UTF-8") from None
    if "\x00" in text:
        raise UnreadableReport("not a text file")
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(reader, [])]
    columns = {}
    for key, names in (("reference", _REFERENCE), ("amount", _AMOUNT), ("fee", _FEE),
                       ("settled", _SETTLED)):
        columns[key] = next((header.index(n) for n in names if n in header), None)
    if None in (columns["reference"], columns["amount"], columns["fee"]):
        raise UnreadableReport("no reference, amount or fee column")
    payments = {order.number: (order, payment) for order, payment in db.session.execute(
        sa.select(Order, XenditPayment).join(XenditPayment, XenditPayment.order_id == Order.id))}
    differences: list[Difference] = []
    seen: set[str] = set()
    dates: list[datetime] = []
    rows = matched = 0
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise UnreadableReport(f"more than {MAX_ROWS} rows")
        try:
            reference = row[columns["reference"]].strip()[:40]
            amount = money.parse_idr(row[columns["amount"]])
            fee = money.parse_idr(row[columns["fee"]])
        except (IndexError, money.InvalidAmount):
            differences.append(Difference("unreadable", "", row=number))
            continue
        if columns["settled"] is not None and columns["settled"] < len(row):
            try:
                dates.append(datetime.fromisoformat(row[columns["settled"]].strip()
                                                    .replace("Z", "+00:00")).replace(tzinfo=None))
            except ValueError:
                pass
        if reference in seen:
            differences.append(Difference("twice", reference, reported_idr=amount, row=number))
            continue
        seen.add(reference)
        found = payments.get(reference)
        if found is None or found[1].paid_at is None:
            differences.append(Difference("unknown", reference, reported_idr=amount, row=number))
            continue
        order, payment = found
        ok = True
        if amount != order.total_idr:
            differences.append(Difference("amount_differs", reference, order.total_idr, amount,
                                          number))
            ok = False
        if fee != payment.fee_idr:
            differences.append(Difference("fee_differs", reference, payment.fee_idr, fee,
                                          number))
            ok = False
        matched += ok
    if dates:
        first, last = min(dates), max(dates)
        for reference, (order, payment) in sorted(payments.items()):
            if (payment.paid_at is not None and first <= payment.paid_at <= last
                    and reference not in seen):
                differences.append(Difference("missing", reference, order.total_idr, None))
    return Result(rows=rows, matched=matched, differences=differences)
