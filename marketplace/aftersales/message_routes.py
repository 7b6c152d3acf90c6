"""Messages with the seller: the parcel's thread for its buyer, its shop, and (to read, during
a complaint or a card dispute) an admin. Thin handlers over aftersales.messages.

Who is who: the buyer as the order pages know them (their account, the browser that ordered,
the link mailed to a guest: `orders.visitor.acts_as_buyer`); the shop's owner; the staff of the
centre that runs an assisted shop. Anyone else gets a 404, as for the order itself.
"""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import TextAreaField

from marketplace import ratelimit
from marketplace.accounts.models import Role
from marketplace.aftersales import bp, messages
from marketplace.aftersales.messages import MessageRefused, Side
from marketplace.catalog.models import Shop
from marketplace.extensions import db, limiter
from marketplace.forms import FlaskForm
from marketplace.orders.models import Shipment
from marketplace.orders.visitor import acts_as_buyer, order_or_404
from marketplace.sellers.access import shop_required
from marketplace.sellers.services import assisted_shop_for


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"))


def _refusal(reason: str, length: int) -> str:
    if reason == "too_long":
        return _("A message can be at most %(max)s characters; yours has %(length)s. Shorten "
                 "it or send it in two parts.", max=format_decimal(messages.MAX_LENGTH),
                 length=format_decimal(length))
    return _("Write a message first.")


def _thread_page(shipment: Shipment, side: Side | None, writer: str, here: str, back: str):
    """The thread, and its form for `side` (None: read only). `writer` is whom the rate
    limit counts (an account, or a guest's order); `here` the page's own address."""
    form = MessageForm()
    status = 200
    if request.method == "POST":
        if side is None:
            abort(403, description=_("Admins read this conversation; they do not write in it."))
        if not form.validate_on_submit():
            abort(400, description=_("The form expired; reload the page and try again."))
        try:
            body = messages.checked_body(form.body.data)
        except MessageRefused as error:
            form.body.errors.append(_refusal(str(error), len(messages.clean_body(form.body.data))))
            status = 400
        else:
            if not ratelimit.allow(limiter, current_app.config["MESSAGE_LIMIT"], "messages",
                                   writer):
                form.body.errors.append(_("You have sent many messages in a short time. Wait "
                                          "a few minutes, then send it again."))
                status = 429
            else:
                author_id = current_user.id if current_user.is_authenticated else None
                messages.post_message(shipment, side, author_id, body)
                flash(_("Your message is sent. The other side is told by mail."), "success")
                return redirect(here, code=303)
    return render_template("aftersales/thread.html", shipment=shipment, side=side, form=form,
                           thread=messages.thread(shipment.id), action=here, back=back,
                           max_length=format_decimal(messages.MAX_LENGTH)), status


@bp.route("/orders/<number>/parcels/<int:shipment_id>/messages", methods=["GET", "POST"])
def buyer_thread(number: str, shipment_id: int):
    order = order_or_404(number)
    shipment = next((s for s in order.shipments if s.id == shipment_id), None)
    if shipment is None or not messages.may_open(shipment):
        abort(404)
    token = request.args.get("t")
    if acts_as_buyer(order):
        side = Side.BUYER
    elif (current_user.is_authenticated and current_user.has_role(Role.ADMIN)
          and messages.in_dispute(shipment)):
        side = None
    else:
        abort(404)
    writer = f"user:{current_user.id}" if current_user.is_authenticated else f"order:{order.number}"
    return _thread_page(shipment, side, writer,
                        url_for("aftersales.buyer_thread", number=number, shipment_id=shipment_id,
                                t=token),
                        url_for("orders.order_detail", number=number, t=token))


@bp.route("/seller/parcels/<int:shipment_id>/messages", methods=["GET", "POST"])
@login_required
def seller_thread(shipment_id: int):
    shipment = db.session.get(Shipment, shipment_id)
    shop = db.session.get(Shop, shipment.shop_id) if shipment and shipment.shop_id else None
    if shop is None or not messages.may_open(shipment):
        abort(404)
    if shop.owner_id == current_user.id:
        side = Side.SHOP
    elif assisted_shop_for(current_user, shop.id) is not None:
        side = Side.CENTRE
    else:
        abort(404)  # another shop's parcel is simply not found
    return _thread_page(shipment, side, f"user:{current_user.id}",
                        url_for("aftersales.seller_thread", shipment_id=shipment_id),
                        url_for("aftersales.seller_threads"))


@bp.get("/seller/messages")
@shop_required
def seller_threads():
    return render_template("aftersales/seller_threads.html",
                           threads=messages.shop_threads(g.shop.id))
