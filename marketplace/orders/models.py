"""Carts, orders split into one shipment per shop, frozen order lines, and their history."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import str_enum
from marketplace.extensions import db
from marketplace.ledger.postings import ParcelMoney
from marketplace.orders.addresses import Address
from marketplace.timeutil import utcnow


class OrderStatus(enum.StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    PARTLY_REFUNDED = "partly_refunded"
    REFUNDED = "refunded"


class ShipmentStatus(enum.StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class PaymentMethod(enum.StrEnum):
    STRIPE = "stripe"
    BANK_TRANSFER = "bank_transfer"
    XENDIT = "xendit"  # QRIS, a virtual account, an e-wallet or a retail outlet (xendit_models)


class CartItem(db.Model):
    """An account's cart line (guests keep theirs in the session until they log in)."""

    __tablename__ = "cart_items"
    __table_args__ = (sa.UniqueConstraint("user_id", "variant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("product_variants.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column()
    # The price when it was put in the cart, to tell the buyer if it changed since.
    price_seen_idr: Mapped[int] = mapped_column(sa.BigInteger)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedAddress(db.Model):
    __tablename__ = "saved_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(sa.String(2))
    recipient: Mapped[str] = mapped_column(sa.String(160))
    phone: Mapped[str] = mapped_column(sa.String(20))
    street: Mapped[str] = mapped_column(sa.String(160))
    village: Mapped[str] = mapped_column(sa.String(160), default="")
    district: Mapped[str] = mapped_column(sa.String(160), default="")
    city: Mapped[str] = mapped_column(sa.String(160), default="")
    region: Mapped[str] = mapped_column(sa.String(160), default="")
    postal_code: Mapped[str] = mapped_column(sa.String(10), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ShippingRate(db.Model):
    """Courier tariff: first kg and each further kg, by origin province, zone and service."""

    __tablename__ = "shipping_rates"
    __table_args__ = (sa.UniqueConstraint("origin_province", "zone", "service"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    origin_province: Mapped[str] = mapped_column(sa.String(60))  # "*" for any origin
    zone: Mapped[str] = mapped_column(sa.String(20))
    service: Mapped[str] = mapped_column(sa.String(20))  # REG, OKE (economy), CARGO, ...
    first_kg_idr: Mapped[int] = mapped_column(sa.BigInteger)
    next_kg_idr: Mapped[int] = mapped_column(sa.BigInteger)
    eta_min_days: Mapped[int] = mapped_column()
    eta_max_days: Mapped[int] = mapped_column()


class Order(db.Model):
    """One buyer order and one payment to the marketplace, split into shipments per shop."""

    __tablename__ = "orders"
    __table_args__ = (
        sa.CheckConstraint("total_idr = subtotal_idr + shipping_idr + unique_code_idr"
                           " + payment_fee_idr", name="total_adds_up"),
        sa.CheckConstraint("locale IN ('id', 'en')", name="locale_known"),
        sa.Index("ix_orders_status_expires", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)  # public, e.g. SEN-2611-7KQ4PX
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    status: Mapped[OrderStatus] = mapped_column(str_enum(OrderStatus, "order_status"),
                                                default=OrderStatus.AWAITING_PAYMENT)
    payment_method: Mapped[PaymentMethod] = mapped_column(str_enum(PaymentMethod, "payment_method"))
    subtotal_idr: Mapped[int] = mapped_column(sa.BigInteger)
    shipping_idr: Mapped[int] = mapped_column(sa.BigInteger)
    # Bank transfer: a few rupiah added so that an admin can match the transfer to the order.
    unique_code_idr: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # A fee the store passes on for the way of paying chosen (orders.payment_fees).
    payment_fee_idr: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    total_idr: Mapped[int] = mapped_column(sa.BigInteger)
    refunded_idr: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # The delivery address, frozen as the buyer gave it.
    ship_country: Mapped[str] = mapped_column(sa.String(2))
    ship_recipient: Mapped[str] = mapped_column(sa.String(160))
    ship_phone: Mapped[str] = mapped_column(sa.String(20))
    ship_street: Mapped[str] = mapped_column(sa.String(160))
    ship_village: Mapped[str] = mapped_column(sa.String(160), default="")
    ship_district: Mapped[str] = mapped_column(sa.String(160), default="")
    ship_city: Mapped[str] = mapped_column(sa.String(160), default="")
    ship_region: Mapped[str] = mapped_column(sa.String(160), default="")
    ship_postal_code: Mapped[str] = mapped_column(sa.String(10), default="")
    stripe_session_id: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    stripe_payment_intent: Mapped[str | None] = mapped_column(sa.String(255))
    bank_reference: Mapped[str | None] = mapped_column(sa.String(100))
    # The language the buyer placed the order in: every mail to the buyer about it is in it.
    locale: Mapped[str] = mapped_column(sa.String(8), default="id", server_default="id")
    # Bank transfer: what the admin found in the marketplace's account (whole rupiah); it may
    # differ from total_idr only with a reason, kept in the audit log and the order's history.
    amount_received_idr: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    paid_at: Mapped[datetime | None] = mapped_column()

    shipments: Mapped[list[Shipment]] = relationship(back_populates="order", order_by="Shipment.id")
    lines: Mapped[list[OrderLine]] = relationship(back_populates="order", order_by="OrderLine.id")

    @property
    def address(self) -> Address:
        """The delivery address as the buyer gave it (`.lines()` to show it)."""
        return Address(country=self.ship_country, recipient=self.ship_recipient,
                       phone=self.ship_phone, street=self.ship_street, village=self.ship_village,
                       district=self.ship_district, city=self.ship_city, region=self.ship_region,
                       postal_code=self.ship_postal_code)


class Shipment(db.Model):
    """One shop's part of an order: its lines, its parcel and its own fulfilment state."""

    __tablename__ = "shipments"
    __table_args__ = (sa.Index("ix_shipments_shop_status", "shop_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    shop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shops.id", ondelete="SET NULL"))
    shop_name: Mapped[str] = mapped_column(sa.String(120))
    origin_province: Mapped[str] = mapped_column(sa.String(60))
    status: Mapped[ShipmentStatus] = mapped_column(str_enum(ShipmentStatus, "shipment_status"),
                                                   default=ShipmentStatus.AWAITING_PAYMENT)
    service: Mapped[str] = mapped_column(sa.String(20))
    chargeable_weight_kg: Mapped[int] = mapped_column()
    subtotal_idr: Mapped[int] = mapped_column(sa.BigInteger)
    shipping_idr: Mapped[int] = mapped_column(sa.BigInteger)
    # The marketplace's commission on the goods, frozen when the order is placed (ledger.commission).
    commission_idr: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    courier: Mapped[str | None] = mapped_column(sa.String(40))
    tracking_number: Mapped[str | None] = mapped_column(sa.String(60))
    shipped_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()

    order: Mapped[Order] = relationship(back_populates="shipments")
    lines: Mapped[list[OrderLine]] = relationship(back_populates="shipment", order_by="OrderLine.id")

    @property
    def parcel_money(self) -> ParcelMoney:
        """The shipment as the ledger books it: ids and amounts."""
        return ParcelMoney(shipment_id=self.id, order_id=self.order_id, shop_id=self.shop_id,
                           paid_idr=self.subtotal_idr + self.shipping_idr,
                           commission_idr=self.commission_idr)


class OrderLine(db.Model):
    """A copy of what was bought, at the price it was bought for."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    shipment_id: Mapped[int] = mapped_column(sa.ForeignKey("shipments.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("product_variants.id", ondelete="SET NULL"), index=True)
    product_id: Mapped[int | None] = mapped_column(sa.ForeignKey("products.id", ondelete="SET NULL"))
    product_name: Mapped[str] = mapped_column(sa.String(160))
    variant_name: Mapped[str] = mapped_column(sa.String(80), default="")
    sku: Mapped[str] = mapped_column(sa.String(64))
    unit_price_idr: Mapped[int] = mapped_column(sa.BigInteger)
    quantity: Mapped[int] = mapped_column()
    packed_weight_g: Mapped[int] = mapped_column(default=0)
    packed_volume_cm3: Mapped[int] = mapped_column(default=0)
    # The commission rate of this line when the order was placed, in basis points.
    commission_bps: Mapped[int] = mapped_column(default=0, server_default="0")

    order: Mapped[Order] = relationship(back_populates="lines")
    shipment: Mapped[Shipment] = relationship(back_populates="lines")

    @property
    def total_idr(self) -> int:
        return self.unit_price_idr * self.quantity


class StatusChange(db.Model):
    """Every move of an order or a shipment: from, to, who, when, why."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    shipment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shipments.id", ondelete="CASCADE"))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str] = mapped_column(sa.String(20))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(sa.String(40), default="")  # "buyer", "stripe", "system"
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Refund(db.Model):
    """Money given back for an order or one of its shipments."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    shipment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shipments.id", ondelete="SET NULL"))
    amount_idr: Mapped[int] = mapped_column(sa.BigInteger)
    method: Mapped[str] = mapped_column(sa.String(20))  # "stripe" or "manual" (bank transfer)
    stripe_refund_id: Mapped[str | None] = mapped_column(sa.String(255))
    reference: Mapped[str] = mapped_column(sa.String(120), default="")
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
