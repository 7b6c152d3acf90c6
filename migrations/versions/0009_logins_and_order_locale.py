"""Log-ins as rows (a session or remember-me cookie names one; ending the row ends the log-in
wherever the cookie was copied) and the language an order was placed in (its mail is written in
it).

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "user_logins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_logins_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_logins")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_logins_token_hash")),
    )
    with op.batch_alter_table("user_logins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_logins_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=8), server_default="id",
                                      nullable=False))
        batch_op.create_check_constraint(op.f("ck_orders_locale_known"), "locale IN ('id', 'en')")


def downgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_orders_locale_known"), type_="check")
        batch_op.drop_column("locale")

    with op.batch_alter_table("user_logins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_logins_user_id"))
    op.drop_table("user_logins")
