"""Cart and checkout pages: thin handlers over orders.cart and orders.checkout."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.services import InvalidEmail, normalise_email
from marketplace.accounts.verification import require_verified_email
from marketplace.extensions import csrf, db
from marketplace.money import format_idr
from marketplace.orders import bp, cart, checkout, payment_fees, xendit_payments
from marketplace.orders.addresses import (
    BRUNEI_DISTRICTS,
    INDONESIAN_PROVINCES,
    MALAYSIAN_STATES,
    TIMOR_LESTE_MUNICIPALITIES,
    validate_address,
)
from marketplace.orders.forms import AddressForm
from marketplace.orders.models import PaymentMethod
from marketplace.orders.saved_addresses import save_address, saved_address
from marketplace.orders.visitor import current_cart
from marketplace.payments import gateway, xendit
from marketplace.security import same_origin

_REASONS = {
    "unavailable": lambda: _("That product is no longer for sale."),
    "sold-out": lambda: _("That product is sold out."),
    "too-many-lines": lambda: _("Your cart is full. Check out or remove something first."),
}


def _fee_method(method: PaymentMethod | None, channel: xendit.Channel | None) -> str | None:
    return payment_fees.method_key(method.value if method else "", channel.key if channel else None)


def _with_fee(base_idr: int, method: PaymentMethod | None, channel: xendit.Channel | None) -> int:
    return base_idr + payment_fees.fee_idr(_fee_method(method, channel), base_idr)


def _fees_shown(methods: list[PaymentMethod], channels: list[xendit.Channel]
                ) -> dict[str, payment_fees.Fee]:
    """The fee passed on for each way of paying offered, by the radio's value."""
    fees = {m.value: payment_fees.fee_for(key) if (key := payment_fees.method_key(m.value, None))
            else payment_fees.Fee() for m in methods}
    fees.update({f"xendit:{c.key}": payment_fees.fee_for(c.key) for c in channels})
    return fees


def _fee_seen(fees_seen: str | None, value: str) -> int | None:
    """The fee the review page showed for the way of paying chosen; None when the form did
    not say (then nothing is checked, as for total_seen). -1 for one that cannot be read,
    which never matches a fee."""
    if fees_seen is None:
        return None
    for part in fees_seen.split(",")[:50]:
        name, _sep, fee = part.partition("=")
        if name == value:
            return _int(fee, -1)
    return -1


def _chosen_method(value: str, methods: list[PaymentMethod], channels: list[xendit.Channel]
                   ) -> tuple[PaymentMethod | None, xendit.Channel | None]:
    """The radio's value: a method ("bank_transfer") or a Xendit channel ("xendit:qris");
    (None, None) for anything not offered."""
    if value.startswith("xendit:"):
        channel = next((c for c in channels if c.key == value.removeprefix("xendit:")), None)
        return (PaymentMethod.XENDIT, channel) if channel else (None, None)
    try:
        method = PaymentMethod(value)
    except ValueError:
        return None, None
    return (method, None) if method in methods and method != PaymentMethod.XENDIT else (None, None)


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@bp.post("/cart/add")
@csrf.exempt  # checked by origin instead: see security.same_origin
def add_to_cart():
    if not same_origin():
        abort(400, description=_("Please add products to your cart from the product page."))
    variant_id = _int(request.form.get("variant_id"), -1)
    quantity = max(1, min(_int(request.form.get("quantity"), 1), cart.MAX_QUANTITY))
    try:
        line = cart.add_to_cart(current_cart(), variant_id, quantity)
    except cart.CartError as error:
        flash(_REASONS[str(error)](), "error")
    else:
        if line.quantity < quantity:
            flash(_("Only %(n)d available, so that is what your cart holds.", n=line.quantity), "info")
        else:
            flash(_("%(name)s is in your cart.", name=line.product.name), "success")
    return redirect(url_for("orders.view_cart"), code=303)


@bp.get("/cart")
def view_cart():
    view = cart.view_cart(current_cart())
    if view.unavailable:
        flash(_("Something in your cart is no longer for sale and was removed."), "info")
    return render_template("orders/cart.html", cart=view)


@bp.post("/cart/update")
def update_cart():
    store = current_cart()
    if request.form.get("action") == "accept-prices":
        cart.accept_current_prices(store)
    else:
        for key, value in request.form.items():
            if key.startswith("qty-"):
                cart.set_quantity(store, _int(key[4:], -1), _int(value, 0))
        remove = _int(request.form.get("remove"), -1)
        if remove > 0:
            cart.set_quantity(store, remove, 0)
    return redirect(url_for("orders.view_cart"), code=303)


def _address_lists() -> dict:
    return {"id_provinces": INDONESIAN_PROVINCES, "my_states": MALAYSIAN_STATES,
            "tl_municipalities": TIMOR_LESTE_MUNICIPALITIES, "bn_districts": BRUNEI_DISTRICTS}


