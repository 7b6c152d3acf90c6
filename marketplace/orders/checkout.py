"""Placing an order: shipping per shop, stock taken atomically, one payment for the whole cart.

`quote` prices a cart for an address (shown before paying); `place_order` checks everything
first, then in ONE transaction takes the stock of every line with a conditional UPDATE (in
variant-id order, so concurrent buyers cannot deadlock), writes the order, its shipments
and frozen lines, its history and its mail. Nothing is sold twice: a line short of stock
fails the whole order with every short line named.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from marketplace.catalog import inventory
from marketplace.catalog.services import refresh_product_summary
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.ledger import commission
from marketplace.orders import notifications, payment_fees, states
from marketplace.orders.addresses import Address
from marketplace.orders.cart import CartView, ShopGroup
from marketplace.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Shipment,
    ShipmentStatus,
    StatusChange,
)
from marketplace.orders.shipping import Parcel, ShippingOption, rate_source, variant_parcel
from marketplace.timeutil import utcnow

_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read over the phone
# A bank transfer's unique code: added to the total, so that an admin finds the transfer.
UNIQUE_CODE_MIN, UNIQUE_CODE_MAX = 101, 999


class CheckoutError(DomainError):
    pass


class ShortOfStock(CheckoutError):
    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


class PricesChanged(CheckoutError):
    pass


class NoShippingOption(CheckoutError):
    def __init__(self, shop_name: str) -> None:
        super().__init__(shop_name)
        self.shop_name = shop_name


class FeeChanged(CheckoutError):
    """The fee passed on for the way of paying is not the one the buyer was shown."""

    def __init__(self, fee_idr: int, total_idr: int) -> None:
        super().__init__(str(fee_idr))
        self.fee_idr, self.total_idr = fee_idr, total_idr


class TotalChanged(CheckoutError):
    """The buyer confirmed another total than the one these couriers and prices make."""

    def __init__(self, total_idr: int) -> None:
        super().__init__(str(total_idr))
        self.total_idr = total_idr


@dataclass
class ShipmentQuote:
    group: ShopGroup
    parcel: Parcel
    options: list[ShippingOption]


@dataclass(frozen=True)
class ChosenShipping:
    quote: ShipmentQuote
    option: ShippingOption | None  # None: no courier reaches the address from this shop


@dataclass(frozen=True)
class Totals:
    """What the buyer pays for the couriers chosen: products plus each parcel's shipping
    (a bank transfer adds its unique code when the order is placed)."""

    products_idr: int
    parcels: tuple[ChosenShipping, ...]

    @property
    def shipping_idr(self) -> int:
        return sum(p.option.cost_idr for p in self.parcels if p.option is not None)

    @property
    def total_idr(self) -> int:
        return self.products_idr + self.shipping_idr

    @property
    def complete(self) -> bool:
        return all(p.option is not None for p in self.parcels)


def choose(quotes: list[ShipmentQuote], services: dict[int, str], *,
           default_first: bool = True) -> Totals:
    """The service chosen for each parcel; where none (or one not offered) was chosen, the
    first offered (the cheapest), unless `default_first` is off."""
    parcels = []
    for q in quotes:
        option = next((o for o in q.options if o.service == services.get(q.group.shop.id)), None)
        if option is None and default_first and q.options:
            option = q.options[0]
        parcels.append(ChosenShipping(quote=q, option=option))
    return Totals(products_idr=sum(q.group.subtotal_idr for q in quotes), parcels=tuple(parcels))


def parcel_for(group: ShopGroup) -> Parcel:
    packs = [variant_parcel(line.variant, line.quantity) for line in group.lines]
    return Parcel(weight_g=sum(p.weight_g for p in packs), volume_cm3=sum(p.volume_cm3 for p in packs))


def quote(cart: CartView, address: Address) -> list[ShipmentQuote]:
    source = rate_source()
    quotes = []
    for group in cart.groups:
        parcel = parcel_for(group)
        quotes.append(ShipmentQuote(group=group, parcel=parcel,
                                    options=source.options(group.shop.province, address, parcel)))
    return quotes


def new_order_number() -> str:
    stamp = utcnow().strftime("%y%m")
    return f"SEN-{stamp}-" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(6))


@dataclass(frozen=True)
class _LineSnapshot:
    """What the buyer confirmed, read before the write transaction begins."""

    variant_id: int
    product_id: int
    shop_id: int
    category_id: int | None
    label: str
    product_name: str
    variant_name: str
    sku: str
    unit_price_idr: int
    quantity: int
    packed_weight_g: int
    packed_volume_cm3: int


def _snapshot(cart: CartView) -> list[_LineSnapshot]:
    lines = []
    for line in cart.lines:
        v = line.variant
        lines.append(_LineSnapshot(
            variant_id=v.id, product_id=v.product_id, shop_id=v.product.shop_id,
            category_id=v.product.category_id,
            label=v.product.name + (f" ({v.name})" if v.name else ""),
            product_name=v.product.name, variant_name=v.name, sku=v.sku,
            unit_price_idr=v.price_idr, quantity=line.quantity,
            packed_weight_g=v.packed_weight_g or v.net_weight_g or 0,
            packed_volume_cm3=(v.packed_length_cm * v.packed_width_cm * v.packed_height_cm
                               if v.has_dimensions else 0),
        ))
    return sorted(lines, key=lambda item: item.variant_id)


def _take_stock(lines: list[_LineSnapshot], order_number: str) -> None:
    """Through inventory, the only writer of stock; the price must still be the one the buyer
    saw. ShortOfStock names every line that could not be taken."""
    short = set(inventory.allocate([
        inventory.Allocation(variant_id=line.variant_id, quantity=line.quantity,
                             unit_price_idr=line.unit_price_idr) for line in lines], order_number))
    if short:
        raise ShortOfStock([line.label for line in lines if line.variant_id in short])


def place_order(*, cart: CartView, address: Address, services: dict[int, str], email: str,
                user_id: int | None, payment_method: PaymentMethod, locale: str = "id",
                expected_total_idr: int | None = None, fee_method: str | None = None,
                expected_fee_idr: int | None = None) -> Order:
    """Create the order in one transaction, or raise and change nothing.

    `locale` is the language the buyer checked out in: every mail to the buyer about the order
    is in it. `expected_total_idr`: the total (products and shipping) the buyer was shown;
    another one raises TotalChanged, so that nobody pays a total they did not see.
    `fee_method`: the way of paying whose passed-on fee (payment_fees) the order carries;
    `expected_fee_idr`: the fee the buyer was shown for it (another one: FeeChanged)."""
    if not cart.lines:
        raise CheckoutError("empty cart")
    if any(line.price_changed for line in cart.lines):
        raise PricesChanged()
    shipments = []
    for chosen in choose(quote(cart, address), services, default_first=False).parcels:
        q, option = chosen.quote, chosen.option
        if option is None:
            raise NoShippingOption(q.group.shop.name)
        shop = q.group.shop
        shipments.append(dict(shop_id=shop.id, shop_name=shop.name, origin_province=shop.province,
                              service=option.service, chargeable_weight_kg=q.parcel.chargeable_kg,
                              subtotal_idr=q.group.subtotal_idr, shipping_idr=option.cost_idr))
    lines = _snapshot(cart)
    rates = commission.rate_table()
    line_bps = {line.variant_id: rates.rate(line.shop_id, line.category_id) for line in lines}
    for values in shipments:
        values["commission_idr"] = commission.commission_idr([
            (line.unit_price_idr * line.quantity, line_bps[line.variant_id])
            for line in lines if line.shop_id == values["shop_id"]])
    subtotal = sum(line.unit_price_idr * line.quantity for line in lines)
    shipping = sum(s["shipping_idr"] for s in shipments)
    if expected_total_idr is not None and expected_total_idr != subtotal + shipping:
        raise TotalChanged(subtotal + shipping)
    fee = payment_fees.fee_idr(fee_method, subtotal + shipping)
    if expected_fee_idr is not None and expected_fee_idr != fee:
        raise FeeChanged(fee, subtotal + shipping + fee)
    unique_code = (secrets.randbelow(UNIQUE_CODE_MAX - UNIQUE_CODE_MIN + 1) + UNIQUE_CODE_MIN
                   if payment_method == PaymentMethod.BANK_TRANSFER else 0)
    expires_at = utcnow() + timedelta(hours=current_app.config["ORDER_PAYMENT_HOURS"])
    number = new_order_number()
    db.session.rollback()  # end the reads: the order's transaction starts with its first write
    try:
        _take_stock(lines, number)
        order = Order(
            number=number, user_id=user_id, email=email, payment_method=payment_method,
            subtotal_idr=subtotal, shipping_idr=shipping, unique_code_idr=unique_code,
            payment_fee_idr=fee, total_idr=subtotal + shipping + unique_code + fee,
            expires_at=expires_at,
            ship_country=address.country, ship_recipient=address.recipient,
            ship_phone=address.phone, ship_street=address.street, ship_village=address.village,
            ship_district=address.district, ship_city=address.city, ship_region=address.region,
            ship_postal_code=address.postal_code,
            locale=locale if locale in current_app.config["LANGUAGES"] else
            current_app.config["BABEL_DEFAULT_LOCALE"],
        )
        db.session.add(order)
        db.session.flush()
        for values in shipments:
            shipment = Shipment(order_id=order.id, **values)
            db.session.add(shipment)
            db.session.flush()
            for line in lines:
                if line.shop_id != values["shop_id"]:
                    continue
                db.session.add(OrderLine(
                    order_id=order.id, shipment_id=shipment.id, variant_id=line.variant_id,
                    product_id=line.product_id, product_name=line.product_name,
                    variant_name=line.variant_name, sku=line.sku,
                    unit_price_idr=line.unit_price_idr, quantity=line.quantity,
                    packed_weight_g=line.packed_weight_g, packed_volume_cm3=line.packed_volume_cm3,
                    commission_bps=line_bps[line.variant_id],
                ))
        db.session.add(StatusChange(order_id=order.id, to_status=OrderStatus.AWAITING_PAYMENT,
                                    actor_id=user_id, actor_label="buyer"))
        refresh_product_summary(sorted({line.product_id for line in lines}))
        db.session.flush()
        notifications.order_placed(order)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return order


def return_stock(lines: list[OrderLine], note: str) -> None:
    """Give the stock of these lines back (cancel, expiry, refund of goods not shipped),
    in the caller's transaction. A variant deleted since has nothing to give back to."""
    inventory.give_back([(line.variant_id, line.quantity, line.product_id) for line in lines
                         if line.variant_id is not None], note)


def cancel_unpaid(order: Order, *, actor_id: int | None, actor_label: str,
                  target: OrderStatus = OrderStatus.CANCELLED) -> None:
    """Cancel (buyer) or expire (cron) an order awaiting payment, giving its stock back."""
    states.move_order(order, target, actor_id=actor_id, actor_label=actor_label)
    for shipment in order.shipments:
        states.move_shipment(shipment, ShipmentStatus.CANCELLED, actor_id=actor_id,
                             actor_label=actor_label)
    return_stock(order.lines, f"{order.number}: {target}")
