"""Seller pages: thin handlers; rules live in sellers.services and catalog.services."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts.verification import require_verified_email
from marketplace.sellers import bp, services
from marketplace.sellers.access import shop_required
from marketplace.sellers.forms import REGION_SEPARATOR, ProducerShopForm, ShopForm


def shop_details_from(form: ShopForm) -> services.ShopDetails:
    province, regency = form.region_parts()
    return services.ShopDetails(
        name=form.name.data, story=form.story.data or "", province=province, regency=regency,
        cooperative=form.cooperative.data, whatsapp=form.whatsapp.data or None,
        bank_name=form.bank_name.data, bank_account_holder=form.bank_account_holder.data,
        bank_account_number=form.bank_account_number.data or None, is_pkp=form.is_pkp.data,
        show_whatsapp=form.show_whatsapp.data,
    )


@bp.route("/open", methods=["GET", "POST"])
@login_required
@require_verified_email
def open_shop():
    if services.shop_of(current_user) is not None:
        return redirect(url_for("orders.seller_dashboard"), code=303)
    form = ShopForm()
    if request.method == "GET":
        form.bank_account_holder.data = current_user.name
    if form.validate_on_submit():
        try:
            shop = services.open_shop(current_user, shop_details_from(form))
        except services.AlreadyHasShop:
            return redirect(url_for("orders.seller_dashboard"), code=303)
        flash(_("Your shop %(name)s is open. Add your first product!", name=shop.name), "success")
        return redirect(url_for("orders.seller_dashboard"), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("sellers/open_shop.html", form=form), status


@bp.route("/shop", methods=["GET", "POST"])
@shop_required
def edit_shop():
    shop = g.shop
    # Centre staff edit a producer's shop: the form speaks about the producer.
    form_class = ProducerShopForm if g.acting_for is not None else ShopForm
    form = form_class(require_account_number=False)
    form.centre_contact = shop.centre.contact if shop.centre else ""
    if request.method == "GET":
        form.process(obj=shop)
        form.region.data = f"{shop.province}{REGION_SEPARATOR}{shop.regency}"
        form.bank_account_number.data = ""
    if form.validate_on_submit():
        services.update_shop(shop, shop_details_from(form))
        flash(_("Your shop details are saved."), "success")
        return redirect(url_for("sellers.edit_shop"), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("sellers/edit_shop.html", form=form, shop=shop), status
