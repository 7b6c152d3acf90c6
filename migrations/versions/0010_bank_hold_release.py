"""Shops: when an admin last released the payout hold of a changed bank account.

A change of an existing bank account holds payouts for PAYOUT_BANK_CHANGE_HOLD_DAYS; an admin
who has checked the new account with the seller may release the hold early (with a reason, in
the audit log). The hold applies while this is older than `bank_details_changed_at`.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bank_hold_released_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.drop_column("bank_hold_released_at")
