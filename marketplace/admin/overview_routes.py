"""The marketplace overview: sales, orders, sellers, regions and top products, with charts."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from marketplace.admin import bp, menu
from marketplace.admin import overview as figures_of
from marketplace.admin.access import admin_required
from marketplace.sellers.figures import chart_bars

menu.add(10, "admin.overview", _l("Overview"))


@bp.get("/overview")
@admin_required
def overview():
    raw = request.args.get("days", "")
    days = int(raw) if raw.isdigit() and int(raw) in figures_of.PERIODS else figures_of.DEFAULT_DAYS
    figures = figures_of.overview(days)
    return render_template(
        "admin/overview.html", figures=figures, periods=figures_of.PERIODS,
        bars=chart_bars([(d.day, d.gmv_idr) for d in figures.daily]),
        region_bars=figures_of.horizontal_bars(
            [(f"{r.regency} ({r.province})", r.sales_idr) for r in figures.regions[:15]]),
    )