@bp.route("/checkout", methods=["GET", "POST"])
@require_verified_email  # guests check out with an e-mail; an account proves its own first
def checkout_address():
    view = cart.view_cart(current_cart())
    if not view.lines:
        return redirect(url_for("orders.view_cart"), code=303)
    form = AddressForm()
    errors = {}
    if request.method == "GET":
        saved = session.get("checkout_address") or services_saved_address()
        if saved:
            form.process(data=saved)
        if current_user.is_authenticated:
            form.email.data = current_user.email
    elif form.validate_on_submit():
        address, problems = validate_address(form.address_data())
        email = current_user.email if current_user.is_authenticated else (form.email.data or "").strip()
        if not current_user.is_authenticated and not _valid_email(email):
            problems.add("email", _("Enter your email address: we send the order to it."))
        if not problems:
            session["checkout_address"] = vars(address)
            session["checkout_email"] = email
            if current_user.is_authenticated:
                save_address(current_user.id, address)
            return redirect(url_for("orders.checkout_review"), code=303)
        errors = problems.errors
    elif request.method == "POST":
        errors = {name: str(messages[0]) for name, messages in form.errors.items()}
    status = 400 if request.method == "POST" else 200
    return render_template("orders/checkout_address.html", form=form, errors=errors, cart=view,
                           **_address_lists()), status


def services_saved_address() -> dict | None:
    if not current_user.is_authenticated:
        return None
    return saved_address(current_user.id)


def _valid_email(email: str) -> bool:
    try:
        normalise_email(email)
    except InvalidEmail:
        return False
    return True


@bp.route("/checkout/review", methods=["GET", "POST"])
@require_verified_email  # guests check out with an e-mail; an account proves its own first
def checkout_review():
    store = current_cart()
    view = cart.view_cart(store)
    saved = session.get("checkout_address")
    if not view.lines:
        return redirect(url_for("orders.view_cart"), code=303)
    address, problems = validate_address(saved or {})
    if address is None:
        return redirect(url_for("orders.checkout_address"), code=303)
    quotes = checkout.quote(view, address)
    methods = [PaymentMethod.BANK_TRANSFER] + ([PaymentMethod.STRIPE] if gateway.is_enabled() else [])
    channels = xendit_payments.offered_channels()
    message = None
    chosen: dict[int, str] = {}
    if request.method == "POST":
        from flask_wtf.csrf import validate_csrf  # the review form has no WTForms class
        from wtforms import ValidationError

        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            abort(400, description=_("The form expired. Please try again."))
        chosen = {q.group.shop.id: request.form.get(f"service-{q.group.shop.id}", "") for q in quotes}
        method, channel = _chosen_method(request.form.get("payment_method", ""), methods, channels)
        if request.form.get("action") == "update":
            pass  # "Update the total" (without JavaScript): show it for these couriers
        elif method is None:
            message = _("Choose how you want to pay.")
        elif channel is not None and not xendit_payments.fits(
                channel, _with_fee(checkout.choose(quotes, chosen).total_idr, method, channel)):
            message = _("%(method)s cannot take this total. Please choose another way to pay.",
                        method=channel.label)
        else:
            try:
                order = checkout.place_order(
                    cart=view, address=address, services=chosen, email=session.get("checkout_email", ""),
                    user_id=current_user.id if current_user.is_authenticated else None,
                    payment_method=method, locale=str(get_locale()),
                    expected_total_idr=_int(request.form.get("total_seen"), -1)
                    if "total_seen" in request.form else None,
                    fee_method=_fee_method(method, channel),
                    expected_fee_idr=_fee_seen(request.form.get("fees_seen"),
                                               request.form.get("payment_method", "")))
            except checkout.FeeChanged as error:
                message = _("The fee for this way of paying is now %(fee)s, so the total is "
                            "%(total)s. Check it, then place the order.",
                            fee=format_idr(error.fee_idr, str(get_locale())),
                            total=format_idr(error.total_idr, str(get_locale())))
            except checkout.TotalChanged as error:
                message = _("With the couriers you chose, the total is %(total)s. Check it, "
                            "then place the order.",
                            total=format_idr(error.total_idr, str(get_locale())))
            except checkout.ShortOfStock as error:
                message = _("Not enough stock left for: %(names)s. Your cart shows what is left.",
                            names=", ".join(error.names))
            except checkout.PricesChanged:
                message = _("Some prices changed since you added the products. Check your cart.")
            except checkout.NoShippingOption as error:
                message = _("Choose a shipping service for %(shop)s.", shop=error.shop_name)
            else:
                store.clear()
                session.pop("checkout_address", None)
                session.setdefault("guest_orders", [])
                session["guest_orders"] = (session["guest_orders"] + [order.number])[-20:]
                if method == PaymentMethod.STRIPE:
                    return redirect(url_for("orders.pay_by_card", number=order.number), code=303)
                if channel is not None:
                    xendit_payments.choose_channel(order, channel.key)
                    return redirect(url_for("orders.pay_by_xendit", number=order.number), code=303)
                return redirect(url_for("orders.order_detail", number=order.number), code=303)
        db.session.rollback()
        view = cart.view_cart(store)
        quotes = checkout.quote(view, address)
    totals = checkout.choose(quotes, chosen)
    fees = _fees_shown(methods, channels)
    return render_template("orders/checkout_review.html", cart=view, quotes=quotes, address=address,
                           methods=methods, channels=channels, message=message, totals=totals,
                           fees=fees, fees_seen=",".join(
                               f"{value}={fee.on(totals.total_idr)}" for value, fee in fees.items()),
                           chosen_method=request.form.get("payment_method"),
                           unique_codes=(checkout.UNIQUE_CODE_MIN, checkout.UNIQUE_CODE_MAX),
                           card_test_mode=PaymentMethod.STRIPE in methods and gateway.is_test_mode(),
                           xendit_test_mode=bool(channels) and xendit.is_test_mode(),
                           payment_hours=current_app.config["ORDER_PAYMENT_HOURS"]), 400 if message else 200
