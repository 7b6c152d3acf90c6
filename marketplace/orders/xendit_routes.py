"""The pay page of an order paid through Xendit, its status for the page's refresh, and
Xendit's callbacks."""
from __future__ import annotations

import segno
from flask import flash, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup

from marketplace.extensions import csrf
from marketplace.orders import bp
from marketplace.orders import xendit_callbacks
from marketplace.orders import xendit_payments as pay
from marketplace.orders.visitor import buyer_order
from marketplace.payments import errors as payment_errors
from marketplace.payments import xendit

MAX_CALLBACK_BYTES = 64 * 1024


def qr_svg(text: str, label: str) -> Markup:
    """The QRIS code as inline SVG, drawn on the server (no script, no outside request)."""
    svg = segno.make(text, error="m").svg_inline(scale=5, title=label, border=2)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


@bp.get("/orders/<number>/pay/xendit")
def pay_by_xendit(number: str):
    """What to scan, transfer to or open, until the callback marks the order paid."""
    order = buyer_order(number)
    try:
        payment = pay.ensure_payment(order)
    except pay.CannotPay as error:
        flash(str(error), "error")
        return redirect(url_for("orders.order_detail", number=number), code=303)
    state = pay.pending_payment_status(order)
    if state != "waiting":
        return redirect(url_for("orders.order_detail", number=number,
                                t=request.args.get("t")), code=303)
    channel = xendit.CHANNELS[payment.channel]
    return render_template(
        "orders/xendit_pay.html", order=order, payment=payment, channel=channel,
        qr=qr_svg(payment.qr_string, "QRIS") if payment.qr_string else None,
        test_mode=xendit.is_test_mode(), token=request.args.get("t"),
        simulator_url=xendit.simulator_url(payment.payment_request_id))


@bp.get("/orders/<number>/pay/xendit/status")
def xendit_payment_status(number: str):
    order = buyer_order(number)
    return jsonify(status=pay.pending_payment_status(order))


@bp.post("/payments/xendit/callback")
@csrf.exempt  # Xendit authenticates its callbacks with x-callback-token instead
def xendit_callback():
    if (request.content_length or 0) > MAX_CALLBACK_BYTES:
        return jsonify(error="payload too large"), 400
    payload = request.get_data(cache=False, as_text=False)[:MAX_CALLBACK_BYTES + 1]
    if len(payload) > MAX_CALLBACK_BYTES:
        return jsonify(error="payload too large"), 400
    try:
        accepted = xendit_callbacks.handle_callback(payload, request.headers.get("x-callback-token"),
                                       request.headers.get("webhook-id"))
    except payment_errors.GatewayError:
        return jsonify(error="cannot confirm the payment now"), 503
    if not accepted:
        return jsonify(error="invalid token or payload"), 400
    return jsonify(received=True)
