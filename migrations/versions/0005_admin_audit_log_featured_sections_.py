"""Admin: audit log, featured sections, exchange rates, refunds, shop review, listing takedown

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 14:30:54.979781

"""
import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('featured_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('title_id', sa.String(length=120), nullable=False),
    sa.Column('title_en', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_featured_sections')),
    sa.UniqueConstraint('key', name=op.f('uq_featured_sections_key'))
    )
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_email', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.String(length=60), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('ip_address', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_entries_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_audit_target', ['target_type', 'target_id'], unique=False)

    op.create_table('exchange_rates',
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('idr_per_unit', sa.BigInteger(), nullable=False),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_exchange_rates_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('currency', name=op.f('pk_exchange_rates'))
    )
    op.create_table('refunds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=True),
    sa.Column('amount_idr', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('stripe_refund_id', sa.String(length=255), nullable=True),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_refunds_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_refunds_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_refunds_shipment_id_shipments'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refunds'))
    )
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refunds_order_id'), ['order_id'], unique=False)

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocked_reason', sa.String(length=500), nullable=True))

    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_decision', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('review_reason', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))



    sections = sa.table(
        "featured_sections", sa.column("key", sa.String), sa.column("title_id", sa.String),
        sa.column("title_en", sa.String), sa.column("position", sa.Integer),
        sa.column("is_active", sa.Boolean),
    )
    op.bulk_insert(sections, [
        {"key": "home", "title_id": "Pilihan", "title_en": "Featured", "position": 0, "is_active": True},
        {"key": "tenun-ntt", "title_id": "Tenun ikat NTT", "title_en": "Ikat weaving from NTT",
         "position": 1, "is_active": True},
        {"key": "kalbar", "title_id": "Dari Kalimantan Barat", "title_en": "From West Kalimantan",
         "position": 2, "is_active": True},
    ])
    rates = sa.table("exchange_rates", sa.column("currency", sa.String),
                     sa.column("idr_per_unit", sa.BigInteger), sa.column("set_at", sa.DateTime))
    # Starting points only, for display; an admin keeps them current at /admin/currencies.
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    op.bulk_insert(rates, [
        {"currency": "MYR", "idr_per_unit": 3_600, "set_at": now},
        {"currency": "USD", "idr_per_unit": 16_300, "set_at": now},
        {"currency": "SGD", "idr_per_unit": 12_400, "set_at": now},
    ])


def downgrade():
    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('review_reason')
        batch_op.drop_column('review_decision')

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_column('blocked_reason')

    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refunds_order_id'))

    op.drop_table('refunds')
    op.drop_table('exchange_rates')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_target')
        batch_op.drop_index(batch_op.f('ix_audit_entries_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_action'))

    op.drop_table('audit_entries')
    op.drop_table('featured_sections')
