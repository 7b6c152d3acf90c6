"""Storefront pages: thin handlers over catalog.queries.

Each page is answered through `caching.cached_page`: a 304 or a whole cached page for visitors
without a session, cached fragments for the others; the data is loaded only when the page
(at the current data versions, in this language) is not in the cache yet.
"""
from __future__ import annotations

from flask import abort, current_app, render_template, request

from marketplace import caching
from marketplace.catalog import bp, featured, queries, regions, reviews, share_tags, versions
from marketplace.catalog.forms import SORT_CHOICES, CatalogFilterForm, page_number


@bp.get("/")
@caching.shared_page(featured.home_versions)
def home():
    def load() -> dict:
        products = featured.home_products()
        return dict(
            sections=products.sections,
            newest=products.newest,
            categories=queries.top_categories(),
            region_counts=queries.product_counts_by_region(),
            provinces=regions.PROVINCES,
            share=share_tags.home_share(),
        )

    return caching.cached_page("catalog/home.html", load, featured.home_versions())


@bp.get("/products")
@caching.shared_page(versions.page_versions)
def product_list():
    def load():
        form = CatalogFilterForm(formdata=request.args)
        form.meta.max_price = current_app.config["MAX_PRICE_IDR"]
        if not form.validate():
            # A filter that makes no sense: say what is wrong, keep the rest of the page usable.
            return current_app.make_response((render_template(
                "catalog/product_list.html", form=form, page=None,
                categories=queries.all_categories(), provinces=regions.PROVINCES,
                regency_groups=regions.regency_groups(form.province.data),
                active_category=None, sort_choices=SORT_CHOICES,
                share=share_tags.list_share(None, request.args)), 400))
        flt = form.to_filter()
        page = queries.list_products(
            flt, page_number(request.args.get("page")), current_app.config["CATALOG_PAGE_SIZE"]
        )
        return dict(form=form, page=page, filter=flt, categories=queries.all_categories(),
                    provinces=regions.PROVINCES,
                    regency_groups=regions.regency_groups(form.province.data),
                    active_category=flt.category,
                    sort_choices=SORT_CHOICES,
                    share=share_tags.list_share(flt.category, request.args))

    return caching.cached_page("catalog/product_list.html", load, versions.page_versions())


@bp.get("/products/<slug>")
@caching.shared_page(versions.page_versions)
def product_detail(slug: str):
    def load() -> dict | None:
        product = queries.product_for_page(slug)
        if product is None:
            return None
        order = request.args.get("reviews_order")
        distribution, review_page = reviews.distribution_and_page(
            product, page_number(request.args.get("reviews_page")),
            reviews.WITH_PHOTOS if order == reviews.WITH_PHOTOS else reviews.NEWEST)
        category = queries.category_by_id(product.category_id)
        return dict(
            product=product,
            category=category,
            related=queries.related_products(product),
            distribution=distribution,
            reviews=review_page,
            share=share_tags.product_share(product, category, review_page.items),
        )

    return caching.cached_page("catalog/product_detail.html", load, versions.page_versions())


@bp.get("/sellers/<slug>")
@caching.shared_page(versions.page_versions)
def shop_detail(slug: str):
    def load() -> dict | None:
        shop = queries.shop_for_page(slug)
        if shop is None:
            return None
        page = queries.shop_products(
            shop, page_number(request.args.get("page")), current_app.config["CATALOG_PAGE_SIZE"]
        )
        return dict(shop=shop, page=page, share=share_tags.shop_share(shop, request.args))

    return caching.cached_page("catalog/shop_detail.html", load, versions.page_versions())


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
                           shops=queries.centre_shops(centre), page=page,
                           share=share_tags.centre_share(centre, request.args))
