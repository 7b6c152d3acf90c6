"""Seller shops: payout bank account, one shop per owner, stock history, SKUs per shop

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:38:28.963489

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stock_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('change', sa.Integer(), nullable=False),
    sa.Column('stock_after', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('initial', 'restock', 'correction', 'sale', 'return', name='stock_reason', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_stock_movements_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_stock_movements_variant_id_product_variants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_movements'))
    )
    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.create_index('ix_stock_movements_variant_created', ['variant_id', 'created_at'], unique=False)

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('low_stock_threshold', sa.Integer(), server_default='3', nullable=False))

    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bank_name', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('bank_account_holder', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('bank_account_number', sa.String(length=34), nullable=True))
        batch_op.add_column(sa.Column('bank_details_changed_at', sa.DateTime(), nullable=True))
        batch_op.drop_index(batch_op.f('ix_shops_owner_id'))
        batch_op.create_unique_constraint(batch_op.f('uq_shops_owner_id'), ['owner_id'])

    # SKUs are the seller's own codes: two shops may both sell "KOPI-250".
    with op.batch_alter_table('product_variants', schema=None) as batch_op:
        batch_op.drop_constraint('uq_product_variants_sku', type_='unique')
        batch_op.create_index(batch_op.f('ix_product_variants_sku'), ['sku'], unique=False)



def downgrade():
    with op.batch_alter_table('product_variants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_variants_sku'))
        batch_op.create_unique_constraint('uq_product_variants_sku', ['sku'])

    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_shops_owner_id'), type_='unique')
        batch_op.create_index(batch_op.f('ix_shops_owner_id'), ['owner_id'], unique=False)
        batch_op.drop_column('bank_details_changed_at')
        batch_op.drop_column('bank_account_number')
        batch_op.drop_column('bank_account_holder')
        batch_op.drop_column('bank_name')

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_column('low_stock_threshold')

    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_movements_variant_created')

    op.drop_table('stock_movements')
