"""The seller's balance page and monthly statements."""
from __future__ import annotations

from flask import render_template

from marketplace.ledger import bp
from marketplace.sellers.access import shop_required


@bp.get("/seller/balance")
@shop_required
def balance():
    return render_template("ledger/balance.html")
