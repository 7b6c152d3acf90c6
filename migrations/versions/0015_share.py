"""The seller's choice to show buyers a "Chat via WhatsApp" link.

Off for every existing shop: their numbers were given for Sentra to reach them, not to be put
on public pages (UU PDP: publishing personal data needs the person's own choice).

Revision ID: 0015_share
Revises: 0014_reviews
"""
from alembic import op
import sqlalchemy as sa


revision = "0015_share"
down_revision = "0014_reviews"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("shops") as batch:
        batch.add_column(sa.Column("show_whatsapp", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("shops") as batch:
        batch.drop_column("show_whatsapp")
