"""The seller's balance page and monthly statements (printable page and CSV)."""
from __future__ import annotations

import re
from datetime import date, datetime

from flask import abort, g, render_template, request
from flask_babel import gettext as _

from marketplace import csvexport
from marketplace.ledger import bp, statements
from marketplace.ledger.labels import KIND_LABELS
from marketplace.sellers.access import shop_required
from marketplace.timeutil import utcnow

_MONTH = re.compile(r"(\d{4})-(\d{2})")
STATEMENT_COLUMNS = ["date_utc", "description", "order", "payout_reference", "held_idr",
                     "available_idr", "in_payout_idr", "commission_idr"]


def _month() -> date:
    """`?month=YYYY-MM`, else this month in Jakarta; 400 for anything else."""
    text = request.args.get("month")
    if not text:
        today = datetime.now(statements.JAKARTA).date()
        return today.replace(day=1)
    match = _MONTH.fullmatch(text.strip())
    if not match or not (1 <= int(match.group(2)) <= 12) or not (2000 <= int(match.group(1)) <= 2999):
        abort(400, description=_("Choose a month as YYYY-MM, e.g. 2026-11."))
    return date(int(match.group(1)), int(match.group(2)), 1)


@bp.get("/seller/balance")
@shop_required
def balance():
    return render_template("ledger/balance.html", shop=g.shop,
                           summary=statements.summary(g.shop.id),
                           rows=statements.rows(g.shop.id, limit=200), labels=KIND_LABELS,
                           this_month=datetime.now(statements.JAKARTA).strftime("%Y-%m"))


@bp.get("/seller/balance/statement")
@shop_required
def statement():
    month = _month()
    return render_template("ledger/statement.html", shop=g.shop,
                           statement=statements.statement(g.shop.id, month), labels=KIND_LABELS,
                           printed_at=utcnow())


@bp.get("/seller/balance/statement.csv")
@shop_required
def statement_csv():
    month = _month()
    report = statements.statement(g.shop.id, month)
    rows = [[row.created_at.isoformat(timespec="seconds"), str(KIND_LABELS[row.kind]),
             row.order_number, row.payout.bank_reference if row.payout else "",
             row.held_idr, row.available_idr, row.in_payout_idr, row.commission_idr]
            for row in report.rows]
    return csvexport.csv_download(f"sentra-{g.shop.slug}-{month:%Y-%m}.csv", STATEMENT_COLUMNS,
                                  rows)
