"""Fees passed on to buyers: an order's payment fee (its own line of the total) and the
ledger account that books it as the store's revenue.

Revision ID: 0017_fees
Revises: 0016_favourites
"""
from alembic import op
import sqlalchemy as sa


revision = "0017_fees"
down_revision = "0016_favourites"
branch_labels = None
depends_on = None

_CODES = ("cash", "seller_held", "seller_available", "seller_payout", "commission",
          "transfer_codes", "refunds_due", "disputed", "dispute_losses", "refund_shortfall",
          "suspense", "fee_xendit_qris", "fee_xendit_va", "fee_xendit_ewallet", "fee_xendit_otc")
_NEW_CODES = ("fees_passed_on",)
_TOTAL_BEFORE = "total_idr = subtotal_idr + shipping_idr + unique_code_idr"
_TOTAL_AFTER = "total_idr = subtotal_idr + shipping_idr + unique_code_idr + payment_fee_idr"


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _replace_check(table, name, old, new):
    """Replace a named CHECK. PostgreSQL alters it in place; on SQLite, as in 0013_xendit, the
    table's stored SQL is rewritten (a batch copy of `orders` or the ledger would cascade
    deletes or lose the ledger's triggers), as SQLite's documentation describes."""
    constraint = f"ck_{table}_{name}"
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f(constraint), table, type_="check")
        op.create_check_constraint(op.f(constraint), table, new)
        return
    sql = bind.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND "
                               "name = :name"), {"name": table}).scalar_one()
    before = f"CONSTRAINT {constraint} CHECK ({old})"
    if before not in sql:
        raise RuntimeError(f"{table}: {before} not found in its schema")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.execute(sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND "
                         "name = :name"),
                 {"sql": sql.replace(before, f"CONSTRAINT {constraint} CHECK ({new})"),
                  "name": table})
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade():
    op.add_column("orders", sa.Column("payment_fee_idr", sa.BigInteger(), server_default="0",
                                      nullable=False))
    _replace_check("orders", "total_adds_up", _TOTAL_BEFORE, _TOTAL_AFTER)
    _replace_check("ledger_accounts", "ledger_account_code", _in("code", _CODES),
                   _in("code", _CODES + _NEW_CODES))


def downgrade():
    # For development: orders with a fee no longer add up under the old CHECK (PostgreSQL
    # refuses the downgrade while they exist).
    _replace_check("ledger_accounts", "ledger_account_code", _in("code", _CODES + _NEW_CODES),
                   _in("code", _CODES))
    _replace_check("orders", "total_adds_up", _TOTAL_AFTER, _TOTAL_BEFORE)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # SQLite drops a column only when nothing (the CHECK just restored) names it.
        op.execute("ALTER TABLE orders DROP COLUMN payment_fee_idr")
    else:
        op.drop_column("orders", "payment_fee_idr")
