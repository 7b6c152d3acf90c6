"""PostgreSQL full-text search (SEARCH_BACKEND=postgresql): the documents table with its weighted
tsvector under a GIN index, and the index's vocabulary under a pg_trgm index (typos, "did you
mean") and a prefix index (suggestions). On PostgreSQL only: SQLite stores search with Whoosh,
and this revision changes nothing there.

Revision ID: 0018_pgsearch
Revises: 0017_fees
"""
from alembic import op


revision = "0018_pgsearch"
down_revision = "0017_fees"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("""
        CREATE TABLE search_pg_documents (
            product_id integer PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
            document tsvector NOT NULL,
            tf jsonb NOT NULL,
            length integer NOT NULL,
            raw_length integer NOT NULL,
            spell jsonb NOT NULL,
            title jsonb NOT NULL,
            name text NOT NULL,
            category_id integer NOT NULL,
            top_category_id integer NOT NULL,
            province text NOT NULL,
            regency text NOT NULL,
            price bigint NOT NULL,
            in_stock boolean NOT NULL,
            created bigint NOT NULL
        )""")
    op.execute("CREATE INDEX ix_search_pg_documents_document ON search_pg_documents USING gin (document)")
    op.execute("CREATE INDEX ix_search_pg_documents_created ON search_pg_documents (created DESC, product_id DESC)")
    op.execute("""
        CREATE TABLE search_pg_terms (
            field varchar(1) NOT NULL,
            term text NOT NULL,
            docs integer NOT NULL,
            freq bigint NOT NULL,
            PRIMARY KEY (field, term)
        )""")
    op.execute("CREATE INDEX ix_search_pg_terms_trgm ON search_pg_terms USING gin (term gin_trgm_ops)")
    op.execute("CREATE INDEX ix_search_pg_terms_prefix ON search_pg_terms (field, term text_pattern_ops)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_pg_terms")
    op.execute("DROP TABLE IF EXISTS search_pg_documents")
    # pg_trgm stays: other objects of the database may use it, and it holds no data.
