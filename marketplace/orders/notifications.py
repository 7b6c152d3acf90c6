"""The mail an order sends, queued in the outbox inside the order's own transaction."""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.catalog.recipients import queue_shop_mail
from marketplace.mail import queue_mail
from marketplace.money import format_idr
from marketplace.navigation import external_url
from marketplace.orders.models import Order, Shipment
from marketplace.orders.order_links import order_url
from marketplace.timeutil import format_moment

SELLER_LOCALE = "id"  # a seller's mail is in the store's language


def _order_url(order: Order) -> str:
    # The signed token lets a buyer without an account open the order from the mail.
    return order_url(order)


def order_placed(order: Order) -> None:
    # The buyer's mail is in the language they checked out in (order.locale), whoever's action
    # sends it and in whatever language that person reads the store.
    with force_locale(order.locale):
        if order.payment_method == "bank_transfer":
            how = _transfer_instructions(order, order.locale)
        elif order.payment_method == "xendit":
            how = _("Pay from the order page (QRIS, virtual account or e-wallet) before "
                    "%(deadline)s; we will write again when the payment is confirmed.",
                    deadline=format_moment(order.expires_at, order.locale))
        else:
            how = _("Pay by card from the order page; we will write again when the payment is confirmed.")
        if order.payment_fee_idr:
            how = _("The total includes a payment fee of %(fee)s for the way you chose to pay.",
                    fee=format_idr(order.payment_fee_idr, order.locale)) + "\n\n" + how
        queue_mail(order.email, _("Order %(number)s received", number=order.number),
                   _("Thank you for your order %(number)s of %(total)s.\n\n%(how)s\n\n"
                     "Follow it here: %(url)s\n\nSentra",
                     number=order.number, total=format_idr(order.total_idr, order.locale),
                     how=how, url=_order_url(order)))


def _transfer_instructions(order: Order, locale: str) -> str:
    config = current_app.config
    return _("Please transfer exactly %(total)s: the last three digits (%(code)s) are your "
             "order's unique code and let us find your payment.\n\n"
             "Bank: %(bank)s\nAccount number: %(account)s\nAccount holder: %(holder)s\n"
             "Amount: %(total)s\nReference: %(number)s\n\n"
             "Pay before %(deadline)s. An order not paid by then is cancelled and its products "
             "go back on sale.",
             total=format_idr(order.total_idr, locale),
             code=format_idr(order.unique_code_idr, locale), bank=config["BANK_TRANSFER_BANK"],
             account=config["BANK_TRANSFER_ACCOUNT"], holder=config["BANK_TRANSFER_HOLDER"],
             number=order.number, deadline=format_moment(order.expires_at, locale))


def order_paid(order: Order) -> None:
    with force_locale(order.locale):
        queue_mail(order.email, _("Payment received for order %(number)s", number=order.number),
                   _("We have received %(total)s for order %(number)s. The sellers are preparing "
                     "your parcels.\n\nFollow them here: %(url)s\n\nSentra",
                     number=order.number, total=format_idr(order.total_idr, order.locale),
                     url=_order_url(order)))
    with force_locale(SELLER_LOCALE):
        for shipment in order.shipments:
            queue_shop_mail(shipment.shop_id, _("New paid order %(number)s", number=order.number),
                            _("Order %(number)s for %(amount)s is paid. Please pack and ship it.\n\n"
                              "%(url)s\n\nSentra", number=order.number,
                              amount=format_idr(shipment.subtotal_idr, SELLER_LOCALE),
                              url=external_url("orders.seller_orders")))


def shipment_shipped(shipment: Shipment) -> None:
    order = shipment.order
    with force_locale(order.locale):
        queue_mail(order.email, _("Your parcel from %(shop)s is on its way", shop=shipment.shop_name),
                   _("%(shop)s has shipped your parcel for order %(number)s with %(courier)s, "
                     "tracking number %(tracking)s.\n\n%(url)s\n\nSentra",
                     shop=shipment.shop_name, number=order.number, courier=shipment.courier,
                     tracking=shipment.tracking_number, url=_order_url(order)))
