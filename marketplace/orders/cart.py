"""The cart: what a buyer means to buy, checked against what is for sale now.

Guests keep their cart in the session, accounts in the database; both are a `CartStore`
so that the rules below never touch `session` or `request`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from marketplace.catalog.models import Product, ProductStatus, Shop, ShopStatus, Variant
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.orders.models import CartItem

MAX_LINES = 50
MAX_QUANTITY = 999


class CartError(DomainError):
    pass


class CartStore(Protocol):
    def items(self) -> dict[int, tuple[int, int]]:
        """variant id -> (quantity, price seen when added)."""

    def put(self, variant_id: int, quantity: int, price_seen_idr: int) -> None: ...

    def remove(self, variant_id: int) -> None: ...

    def clear(self) -> None: ...


class SessionCart:
    """A guest's cart in the (signed) session cookie: a small dict of ids and numbers."""

    def __init__(self, session) -> None:
        self.session = session

    def _data(self) -> dict[str, list[int]]:
        data = self.session.get("cart")
        return data if isinstance(data, dict) else {}

    def items(self) -> dict[int, tuple[int, int]]:
        out = {}
        for key, value in self._data().items():
            try:
                out[int(key)] = (int(value[0]), int(value[1]))
            except (TypeError, ValueError, IndexError):
                continue
        return out

    def put(self, variant_id: int, quantity: int, price_seen_idr: int) -> None:
        data = dict(self._data())
        data[str(variant_id)] = [quantity, price_seen_idr]
        self.session["cart"] = data

    def remove(self, variant_id: int) -> None:
        data = dict(self._data())
        data.pop(str(variant_id), None)
        self.session["cart"] = data

    def clear(self) -> None:
        self.session.pop("cart", None)


class AccountCart:
    def __init__(self, user_id: int) -> None:
        self.user_id = user_id

    def items(self) -> dict[int, tuple[int, int]]:
        rows = db.session.scalars(sa.select(CartItem).where(CartItem.user_id == self.user_id))
        return {r.variant_id: (r.quantity, r.price_seen_idr) for r in rows}

    def put(self, variant_id: int, quantity: int, price_seen_idr: int) -> None:
        item = db.session.scalar(sa.select(CartItem).where(
            CartItem.user_id == self.user_id, CartItem.variant_id == variant_id))
        if item is None:
            db.session.add(CartItem(user_id=self.user_id, variant_id=variant_id,
                                    quantity=quantity, price_seen_idr=price_seen_idr))
        else:
            item.quantity = quantity
        db.session.commit()

    def remove(self, variant_id: int) -> None:
        db.session.execute(sa.delete(CartItem).where(
            CartItem.user_id == self.user_id, CartItem.variant_id == variant_id))
        db.session.commit()

    def clear(self) -> None:
        db.session.execute(sa.delete(CartItem).where(CartItem.user_id == self.user_id))
        db.session.commit()


@dataclass
class CartLine:
    variant: Variant
    quantity: int
    price_seen_idr: int

    @property
    def product(self) -> Product:
        return self.variant.product

    @property
    def unit_price_idr(self) -> int:
        return self.variant.price_idr

    @property
    def total_idr(self) -> int:
        return self.unit_price_idr * self.quantity

    @property
    def price_changed(self) -> bool:
        return self.price_seen_idr != self.variant.price_idr

    @property
    def short_of_stock(self) -> bool:
        return self.quantity > self.variant.stock


@dataclass
class ShopGroup:
    shop: Shop
    lines: list[CartLine] = field(default_factory=list)

    @property
    def subtotal_idr(self) -> int:
        return sum(line.total_idr for line in self.lines)


@dataclass
class CartView:
    groups: list[ShopGroup]
    unavailable: list[int]  # variant ids no longer for sale (removed from the cart)

    @property
    def lines(self) -> list[CartLine]:
        return [line for g in self.groups for line in g.lines]

    @property
    def subtotal_idr(self) -> int:
        return sum(g.subtotal_idr for g in self.groups)

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def has_problems(self) -> bool:
        return any(line.short_of_stock or line.variant.stock == 0 for line in self.lines)


def _buyable(variant_ids):
    return (
        sa.select(Variant)
        .join(Variant.product).join(Product.shop)
        .where(Variant.id.in_(variant_ids), Variant.is_active.is_(True),
               Product.status == ProductStatus.ACTIVE, Product.blocked_reason.is_(None),
               Shop.status == ShopStatus.ACTIVE)
        .options(contains_eager(Variant.product).contains_eager(Product.shop))
    )


def view_cart(store: CartStore) -> CartView:
    """The cart as it stands now: current prices and stock, grouped by shop, in two queries."""
    items = store.items()
    if not items:
        return CartView(groups=[], unavailable=[])
    variants = {v.id: v for v in db.session.scalars(_buyable(list(items))).unique()}
    unavailable = [vid for vid in items if vid not in variants]
    for vid in unavailable:
        store.remove(vid)
    groups: dict[int, ShopGroup] = {}
    for vid, (quantity, seen) in items.items():
        variant = variants.get(vid)
        if variant is None:
            continue
        group = groups.setdefault(variant.product.shop_id, ShopGroup(shop=variant.product.shop))
        group.lines.append(CartLine(variant=variant, quantity=quantity, price_seen_idr=seen))
    ordered = sorted(groups.values(), key=lambda g: g.shop.name)
    for group in ordered:
        group.lines.sort(key=lambda line: (line.product.name, line.variant.position))
    return CartView(groups=ordered, unavailable=unavailable)


def add_to_cart(store: CartStore, variant_id: int, quantity: int) -> CartLine:
    """Add to what is there, bounded by the stock; raises CartError with a reason."""
    variant = db.session.scalars(_buyable([variant_id])).unique().one_or_none()
    if variant is None:
        raise CartError("unavailable")
    if variant.stock <= 0:
        raise CartError("sold-out")
    items = store.items()
    if variant_id not in items and len(items) >= MAX_LINES:
        raise CartError("too-many-lines")
    current, seen = items.get(variant_id, (0, variant.price_idr))
    wanted = min(current + max(1, quantity), variant.stock, MAX_QUANTITY)
    store.put(variant_id, wanted, seen)
    return CartLine(variant=variant, quantity=wanted, price_seen_idr=seen)


def set_quantity(store: CartStore, variant_id: int, quantity: int) -> None:
    items = store.items()
    if variant_id not in items:
        return
    if quantity <= 0:
        store.remove(variant_id)
        return
    variant = db.session.get(Variant, variant_id)
    bounded = min(quantity, variant.stock if variant else 0, MAX_QUANTITY)
    if bounded <= 0:
        store.remove(variant_id)
    else:
        store.put(variant_id, bounded, items[variant_id][1])


def accept_current_prices(store: CartStore) -> None:
    """The buyer has seen the new prices: remember them as seen."""
    view = view_cart(store)
    for line in view.lines:
        if line.price_changed:
            store.put(line.variant.id, line.quantity, line.variant.price_idr)


def merge_guest_cart(guest: CartStore, account: CartStore) -> None:
    """At log-in: the guest's lines join the account's; the larger quantity wins."""
    mine = account.items()
    for variant_id, (quantity, seen) in guest.items().items():
        current = mine.get(variant_id)
        if current is None or quantity > current[0]:
            account.put(variant_id, quantity, current[1] if current else seen)
    guest.clear()
