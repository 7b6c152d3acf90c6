"""Orders: the amount an admin found in the marketplace's account for a bank transfer.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("orders", sa.Column("amount_received_idr", sa.BigInteger(), nullable=True))


def downgrade():
    # A plain ALTER TABLE … DROP COLUMN on both databases (SQLite has it since 3.35): no table
    # copy, so the orders' CHECK constraints stay as they are.
    op.drop_column("orders", "amount_received_idr")
