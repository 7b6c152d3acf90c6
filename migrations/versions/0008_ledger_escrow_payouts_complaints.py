"""Ledger: double-entry accounts, transactions and entries (append-only, balanced),
commission rates, payouts, complaints and card disputes; commission frozen on shipments.

Revision ID: 0008
Revises: 0007

The database itself refuses to change or delete ledger rows (triggers on both databases; on
SQLite only UPDATE is refused, because the test suite empties tables with DELETE, while
PostgreSQL empties them with TRUNCATE, which row triggers do not see). On PostgreSQL a
deferred constraint trigger also refuses, at commit, any transaction whose entries do not sum
to zero.
Create Date: 2026-11-28 07:37:46.595714

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = "0007"
branch_labels = None
depends_on = None


APPEND_ONLY = ("ledger_transactions", "ledger_entries")


def _create_triggers():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END $$""")
        op.execute("""
CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total bigint;
BEGIN
  SELECT COALESCE(SUM(amount_idr), 0) INTO total FROM ledger_entries
    WHERE transaction_id = NEW.transaction_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance (sum %)', NEW.transaction_id, total;
  END IF;
  RETURN NULL;
END $$""")
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()")
        op.execute("CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON "
                   "ledger_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                   "EXECUTE FUNCTION ledger_check_balanced()")
    else:
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                       "BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END")


def _drop_triggers():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ledger_entries_balanced ON ledger_entries")
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS ledger_check_balanced()")
        op.execute("DROP FUNCTION IF EXISTS ledger_refuse_change()")
    else:
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only")


def upgrade():
    op.create_table('payout_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_payout_batches_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_batches'))
    )
    op.create_table('commission_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope_key', sa.String(length=40), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('shop_id', sa.Integer(), nullable=True),
    sa.Column('rate_bps', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('category_id IS NULL OR shop_id IS NULL', name=op.f('ck_commission_rates_one_scope')),
    sa.CheckConstraint('rate_bps >= 0 AND rate_bps <= 10000', name=op.f('ck_commission_rates_rate_in_range')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_commission_rates_category_id_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_commission_rates_shop_id_shops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commission_rates')),
    sa.UniqueConstraint('scope_key', name='uq_commission_rates_scope_key')
    )
    op.create_table('disputes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stripe_dispute_id', sa.String(length=255), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('amount_idr', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=60), nullable=False),
    sa.Column('status', sa.Enum('open', 'won', 'lost', name='dispute_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_disputes_order_id_orders'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disputes')),
    sa.UniqueConstraint('stripe_dispute_id', name=op.f('uq_disputes_stripe_dispute_id'))
    )
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disputes_order_id'), ['order_id'], unique=False)

    op.create_table('ledger_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('code', sa.Enum('cash', 'seller_held', 'seller_available', 'seller_payout', 'commission', 'transfer_codes', 'refunds_due', 'disputed', 'dispute_losses', 'refund_shortfall', 'suspense', name='ledger_account_code', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_ledger_accounts_shop_id_shops'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_accounts')),
    sa.UniqueConstraint('key', name='uq_ledger_accounts_key')
    )
    with op.batch_alter_table('ledger_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_accounts_shop_id'), ['shop_id'], unique=False)

    op.create_table('payouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('amount_idr', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'paid', 'failed', name='payout_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('bank_name', sa.String(length=60), nullable=False),
    sa.Column('bank_account_holder', sa.String(length=120), nullable=False),
    sa.Column('bank_account_number', sa.String(length=34), nullable=False),
    sa.Column('bank_reference', sa.String(length=120), nullable=False),
    sa.Column('failure_reason', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('settled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['payout_batches.id'], name=op.f('fk_payouts_batch_id_payout_batches'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_payouts_shop_id_shops'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payouts'))
    )
    with op.batch_alter_table('payouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payouts_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payouts_shop_id'), ['shop_id'], unique=False)

    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('wrong_item', 'damaged', 'not_received', name='complaint_reason', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'refunded', 'partly_refunded', 'released', name='complaint_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('seller_answer', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('refund_idr', sa.BigInteger(), nullable=False),
    sa.Column('decision_note', sa.String(length=500), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_complaints_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_complaints_shipment_id_shipments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_shipment_id'), ['shipment_id'], unique=False)

    op.create_table('complaint_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('variant_widths', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_photos_complaint_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_photos'))
    )
    with op.batch_alter_table('complaint_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_photos_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('ledger_transactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('payment', 'release', 'refund', 'refund_due', 'payout', 'payout_paid', 'payout_failed', 'dispute_opened', 'dispute_won', 'dispute_lost', 'unmatched_payment', name='ledger_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('idempotency_key', sa.String(length=120), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('shipment_id', sa.Integer(), nullable=True),
    sa.Column('payout_id', sa.Integer(), nullable=True),
    sa.Column('refund_id', sa.Integer(), nullable=True),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('dispute_id', sa.Integer(), nullable=True),
    sa.Column('memo', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_ledger_transactions_complaint_id_complaints'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['dispute_id'], ['disputes.id'], name=op.f('fk_ledger_transactions_dispute_id_disputes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_ledger_transactions_order_id_orders'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['payout_id'], ['payouts.id'], name=op.f('fk_ledger_transactions_payout_id_payouts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['refund_id'], ['refunds.id'], name=op.f('fk_ledger_transactions_refund_id_refunds'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_ledger_transactions_shipment_id_shipments'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_transactions')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_ledger_transactions_idempotency_key'))
    )
    with op.batch_alter_table('ledger_transactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_transactions_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_transactions_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_transactions_shipment_id'), ['shipment_id'], unique=False)

    op.create_table('ledger_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('transaction_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('amount_idr', sa.BigInteger(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('shipment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount_idr <> 0', name=op.f('ck_ledger_entries_amount_not_zero')),
    sa.ForeignKeyConstraint(['account_id'], ['ledger_accounts.id'], name=op.f('fk_ledger_entries_account_id_ledger_accounts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_ledger_entries_order_id_orders'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_ledger_entries_shipment_id_shipments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['transaction_id'], ['ledger_transactions.id'], name=op.f('fk_ledger_entries_transaction_id_ledger_transactions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entries'))
    )
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_entries_account_shipment', ['account_id', 'shipment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entries_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entries_transaction_id'), ['transaction_id'], unique=False)

    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('commission_bps', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('commission_idr', sa.BigInteger(), server_default='0', nullable=False))

    _create_triggers()


def downgrade():
    _drop_triggers()
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.drop_column('commission_idr')

    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_column('commission_bps')

    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_entries_transaction_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_entries_order_id'))
        batch_op.drop_index('ix_ledger_entries_account_shipment')

    op.drop_table('ledger_entries')
    with op.batch_alter_table('ledger_transactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_transactions_shipment_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_transactions_order_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_transactions_created_at'))

    op.drop_table('ledger_transactions')
    with op.batch_alter_table('complaint_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_photos_complaint_id'))

    op.drop_table('complaint_photos')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_shipment_id'))
        batch_op.drop_index(batch_op.f('ix_complaints_order_id'))

    op.drop_table('complaints')
    with op.batch_alter_table('payouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payouts_shop_id'))
        batch_op.drop_index(batch_op.f('ix_payouts_batch_id'))

    op.drop_table('payouts')
    with op.batch_alter_table('ledger_accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_accounts_shop_id'))

    op.drop_table('ledger_accounts')
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disputes_order_id'))

    op.drop_table('disputes')
    op.drop_table('commission_rates')
    op.drop_table('payout_batches')
