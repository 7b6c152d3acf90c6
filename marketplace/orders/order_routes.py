"""Order pages for buyers, sellers and the admin who confirms bank transfers."""
from __future__ import annotations

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts.models import Role
from marketplace.extensions import csrf, db
from marketplace.orders import bp, card_payments, hooks, services, states
from marketplace.orders.models import Shipment, ShipmentStatus
from marketplace.orders.visitor import acts_as_buyer, buyer_order, viewable_order
from marketplace.sellers.access import shop_required


@bp.get("/orders/<number>")
def order_detail(number: str):
    order = viewable_order(number)
    is_buyer = acts_as_buyer(order)
    return render_template("orders/order.html", order=order, history=services.history(order),
                           bank=current_app.config, is_buyer=is_buyer,
                           parcel_actions=hooks.parcel_actions(order) if is_buyer else None)


@bp.get("/orders/<number>/invoice")
def invoice(number: str):
    order = viewable_order(number)
    return render_template("orders/invoice.html", order=order)


@bp.post("/orders/<number>/cancel")
def cancel_order(number: str):
    order = buyer_order(number)
    try:
        services.cancel_by_buyer(order, current_user.id if current_user.is_authenticated else None)
    except (services.OrderError, states.IllegalTransition):
        db.session.rollback()
        flash(_("This order can no longer be cancelled."), "error")
    else:
        flash(_("Your order is cancelled."), "success")
    return redirect(url_for("orders.order_detail", number=number), code=303)


@bp.get("/account/orders")
@login_required
def my_orders():
    return render_template("orders/my_orders.html", orders=services.buyer_orders(current_user.id))


# --- the seller's side -------------------------------------------------------------------

def _own_shipment(shipment_id: int) -> Shipment:
    shipment = db.session.get(Shipment, shipment_id)
    if shipment is None or shipment.shop_id != g.shop.id or shipment.status == ShipmentStatus.AWAITING_PAYMENT:
        abort(404)
    return shipment


@bp.get("/seller/orders")
@shop_required
def seller_orders():
    waiting = request.args.get("show") != "all"
    statuses = [ShipmentStatus.PROCESSING] if waiting else None
    return render_template("orders/seller_orders.html", shop=g.shop, waiting=waiting,
                           shipments=services.shop_shipments(g.shop.id, statuses))


@bp.get("/seller/orders/<int:shipment_id>/packing-slip")
@shop_required
def packing_slip(shipment_id: int):
    shipment = _own_shipment(shipment_id)
    return render_template("orders/packing_slip.html", shipment=shipment, order=shipment.order)


@bp.post("/seller/orders/<int:shipment_id>/ship")
@shop_required
def ship_shipment(shipment_id: int):
    shipment = _own_shipment(shipment_id)
    try:
        services.ship(shipment, courier=request.form.get("courier", ""),
                      tracking_number=request.form.get("tracking_number", ""), actor_id=current_user.id)
    except (services.OrderError, states.IllegalTransition):
        db.session.rollback()
        flash(_("Enter the courier and the tracking number of a parcel that is ready to ship."), "error")
    else:
        flash(_("Marked as shipped. The buyer has been told."), "success")
    return redirect(url_for("orders.seller_orders"), code=303)


@bp.post("/seller/orders/<int:shipment_id>/delivered")
@shop_required
def deliver_shipment(shipment_id: int):
    shipment = _own_shipment(shipment_id)
    try:
        services.mark_delivered(shipment, actor_id=current_user.id)
    except states.IllegalTransition:
        db.session.rollback()
        flash(_("Only a shipped parcel can be marked as delivered."), "error")
    else:
        flash(_("Marked as delivered."), "success")
    return redirect(url_for("orders.seller_orders", show="all"), code=303)


@bp.get("/orders/<number>/pay")
def pay_by_card(number: str):
    """Send the buyer to Stripe Checkout. The order becomes paid only by the verified webhook."""
    order = buyer_order(number)
    try:
        url = card_payments.checkout_url(order)
    except card_payments.CannotPay as error:
        flash(str(error), "error")
        return redirect(url_for("orders.order_detail", number=number), code=303)
    return redirect(url, code=303)


@bp.post("/payments/stripe/webhook")
@csrf.exempt  # Stripe signs its events; the signature is checked instead
def stripe_webhook():
    payload = request.get_data(cache=False, as_text=False)
    if len(payload) > 256 * 1024:
        return jsonify(error="payload too large"), 400
    if not card_payments.handle_webhook(payload, request.headers.get("Stripe-Signature", "")):
        return jsonify(error="invalid signature or payload"), 400
    return jsonify(received=True)
