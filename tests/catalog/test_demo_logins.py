"""Demo logins: in development the demo data makes a buyer, the seller of a named shop, centre staff
and an admin with a known password, `flask demo-logins` (run by `make run`) prints them, and every
demo shop has a bank account to be paid out to. Elsewhere no demo account has a password.

The photos are left out here (the full load with photos is tests/catalog/test_demo_data.py):
the accounts and bank accounts do not depend on them.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.dev import demo
from marketplace.dev.demo.logins import DEMO_PASSWORD
from marketplace.catalog.favourites import Favourite
from marketplace.catalog.models import Category, Product, Shop
from marketplace.ledger import payouts
from marketplace.sellers.banks import BANKS
from tests.conftest import PROJECT_ROOT, submit

LOGINS = {
    "buyer": "pembeli@demo.sentra.id",
    "seller": "maria.bere@demo.sentra.id",
    "staff": "petugas.kupang@demo.sentra.id",
    "admin": "admin@demo.sentra.id",
}


@pytest.fixture
def quick_demo(monkeypatch, db):
    monkeypatch.setattr(demo, "_make_photos", lambda *args: [])
    yield
    db.session.rollback()  # see test_demo_data.unlinked_categories
    db.session.execute(sa.update(Category).values(parent_id=None))
    db.session.commit()


@pytest.fixture
def development(app):
    app.config["DEMO_LOGINS"] = True  # as DevelopmentConfig has it


def _log_in(app, email: str, password: str = DEMO_PASSWORD):
    client = app.test_client()
    response = submit(client, "/account/login", {"email": email, "password": password})
    return client, response.status_code


def test_demo_data_in_development_makes_logins_that_work(app, db, runner, quick_demo,
                                                         development):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    for email in LOGINS.values():
        assert email in result.output
    assert DEMO_PASSWORD in result.output

    buyer, status = _log_in(app, LOGINS["buyer"])
    assert status == 303 and buyer.get("/account/orders").status_code == 200
    # The demo buyer has kept a few products, from shops of both borders, to show the page.
    kept = buyer.get("/account/favourites").get_data(as_text=True)
    assert kept.count('data-testid="favourite"') >= 4
    buyer_id = db.session.scalar(sa.select(User.id).where(User.email == LOGINS["buyer"]))
    provinces = set(db.session.scalars(
        sa.select(Shop.province).join(Product).join(Favourite)
        .where(Favourite.user_id == buyer_id)))
    assert {"Nusa Tenggara Timur", "Kalimantan Barat"} <= provinces
    seller, status = _log_in(app, LOGINS["seller"])
    assert status == 303 and "Tais Tasifeto" in seller.get("/seller/").get_data(as_text=True)
    staff, status = _log_in(app, LOGINS["staff"])
    assert status == 303
    centre = staff.get("/centre/").get_data(as_text=True)
    assert "Sentra Tenun Ikat Kupang" in centre and "Tenun Ikat Ina Bo&#39;i" in centre
    admin, status = _log_in(app, LOGINS["admin"])
    assert status == 303 and admin.get("/admin/").status_code == 200

    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    assert users[LOGINS["admin"]].has_role(Role.ADMIN)
    assert users[LOGINS["staff"]].has_role(Role.CENTRE_STAFF)
    assert not users[LOGINS["buyer"]].roles
    # Only these four can log in; the other demo sellers keep no password.
    assert {email for email, u in users.items() if u.password_hash} == set(LOGINS.values())
    assert all(u.is_demo for u in users.values())


def test_demo_logins_lists_them(app, db, runner, quick_demo, development):
    runner.invoke(args=["demo-data"])
    result = runner.invoke(args=["demo-logins"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for role, email in LOGINS.items():
        assert any(email in line for line in lines), (role, result.output)
    assert re.search(r"seller.*Tais Tasifeto", result.output, re.IGNORECASE)
    assert "Sentra Tenun Ikat Kupang" in result.output
    assert f"Password: {DEMO_PASSWORD}" in result.output
    assert "http://localhost/account/login" in result.output


def test_demo_logins_brings_an_older_demo_database_up_to_date(app, db, runner, quick_demo):
    """A demo database loaded without logins (outside development, or before they existed)
    gets them, in development, from `flask demo-logins` (which `make run` runs every time)."""
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert db.session.scalar(sa.select(User).where(User.email == LOGINS["admin"])) is None
    app.config["DEMO_LOGINS"] = True
    result = runner.invoke(args=["demo-logins"])
    assert result.exit_code == 0, result.output
    for email in LOGINS.values():
        assert _log_in(app, email)[1] == 303, email
    again = runner.invoke(args=["demo-logins"])  # nothing new the second time
    assert again.output == result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(
        User.email == LOGINS["admin"])) == 1


def test_a_changed_demo_password_is_kept_and_said(app, db, runner, quick_demo, development):
    runner.invoke(args=["demo-data"])
    buyer = db.session.scalar(sa.select(User).where(User.email == LOGINS["buyer"]))
    from marketplace.accounts.services import hash_password

    buyer.password_hash = hash_password("my-own-password-1")
    db.session.commit()
    result = runner.invoke(args=["demo-logins"])
    buyer_line = next(line for line in result.output.splitlines() if LOGINS["buyer"] in line)
    assert "password changed" in buyer_line
    assert _log_in(app, LOGINS["buyer"], "my-own-password-1")[1] == 303


def test_every_demo_shop_has_a_bank_account_ready_for_payouts(app, db, runner, quick_demo):
    runner.invoke(args=["demo-data"])
    shops = list(db.session.scalars(sa.select(Shop)))
    assert len(shops) >= 12
    for shop in shops:
        assert shop.bank_name in BANKS, shop.name
        assert re.fullmatch(r"\d{10,16}", shop.bank_account_number), shop.bank_account_number
        assert shop.bank_account_holder
        assert shop.bank_details_changed_at is None  # a first account: nothing to hold
        assert payouts.status_of(shop, 1_000_000) == payouts.READY, shop.name
    assert len({shop.bank_account_number for shop in shops}) == len(shops)


def test_no_demo_passwords_outside_development(app, db, runner, quick_demo):
    assert app.config["DEMO_LOGINS"] is False  # testing, as production
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0 and DEMO_PASSWORD not in result.output
    assert all(u.password_hash is None for u in db.session.scalars(sa.select(User)))
    emails = set(db.session.scalars(sa.select(User.email)))
    assert LOGINS["admin"] not in emails and LOGINS["buyer"] not in emails

    listed = runner.invoke(args=["demo-logins"])
    assert listed.exit_code == 0
    assert "only in development" in listed.output and DEMO_PASSWORD not in listed.output
    assert LOGINS["admin"] not in set(db.session.scalars(sa.select(User.email)))


def test_demo_logins_on_a_database_without_demo_data(app, db, runner, development):
    result = runner.invoke(args=["demo-logins"])
    assert result.exit_code == 0
    assert "flask --app wsgi demo-data" in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_only_the_development_configuration_has_demo_logins():
    from marketplace.config import DevelopmentConfig, ProductionConfig, TestingConfig

    assert DevelopmentConfig.DEMO_LOGINS is True
    assert ProductionConfig.DEMO_LOGINS is False and TestingConfig.DEMO_LOGINS is False


def test_make_run_prints_them_and_the_readme_lists_them():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "demo-logins" in run
    readme = (PROJECT_ROOT / "README.md").read_text()
    top = readme[:readme.index("## What works today")]
    assert "Demo logins" in top and DEMO_PASSWORD in top
    for email in LOGINS.values():
        assert email in top
