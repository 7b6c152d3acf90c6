"""The migration history builds the schema the models describe, and takes it down again."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from marketplace.extensions import db
from tests.conftest import PROJECT_ROOT, make_test_app, provisioned_database

MIGRATIONS = str(PROJECT_ROOT / "migrations")


def test_upgrade_to_head_matches_the_models_and_downgrade_empties(tmp_path, media_dir):
    with provisioned_database("migrations", tmp_path) as url:
        app = make_test_app(url, media_dir)
        with app.app_context():
            upgrade(directory=MIGRATIONS)
            tables = set(sa.inspect(db.engine).get_table_names())
            assert {"users", "shops", "products", "product_variants", "product_images",
                    "categories", "featured_entries"} <= tables
            with db.engine.connect() as conn:
                diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            assert diff == [], f"models and migrations differ: {diff}"

            downgrade(directory=MIGRATIONS, revision="base")
            left = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
            assert left == set()
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect() as conn:
                    types = conn.execute(sa.text(
                        "SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                        "WHERE n.nspname = 'public' AND t.typtype = 'e'")).scalars().all()
                assert types == []
            upgrade(directory=MIGRATIONS)  # and up again: downgrade left nothing behind
            db.engine.dispose()
