"""The seller's dashboard: what needs doing today first, then the shop's sales (orders') beside
its listings' figures."""
from __future__ import annotations

from flask import current_app, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from marketplace.catalog.models import Shop
from marketplace.language import current_language
from marketplace.orders import bp, deadlines, hooks, sales
from marketplace.sellers import figures, listings
from marketplace.sellers.access import current_shop
from marketplace.timeutil import format_moment


def _tasks(shop: Shop, low_stock: list, counts: dict[str, int]) -> list[hooks.Task]:
    """Only what is due: parcels (with the first ship-by deadline), what the packages above
    orders add (aftersales: complaints to answer), low stock, drafts."""
    parcels = deadlines.to_ship(shop.id)
    tasks = []
    if parcels.count:
        tasks.append(hooks.Task(
            "parcels", parcels.count, _("Parcels to ship"), url_for("orders.seller_orders"),
            _("Ship by %(when)s", when=format_moment(parcels.ship_by, current_language()))))
    tasks += hooks.seller_tasks(shop.id)
    if low_stock:
        tasks.append(hooks.Task("low-stock", len(low_stock), _("Running low on stock"), "#low-h"))
    if counts.get("draft"):
        tasks.append(hooks.Task("drafts", counts["draft"], _("Listings in draft"),
                                url_for("sellers.products", status="draft")))
    return tasks


@bp.get("/seller/")
@login_required
def seller_dashboard():
    shop = current_shop()
    if shop is None:
        return redirect(url_for("sellers.open_shop"), code=303)
    g.shop = shop
    sold = sales.sales_figures(shop)
    low_stock, counts = figures.low_stock_variants(shop), figures.listing_counts(shop)
    return render_template(
        "orders/seller_dashboard.html", shop=shop, figures=sold,
        bars=figures.chart_bars(sold.daily), low_stock=low_stock, counts=counts,
        tasks=_tasks(shop, low_stock, counts),
        to_improve=listings.lowest_packaging_scores(shop, current_app.config["PACKAGING_COMPLETE_SCORE"]),
    )
