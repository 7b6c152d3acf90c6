"""The migration history builds the schema the models describe, and takes it down again."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from marketplace.catalog.search.pg_schema import include_name
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
            searched = {"search_pg_documents", "search_pg_terms"}  # SEARCH_BACKEND=postgresql
            assert (searched <= tables) if db.engine.dialect.name == "postgresql" else not (searched & tables)
            with db.engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"include_name": include_name})
                diff = compare_metadata(context, db.metadata)
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


# The head of the last release: a server upgrading now starts from there.
PREVIOUS_RELEASE = "0011"  # migrations/versions/0011_amount_received.py


def _revisions_since_previous_release():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    script = ScriptDirectory.from_config(config)
    return list(script.iterate_revisions("heads", PREVIOUS_RELEASE))[:-1]  # without the release


def test_every_migration_since_the_last_release_can_be_rolled_back():
    import ast
    import inspect

    for revision in _revisions_since_previous_release():
        tree = ast.parse(inspect.getsource(revision.module))
        downgrade_def = next(node for node in tree.body
                             if isinstance(node, ast.FunctionDef) and node.name == "downgrade")
        body = [node for node in downgrade_def.body
                if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
        assert body and not all(isinstance(node, ast.Pass) for node in body), (
            f"{revision.revision} has no downgrade: docs/DEPLOYMENT.md's rollback needs one")


def _row_counts() -> dict[str, int]:
    counts = {}
    for name in sorted(sa.inspect(db.engine).get_table_names()):
        if name != "alembic_version":
            counts[name] = db.session.scalar(sa.text(f'SELECT count(*) FROM "{name}"'))
    db.session.commit()
    return counts


def test_a_store_with_demo_data_upgrades_from_the_previous_release_and_back(tmp_path):
    """The demo store in a database at the last release's head, upgraded to this head: every
    row is still there and the store serves its pages; and down again to the release."""
    from marketplace.dev.demo import load_demo_data
    from marketplace.catalog.models import Product, ProductStatus

    with provisioned_database("release_upgrade", tmp_path) as url:
        app = make_test_app(url, tmp_path / "media", SEARCH_INDEX_DIR=str(tmp_path / "index"))
        with app.app_context():
            upgrade(directory=MIGRATIONS)
            load_demo_data()
            at_head = _row_counts()
            assert at_head["products"] >= 80 and at_head["product_images"] > 0
            downgrade(directory=MIGRATIONS, revision=PREVIOUS_RELEASE)  # the previous release
            at_release = _row_counts()
            for table, rows in at_release.items():  # what the release had, it keeps
                assert rows == at_head[table], table
            upgrade(directory=MIGRATIONS)  # the upgrade a server runs
            # Every row the release had is there; a table made since (demo reviews) comes back
            # empty, as its rows went with the downgrade that dropped it.
            again = _row_counts()
            assert set(again) == set(at_head)
            assert {table: again[table] for table in at_release} == at_release
            slug = db.session.scalar(sa.select(Product.slug).where(
                Product.status == ProductStatus.ACTIVE).order_by(Product.id).limit(1))
            db.session.commit()
            client = app.test_client()
            assert client.get("/").status_code == 200
            assert client.get(f"/products/{slug}").status_code == 200
            downgrade(directory=MIGRATIONS, revision=PREVIOUS_RELEASE)  # and the rollback
            assert _row_counts() == at_release
            db.session.remove()
            db.engine.dispose()
