"""Orders: carts, addresses, shipping rates, orders, shipments, lines, status history, outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:09:53.556610

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.Column('claimed_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_pending', ['sent_at', 'next_attempt_at'], unique=False)

    op.create_table('shipping_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('origin_province', sa.String(length=60), nullable=False),
    sa.Column('zone', sa.String(length=20), nullable=False),
    sa.Column('service', sa.String(length=20), nullable=False),
    sa.Column('first_kg_idr', sa.BigInteger(), nullable=False),
    sa.Column('next_kg_idr', sa.BigInteger(), nullable=False),
    sa.Column('eta_min_days', sa.Integer(), nullable=False),
    sa.Column('eta_max_days', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipping_rates')),
    sa.UniqueConstraint('origin_province', 'zone', 'service', name=op.f('uq_shipping_rates_origin_province'))
    )
    op.create_table('orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('status', sa.Enum('awaiting_payment', 'paid', 'expired', 'cancelled', 'partly_refunded', 'refunded', name='order_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('payment_method', sa.Enum('stripe', 'bank_transfer', name='payment_method', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('subtotal_idr', sa.BigInteger(), nullable=False),
    sa.Column('shipping_idr', sa.BigInteger(), nullable=False),
    sa.Column('unique_code_idr', sa.BigInteger(), nullable=False),
    sa.Column('total_idr', sa.BigInteger(), nullable=False),
    sa.Column('refunded_idr', sa.BigInteger(), nullable=False),
    sa.Column('ship_country', sa.String(length=2), nullable=False),
    sa.Column('ship_recipient', sa.String(length=160), nullable=False),
    sa.Column('ship_phone', sa.String(length=20), nullable=False),
    sa.Column('ship_street', sa.String(length=160), nullable=False),
    sa.Column('ship_village', sa.String(length=160), nullable=False),
    sa.Column('ship_district', sa.String(length=160), nullable=False),
    sa.Column('ship_city', sa.String(length=160), nullable=False),
    sa.Column('ship_region', sa.String(length=160), nullable=False),
    sa.Column('ship_postal_code', sa.String(length=10), nullable=False),
    sa.Column('stripe_session_id', sa.String(length=255), nullable=True),
    sa.Column('stripe_payment_intent', sa.String(length=255), nullable=True),
    sa.Column('bank_reference', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('paid_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('total_idr = subtotal_idr + shipping_idr + unique_code_idr', name=op.f('ck_orders_total_adds_up')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_orders_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('number', name=op.f('uq_orders_number')),
    sa.UniqueConstraint('stripe_session_id', name=op.f('uq_orders_stripe_session_id'))
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_status_expires', ['status', 'expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_user_id'), ['user_id'], unique=False)

    op.create_table('saved_addresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('recipient', sa.String(length=160), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('street', sa.String(length=160), nullable=False),
    sa.Column('village', sa.String(length=160), nullable=False),
    sa.Column('district', sa.String(length=160), nullable=False),
    sa.Column('city', sa.String(length=160), nullable=False),
    sa.Column('region', sa.String(length=160), nullable=False),
    sa.Column('postal_code', sa.String(length=10), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_addresses_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_addresses'))
    )
    with op.batch_alter_table('saved_addresses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_addresses_user_id'), ['user_id'], unique=False)

    op.create_table('shipments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=True),
    sa.Column('shop_name', sa.String(length=120), nullable=False),
    sa.Column('origin_province', sa.String(length=60), nullable=False),
    sa.Column('status', sa.Enum('awaiting_payment', 'processing', 'shipped', 'delivered', 'completed', 'cancelled', name='shipment_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('service', sa.String(length=20), nullable=False),
    sa.Column('chargeable_weight_kg', sa.Integer(), nullable=False),
    sa.Column('subtotal_idr', sa.BigInteger(), nullable=False),
    sa.Column('shipping_idr', sa.BigInteger(), nullable=False),
    sa.Column('courier', sa.String(length=40), nullable=True),
    sa.Column('tracking_number', sa.String(length=60), nullable=True),
    sa.Column('shipped_at', sa.DateTime(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_shipments_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_shipments_shop_id_shops'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipments'))
    )
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shipments_order_id'), ['order_id'], unique=False)
        batch_op.create_index('ix_shipments_shop_status', ['shop_id', 'status'], unique=False)

    op.create_table('status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=40), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_status_changes_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_status_changes_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_status_changes_shipment_id_shipments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_changes'))
    )
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_changes_order_id'), ['order_id'], unique=False)

    op.create_table('cart_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('price_seen_idr', sa.BigInteger(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cart_items_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_cart_items_variant_id_product_variants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart_items')),
    sa.UniqueConstraint('user_id', 'variant_id', name=op.f('uq_cart_items_user_id'))
    )
    with op.batch_alter_table('cart_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cart_items_user_id'), ['user_id'], unique=False)

    op.create_table('order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('product_name', sa.String(length=160), nullable=False),
    sa.Column('variant_name', sa.String(length=80), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('unit_price_idr', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('packed_weight_g', sa.Integer(), nullable=False),
    sa.Column('packed_volume_cm3', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_lines_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_order_lines_product_id_products'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_order_lines_shipment_id_shipments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_order_lines_variant_id_product_variants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_lines'))
    )
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_lines_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lines_shipment_id'), ['shipment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lines_variant_id'), ['variant_id'], unique=False)



    rates = sa.table(
        "shipping_rates",
        sa.column("origin_province", sa.String), sa.column("zone", sa.String),
        sa.column("service", sa.String), sa.column("first_kg_idr", sa.BigInteger),
        sa.column("next_kg_idr", sa.BigInteger), sa.column("eta_min_days", sa.Integer),
        sa.column("eta_max_days", sa.Integer),
    )
    op.bulk_insert(rates, [
        dict(origin_province=o, zone=z, service=s, first_kg_idr=f, next_kg_idr=n,
             eta_min_days=a, eta_max_days=b)
        for o, z, s, f, n, a, b in DEFAULT_RATES
    ])


# Sensible defaults until a courier API or an admin says otherwise (rupiah per kg).
DEFAULT_RATES = [
    ("*", "local", "REG", 10_000, 8_000, 1, 2),
    ("*", "local", "OKE", 8_000, 6_000, 2, 4),
    ("*", "island", "REG", 25_000, 20_000, 2, 4),
    ("*", "island", "OKE", 20_000, 15_000, 4, 7),
    ("*", "island", "CARGO", 45_000, 9_000, 5, 10),
    ("*", "national", "REG", 45_000, 38_000, 3, 6),
    ("*", "national", "OKE", 36_000, 30_000, 5, 9),
    ("*", "national", "CARGO", 70_000, 14_000, 7, 14),
    ("*", "borneo_my", "REG", 85_000, 45_000, 3, 7),
    ("*", "borneo_my", "CARGO", 120_000, 20_000, 7, 14),
    ("*", "timor_leste", "REG", 90_000, 50_000, 4, 8),
    ("*", "asean", "REG", 180_000, 90_000, 5, 12),
    # Over the land border posts: Entikong/Aruk to Sarawak, Motaain/Wini to Timor-Leste.
    ("Kalimantan Barat", "borneo_my", "REG", 60_000, 30_000, 2, 5),
    ("Kalimantan Utara", "borneo_my", "REG", 60_000, 30_000, 2, 5),
    ("Nusa Tenggara Timur", "timor_leste", "REG", 55_000, 30_000, 2, 5),
]


def downgrade():
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_lines_variant_id'))
        batch_op.drop_index(batch_op.f('ix_order_lines_shipment_id'))
        batch_op.drop_index(batch_op.f('ix_order_lines_order_id'))

    op.drop_table('order_lines')
    with op.batch_alter_table('cart_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cart_items_user_id'))

    op.drop_table('cart_items')
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_changes_order_id'))

    op.drop_table('status_changes')
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.drop_index('ix_shipments_shop_status')
        batch_op.drop_index(batch_op.f('ix_shipments_order_id'))

    op.drop_table('shipments')
    with op.batch_alter_table('saved_addresses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_addresses_user_id'))

    op.drop_table('saved_addresses')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_user_id'))
        batch_op.drop_index('ix_orders_status_expires')

    op.drop_table('orders')
    op.drop_table('shipping_rates')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_pending')

    op.drop_table('outbox_messages')
