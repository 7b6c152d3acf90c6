"""The seller's dashboard: the shop's sales (orders') beside its listings' figures."""
from __future__ import annotations

from flask import current_app, g, redirect, render_template, url_for
from flask_login import login_required

from marketplace.orders import bp, sales
from marketplace.sellers import figures, listings
from marketplace.sellers.access import current_shop


@bp.get("/seller/")
@login_required
def seller_dashboard():
    shop = current_shop()
    if shop is None:
        return redirect(url_for("sellers.open_shop"), code=303)
    g.shop = shop
    sold = sales.sales_figures(shop)
    return render_template(
        "orders/seller_dashboard.html", shop=shop, figures=sold,
        bars=figures.chart_bars(sold.daily), low_stock=figures.low_stock_variants(shop),
        counts=figures.listing_counts(shop),
        to_improve=listings.lowest_packaging_scores(shop, current_app.config["PACKAGING_COMPLETE_SCORE"]),
    )
