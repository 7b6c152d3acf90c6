"""Reviews: buyers' reviews of products (with photos and reports), the rating summary and the
units sold kept on the product, the rating over all products on the shop.

Revision ID: 0014_reviews
Revises: 0013_xendit
"""
from alembic import op
import sqlalchemy as sa


revision = "0014_reviews"
down_revision = "0013_xendit"
branch_labels = None
depends_on = None

_PRODUCT_COLUMNS = ("review_count", "rating_total", "rating_sort", "units_sold")
_SHOP_COLUMNS = ("review_count", "rating_total")


def upgrade():
    # Plain ADD COLUMN (no table copy) on both databases: a NOT NULL column with a default.
    for name in _PRODUCT_COLUMNS:
        op.add_column("products", sa.Column(name, sa.Integer(), server_default="0", nullable=False))
    for name in _SHOP_COLUMNS:
        op.add_column("shops", sa.Column(name, sa.Integer(), server_default="0", nullable=False))
    op.create_index("ix_products_status_rating", "products", ["status", "rating_sort"])

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=True),
        sa.Column("shipment_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=60), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("photo_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        sa.Column("reply_text", sa.Text(), nullable=False),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.Column("replied_by_id", sa.Integer(), nullable=True),
        sa.Column("hidden_at", sa.DateTime(), nullable=True),
        sa.Column("hidden_reason", sa.String(length=500), nullable=False),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name=op.f("ck_reviews_stars_one_to_five")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_reviews_product_id_products"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"],
                                name=op.f("fk_reviews_shop_id_shops"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"],
                                name=op.f("fk_reviews_shipment_id_shipments"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_reviews_user_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["replied_by_id"], ["users.id"],
                                name=op.f("fk_reviews_replied_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("shipment_id", "product_id",
                            name=op.f("uq_reviews_shipment_id")),
    )
    op.create_index("ix_reviews_product_created", "reviews", ["product_id", "created_at"])
    op.create_index(op.f("ix_reviews_shop_id"), "reviews", ["shop_id"])
    op.create_index(op.f("ix_reviews_user_id"), "reviews", ["user_id"])

    op.create_table(
        "review_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("variant_widths", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"],
                                name=op.f("fk_review_photos_review_id_reviews"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_photos")),
    )
    op.create_index(op.f("ix_review_photos_review_id"), "review_photos", ["review_id"])

    op.create_table(
        "review_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"],
                                name=op.f("fk_review_reports_review_id_reviews"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_review_reports_user_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_reports")),
        sa.UniqueConstraint("review_id", "user_id", name=op.f("uq_review_reports_review_id")),
    )
    op.create_index(op.f("ix_review_reports_review_id"), "review_reports", ["review_id"])


def downgrade():
    op.drop_table("review_reports")
    op.drop_table("review_photos")
    op.drop_table("reviews")
    op.drop_index("ix_products_status_rating", table_name="products")
    # DROP COLUMN: native on PostgreSQL and on SQLite (3.35+), no table copy.
    for name in _SHOP_COLUMNS:
        op.drop_column("shops", name)
    for name in _PRODUCT_COLUMNS:
        op.drop_column("products", name)
