"""Two carts race for the last unit: one order is placed, the other buyer is told on the
checkout page which item is short. On a database copy WITHOUT the `stock >= 0` CHECK: the
conditional UPDATE alone must find the shortage (a constraint would only turn an oversell
into a database error, a 500)."""
from __future__ import annotations

import os
import re
import threading

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from marketplace.catalog.models import Variant
from marketplace.extensions import db
from marketplace.orders.models import Order
from tests.conftest import csrf_token, make_test_app, migrate_to_head, provisioned_database, submit
from tests.factories import make_product, make_shop
from tests.orders.helpers import KUPANG, add

STOCK_CHECK = "ck_product_variants_stock_not_negative"


@pytest.fixture
def app_without_stock_check(tmp_path, media_dir):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with provisioned_database(f"nocheck_{worker}", tmp_path) as url:
        app = make_test_app(url, media_dir)
        migrate_to_head(app)
        with app.app_context():
            with db.engine.begin() as connection:
                operations = Operations(MigrationContext.configure(connection))
                # PostgreSQL drops it in place; SQLite rebuilds the table without it.
                with operations.batch_alter_table("product_variants") as batch:
                    batch.drop_constraint(STOCK_CHECK, type_="check")
            yield app
            db.session.remove()
            db.engine.dispose()


def _stock_can_go_negative() -> bool:
    with db.engine.connect() as connection:
        transaction = connection.begin()
        try:
            connection.execute(sa.text("UPDATE product_variants SET stock = -1"))
            return True
        except sa.exc.IntegrityError:
            return False
        finally:
            transaction.rollback()


def _ready_to_order(client, variant) -> dict:
    """A buyer with the variant in the cart, on the review page: the form they would send."""
    add(client, variant)
    assert submit(client, "/checkout", KUPANG).status_code == 303
    page = client.get("/checkout/review").get_data(as_text=True)
    service = re.search(r'name="(service-\d+)" value="([A-Z]+)"', page)
    return {"csrf_token": csrf_token(client, "/checkout/review"),
            "payment_method": "bank_transfer", service.group(1): service.group(2)}


def test_the_loser_of_the_last_unit_is_told_which_item_is_short(app_without_stock_check):
    app = app_without_stock_check
    product = make_product(make_shop(regency="Belu"), name="Sarung Futus Biboki",
                           prices=(450_000,), stocks=[1])
    variant_id = product.variants[0].id
    assert _stock_can_go_negative(), "the CHECK constraint is still there"

    buyers = [app.test_client(), app.test_client()]
    forms = [_ready_to_order(buyer, db.session.get(Variant, variant_id)) for buyer in buyers]
    db.session.remove()  # the threads write; this connection must hold nothing
    barrier = threading.Barrier(2)
    answers: dict[int, object] = {}

    def place(n: int) -> None:
        barrier.wait(timeout=30)
        answers[n] = buyers[n].post("/checkout/review", data=forms[n])

    threads = [threading.Thread(target=place, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(answer.status_code for answer in answers.values()) == [303, 400]
    [loser] = [answer for answer in answers.values() if answer.status_code == 400]
    alert = re.search(r'role="alert"><p>(.*?)</p>', loser.get_data(as_text=True)).group(1)
    assert alert.startswith("Stok tidak cukup untuk: Sarung Futus Biboki")
    assert db.session.get(Variant, variant_id).stock == 0
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 1
