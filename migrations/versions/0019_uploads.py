"""Photos sent ahead of their listing form (issue 20): kept as pending photos of the shop until
the form is saved, or deleted after a day.

Revision ID: 0019_uploads
Revises: 0018_pgsearch
"""
from alembic import op
import sqlalchemy as sa


revision = "0019_uploads"
down_revision = "0018_pgsearch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_photos",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shops.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("uploader_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("variant_widths", sa.String(60), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_pending_photos_shop_id", "pending_photos", ["shop_id"])
    op.create_index("ix_pending_photos_created_at", "pending_photos", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_pending_photos_created_at", table_name="pending_photos")
    op.drop_index("ix_pending_photos_shop_id", table_name="pending_photos")
    op.drop_table("pending_photos")
