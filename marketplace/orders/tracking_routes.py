"""Track my order: the form, and the way to the order's page (orders.tracking)."""
from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from wtforms import EmailField, StringField
from wtforms.validators import InputRequired, Length

from marketplace import ratelimit
from marketplace.extensions import limiter
from marketplace.forms import FlaskForm
from marketplace.orders import bp, tracking
from marketplace.orders.order_links import access_token


class TrackOrderForm(FlaskForm):
    number = StringField(_l("Order number"), validators=[
        InputRequired(_l("Enter the order number from your confirmation mail.")),
        Length(max=40, message=_l("An order number is short, like SEN-2611-7KQ4PX."))])
    email = EmailField(_l("E-mail address the order was placed with"), validators=[
        InputRequired(_l("Enter the e-mail address the order was placed with.")),
        Length(max=254, message=_l("That e-mail address is too long."))])


@bp.route("/track", methods=["GET", "POST"])
def track_order():
    form = TrackOrderForm()
    status = 200
    if form.validate_on_submit():
        if not ratelimit.allow(limiter, current_app.config["TRACK_ORDER_LIMIT"], "track-order",
                               get_remote_address()):
            form.form_errors.append(_("Too many tries from here. Wait a few minutes, then try "
                                      "again."))
            return render_template("orders/track.html", form=form), 429
        order = tracking.find_order(form.number.data, form.email.data)
        if order is not None:
            return redirect(url_for("orders.order_detail", number=order.number,
                                    t=access_token(order)), code=303)
        # The same words whether the number is unknown or the e-mail another one.
        form.form_errors.append(_("We found no order with this number and e-mail address. "
                                  "Check both: they are in the confirmation mail of your order."))
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template("orders/track.html", form=form), status
