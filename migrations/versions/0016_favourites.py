"""Favourites (with their back-in-stock and price-drop mail) and messages about a parcel.

Revision ID: 0016_favourites
Revises: 0015_share
"""
from alembic import op
import sqlalchemy as sa


revision = "0016_favourites"
down_revision = "0015_share"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "favourites",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("product_id", sa.Integer(), sa.ForeignKey("products.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("alerts", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("seen_price_idr", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("seen_in_stock", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("last_alert_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("user_id", "product_id"),
    )
    op.create_index("ix_favourites_user_id", "favourites", ["user_id"])
    op.create_index("ix_favourites_product_id", "favourites", ["product_id"])

    op.create_table(
        "parcel_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shipment_id", sa.Integer(), sa.ForeignKey("shipments.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_parcel_messages_shipment_id", "parcel_messages", ["shipment_id"])
    op.create_index("ix_parcel_messages_author_id", "parcel_messages", ["author_id"])


def downgrade() -> None:
    op.drop_index("ix_parcel_messages_author_id", table_name="parcel_messages")
    op.drop_index("ix_parcel_messages_shipment_id", table_name="parcel_messages")
    op.drop_table("parcel_messages")
    op.drop_index("ix_favourites_product_id", table_name="favourites")
    op.drop_index("ix_favourites_user_id", table_name="favourites")
    op.drop_table("favourites")
