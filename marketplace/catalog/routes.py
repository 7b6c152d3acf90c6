"""Storefront pages: thin handlers over catalog.queries."""
from __future__ import annotations

from flask import abort, current_app, render_template, request

from marketplace.catalog import bp, queries, regions
from marketplace.catalog.forms import SORT_CHOICES, CatalogFilterForm, page_number


@bp.get("/")
def home():
    products = queries.home_products()
    return render_template(
        "catalog/home.html",
        sections=products.sections,
        newest=products.newest,
        categories=queries.top_categories(),
        region_counts=queries.product_counts_by_region(),
        provinces=regions.PROVINCES,
    )


@bp.get("/products")
def product_list():
    form = CatalogFilterForm(formdata=request.args)
    form.meta.max_price = current_app.config["MAX_PRICE_IDR"]
    if not form.validate():
        # A filter that makes no sense: say what is wrong, keep the rest of the page usable.
        return render_template("catalog/product_list.html", form=form, page=None,
                               categories=queries.all_categories(), provinces=regions.PROVINCES,
                               active_category=None, sort_choices=SORT_CHOICES), 400
    flt = form.to_filter()
    page = queries.list_products(
        flt, page_number(request.args.get("page")), current_app.config["CATALOG_PAGE_SIZE"]
    )
    return render_template("catalog/product_list.html", form=form, page=page, filter=flt,
                           categories=queries.all_categories(), provinces=regions.PROVINCES,
                           active_category=flt.category, sort_choices=SORT_CHOICES)


@bp.get("/products/<slug>")
def product_detail(slug: str):
    product = queries.product_for_page(slug)
    if product is None:
        abort(404)
    return render_template(
        "catalog/product_detail.html",
        product=product,
        category=queries.category_by_id(product.category_id),
        related=queries.related_products(product),
    )


@bp.get("/sellers/<slug>")
def shop_detail(slug: str):
    shop = queries.shop_for_page(slug)
    if shop is None:
        abort(404)
    page = queries.shop_products(
        shop, page_number(request.args.get("page")), current_app.config["CATALOG_PAGE_SIZE"]
    )
    return render_template("catalog/shop_detail.html", shop=shop, page=page)


@bp.get("/sentra/")
def centres():
    return render_template("catalog/centres.html", centres=queries.centres_with_counts())


@bp.get("/sentra/<slug>")
def centre_detail(slug: str):
    centre = queries.centre_for_page(slug)
    if centre is None:
        abort(404)
    page = queries.centre_products(
        centre, page_number(request.args.get("page")), current_app.config["CATALOG_PAGE_SIZE"]
    )
    return render_template("catalog/centre_detail.html", centre=centre,
                           shops=queries.centre_shops(centre), page=page)
