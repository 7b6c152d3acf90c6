"""Xendit: an order's payment by QRIS, virtual account, e-wallet or retail outlet, and the
gateway's fee in the ledger (one account per gateway and method).

Revision ID: 0013_xendit
Revises: 0012_rights
"""
from alembic import op
import sqlalchemy as sa


revision = "0013_xendit"
down_revision = "0012_rights"
branch_labels = None
depends_on = None

_METHODS = ("stripe", "bank_transfer")
_CODES = ("cash", "seller_held", "seller_available", "seller_payout", "commission",
          "transfer_codes", "refunds_due", "disputed", "dispute_losses", "refund_shortfall",
          "suspense")
_KINDS = ("payment", "release", "refund", "refund_due", "payout", "payout_paid", "payout_failed",
          "dispute_opened", "dispute_won", "dispute_lost", "unmatched_payment")
_NEW_CODES = ("fee_xendit_qris", "fee_xendit_va", "fee_xendit_ewallet", "fee_xendit_otc")


def _check(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _widen(table, column, name, old, new):
    """Replace the CHECK of a str_enum column (VARCHAR(20) with a CHECK named by the naming
    convention, see marketplace.database.str_enum) by one that takes `new`.

    PostgreSQL alters the constraint in place. SQLite cannot alter a CHECK, and batch mode's
    table copy is no option here: dropping the old `orders` or ledger table runs an implicit
    DELETE that cascades to shipments and lines, or is refused by the ledger's RESTRICT keys
    (and the copy would lose the ledger's append-only trigger). So, as SQLite's documentation
    describes for changing a CHECK ("Making Other Kinds Of Table Schema Changes"), the
    table's stored SQL is rewritten with writable_schema and the schema version raised."""
    constraint = f"ck_{table}_{name}"
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f(constraint), table, type_="check")
        op.create_check_constraint(op.f(constraint), table, _check(column, new))
        return
    sql = bind.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND "
                               "name = :name"), {"name": table}).scalar_one()
    before = f"CONSTRAINT {constraint} CHECK ({_check(column, old)})"
    if before not in sql:
        raise RuntimeError(f"{table}: {before} not found in its schema")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.execute(sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND "
                         "name = :name"),
                 {"sql": sql.replace(before, f"CONSTRAINT {constraint} CHECK "
                                             f"({_check(column, new)})"), "name": table})
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade():
    op.create_table(
        "xendit_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("payment_request_id", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("amount_idr", sa.BigInteger(), nullable=False),
        sa.Column("qr_string", sa.Text(), nullable=True),
        sa.Column("account_number", sa.String(length=40), nullable=True),
        sa.Column("payment_code", sa.String(length=40), nullable=True),
        sa.Column("redirect_url", sa.String(length=2000), nullable=True),
        sa.Column("fee_idr", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                                name=op.f("fk_xendit_payments_order_id_orders"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xendit_payments")),
        sa.UniqueConstraint("order_id", name=op.f("uq_xendit_payments_order_id")),
        sa.UniqueConstraint("payment_request_id",
                            name=op.f("uq_xendit_payments_payment_request_id")),
    )
    _widen("orders", "payment_method", "payment_method", _METHODS, _METHODS + ("xendit",))
    _widen("ledger_accounts", "code", "ledger_account_code", _CODES, _CODES + _NEW_CODES)
    _widen("ledger_transactions", "kind", "ledger_kind", _KINDS, _KINDS + ("gateway_fee",))


def downgrade():
    # Rows with the new values stay as they are (a CHECK is checked on writes only on SQLite;
    # PostgreSQL refuses the narrower CHECK while they exist: a downgrade is for development).
    _widen("ledger_transactions", "kind", "ledger_kind", _KINDS + ("gateway_fee",), _KINDS)
    _widen("ledger_accounts", "code", "ledger_account_code", _CODES + _NEW_CODES, _CODES)
    _widen("orders", "payment_method", "payment_method", _METHODS + ("xendit",), _METHODS)
    op.drop_table("xendit_payments")
