"""WTForms' own messages ("This field is required.", length and number ranges, invalid choices)
speak the page's language: WTForms ships no Indonesian, so the project's catalogue carries them."""
from __future__ import annotations

import importlib
import pkgutil

import pytest

import marketplace
from tests.conftest import PROJECT_ROOT, submit
from tests.factories import make_category, make_product, make_shop, make_user
from tests.orders.helpers import add

# What WTForms and Flask-WTF say in English, however a field or number fills it in.
ENGLISH_DEFAULTS = (
    "This field is required.", "Field must be", "Field cannot be longer", "Number must be",
    "Not a valid", "Invalid email address.", "Invalid input.", "Invalid value",
    "is not a valid choice", "Date must be",
)


def _assert_no_english_default(html: str) -> None:
    found = [text for text in ENGLISH_DEFAULTS if text in html]
    assert not found, f"WTForms' English messages on an Indonesian page: {found}"


def english(client) -> None:
    assert client.get("/lang/en").status_code == 303


def test_registration_left_empty(client, db):
    response = submit(client, "/account/register", {"name": "", "email": "", "password": "",
                                                    "confirm": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert html.count("Kolom ini wajib diisi.") >= 4
    _assert_no_english_default(html)

    english(client)
    html = submit(client, "/account/register", {"name": ""}).get_data(as_text=True)
    assert "This field is required." in html and "Kolom ini wajib diisi." not in html


def test_registration_with_a_name_too_long(client, db):
    response = submit(client, "/account/register", {"name": "N" * 121, "email": "a@contoh.id",
                                                    "password": "x" * 12, "confirm": "x" * 12})
    html = response.get_data(as_text=True)
    assert "Isian tidak boleh lebih dari 120 karakter." in html
    _assert_no_english_default(html)
    english(client)
    html = submit(client, "/account/register", {"name": "N" * 121}).get_data(as_text=True)
    assert "Field cannot be longer than 120 characters." in html


def test_login_left_empty(client, db):
    html = submit(client, "/account/login", {"email": "", "password": ""}).get_data(as_text=True)
    assert html.count("Kolom ini wajib diisi.") == 2
    _assert_no_english_default(html)


def test_checkout_address_with_a_bad_country_and_long_fields(client, db):
    add(client, make_product(prices=(150_000,)).variants[0])
    data = {"email": "", "country": "XX", "recipient": "R" * 161, "phone": "", "street": "",
            "city": "", "region": "", "postal_code": "12345678901"}
    response = submit(client, "/checkout", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Pilihan tidak valid." in html
    assert "Isian tidak boleh lebih dari 160 karakter." in html
    _assert_no_english_default(html)

    english(client)
    html = submit(client, "/checkout", data).get_data(as_text=True)
    assert "Not a valid choice." in html


@pytest.fixture
def seller(client, db, login_as):
    user = make_user(email="penjual@contoh.id")
    make_shop(owner=user)
    make_category()
    login_as(user)
    return user


def test_listing_form_fields_and_its_options(client, seller):
    data = {"name": "Ab", "category": "", "description": "", "low_stock_threshold": "-5",
            "weaving_days": "", "licence_kind": "none", "variants-0-name": "",
            "variants-0-price": "", "variants-0-stock": "banyak"}
    response = submit(client, "/seller/products/new", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Isian harus antara 3 dan 160 karakter." in html  # Length(min=3, max=160)
    assert "Angka harus antara 0 dan 10000." in html  # NumberRange
    assert "Bukan bilangan bulat yang valid." in html  # IntegerField, in the option subform
    assert html.count("Kolom ini wajib diisi.") >= 2  # the category, an option's price
    _assert_no_english_default(html)

    english(client)
    html = submit(client, "/seller/products/new", data).get_data(as_text=True)
    assert "Number must be between 0 and 10000." in html
    assert "Not a valid integer value." in html


def test_every_form_of_the_store_speaks_through_the_catalogue():
    """A form made straight from Flask-WTF or WTForms would show English on Indonesian pages."""
    from flask_wtf import FlaskForm as BareFlaskForm
    from wtforms import Form as BareForm

    from marketplace.forms import FlaskForm, SubForm

    for module in pkgutil.walk_packages(marketplace.__path__, "marketplace."):
        if ".fake_stripe" in module.name:
            continue  # a stand-in server with no forms
        importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    bare = [f"{cls.__module__}.{cls.__qualname__}" for cls in subclasses(BareForm)
            if cls.__module__.startswith("marketplace.")
            and not issubclass(cls, (FlaskForm, SubForm))
            and cls not in (FlaskForm, SubForm)]
    assert bare == [], f"forms not built on marketplace.forms: {bare}"
    assert BareFlaskForm in FlaskForm.__mro__


def test_wtforms_messages_are_in_the_catalogue():
    """Every message WTForms' own catalogue has is listed for extraction (marketplace/forms.py)."""
    from pathlib import Path

    import wtforms
    from babel.messages.pofile import read_po

    from tests.test_translations import ID_PO

    with (Path(wtforms.__file__).parent / "locale" / "wtforms.pot").open("rb") as f:
        wtforms_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with ID_PO.open("rb") as f:
        ours = {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_po(f, locale="id")
                if m.id}
    missing = sorted(wtforms_ids - ours.keys())
    assert missing == [], f"WTForms messages missing from the Indonesian catalogue: {missing}"



# --- one English word, two meanings: a context each (pgettext) -----------------------------

def test_the_audit_log_and_the_stock_history_say_after_each_in_their_own_sense(client, db,
                                                                                login_as):
    from marketplace.accounts.models import Role
    from marketplace.admin import audit
    from marketplace.catalog.inventory import adjust_stock
    from marketplace.catalog.models import StockReason
    from marketplace.extensions import db as _db

    admin = make_user(email="admin@sentra.id", roles=[Role.ADMIN])
    audit.record(admin, "shop.verify", "shop", 1, before={"v": 0}, after={"v": 1})
    _db.session.commit()
    login_as(admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    header = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert ">Yang berubah<" in header and "Stok akhir" not in page

    seller = make_user(email="penjual@contoh.id")
    product = make_product(make_shop(owner=seller))
    adjust_stock(product.variants[0], 5, StockReason.RESTOCK, actor_id=seller.id, note="")
    _db.session.commit()
    submit(client, "/account/logout", {}, form_url="/")
    login_as(seller)
    history = client.get(f"/seller/products/{product.id}/stock").get_data(as_text=True)
    assert ">Stok akhir<" in history


def test_the_admin_order_page_says_when_an_order_was_paid(client, db, login_as):
    from marketplace.accounts.models import Role
    from tests.orders.helpers import checkout, latest_order

    add(client, make_product(prices=(150_000,)).variants[0])
    checkout(client)
    order = latest_order()
    login_as(make_user(email="admin@sentra.id", roles=[Role.ADMIN]))
    html = client.get(f"/admin/orders/{order.number}").get_data(as_text=True)
    assert "<dt>Dibayar pada</dt><dd>Belum dibayar</dd>" in html


def test_every_form_speaks_through_the_projects_catalogue():
    """A form built on Flask-WTF's own FlaskForm would show WTForms' English messages on an
    Indonesian page: every form module imports the project's base instead."""
    offenders = [str(path.relative_to(PROJECT_ROOT)) for path in (PROJECT_ROOT / "marketplace").rglob("*.py")
                 if path.name != "forms.py" or path.parent.name != "marketplace"
                 if "from flask_wtf import FlaskForm" in path.read_text(encoding="utf-8")]
    assert offenders == []


def test_a_form_without_its_token_says_so_in_the_pages_language(client, db):
    """Flask-WTF's own CSRF refusals ("The CSRF token is missing.") are English jargon: the
    person is told in their language that the form expired and what to do."""
    make_user(email="ina@contoh.id")
    fields = {"email": "ina@contoh.id", "password": "x" * 12}
    html = client.post("/account/login", data=fields).get_data(as_text=True)
    assert "Formulir kedaluwarsa; muat ulang halaman" in html and "CSRF" not in html
    wrong = client.post("/account/login", data={**fields, "csrf_token": "palsu"})
    assert wrong.status_code == 400 and "CSRF" not in wrong.get_data(as_text=True)
    english(client)
    html = client.post("/account/login", data=fields).get_data(as_text=True)
    assert "The form expired; reload the page and try again." in html and "CSRF" not in html
