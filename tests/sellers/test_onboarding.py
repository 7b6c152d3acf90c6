"""A user opens a shop; the seller pages are theirs alone."""
import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.catalog.models import Shop
from marketplace.extensions import db as _db
from tests.conftest import submit
from tests.factories import make_shop, make_user

SHOP = {
    "name": "Tenun Ikat Ina Bo'i", "story": "Kami menenun di Atambua.",
    "region": "Nusa Tenggara Timur / Belu", "cooperative": "Koperasi Tenun Belu",
    "whatsapp": "0812-3456-7890", "bank_name": "Bank NTT", "bank_account_holder": "Yuliana Bani",
    "bank_account_number": "0012 3456 789", "is_pkp": "",
}


def shops() -> list[Shop]:
    return list(_db.session.scalars(sa.select(Shop)))


def test_a_buyer_opens_a_shop(client, db, login_as):
    user = make_user(name="Yuliana Bani")
    login_as(user)
    assert client.get("/seller/").headers["Location"].endswith("/seller/open")
    response = submit(client, "/seller/open", SHOP)
    assert response.status_code == 303
    [shop] = shops()
    assert shop.owner_id == user.id
    assert (shop.province, shop.regency) == ("Nusa Tenggara Timur", "Belu")
    assert shop.whatsapp == "+6281234567890"
    assert shop.bank_account_number == "00123456789"
    assert shop.is_verified is False and shop.slug == "tenun-ikat-ina-boi"
    dashboard = client.get("/seller/").get_data(as_text=True)
    assert "Tenun Ikat Ina Bo&#39;i" in dashboard
    # the shop page is public at once, without the verified badge
    public = client.get(f"/sellers/{shop.slug}").get_data(as_text=True)
    assert "Kami menenun di Atambua." in public and 'class="badge"' not in public


@pytest.mark.parametrize("field,value", [
    ("whatsapp", "12345"), ("whatsapp", "+60123456789"), ("region", "Nusa Tenggara Timur / Gotham"),
    ("region", ""), ("bank_account_number", "12ab"), ("bank_name", "Bank of Nowhere"), ("name", "X"),
])
def test_bad_shop_details_are_refused_with_a_message(client, db, login_as, field, value):
    login_as(make_user())
    response = submit(client, "/seller/open", {**SHOP, field: value})
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert shops() == []


def test_one_shop_per_account(client, db, login_as):
    user = make_user()
    make_shop(owner=user)
    login_as(user)
    assert client.get("/seller/open").status_code == 303
    submit(client, "/seller/open", SHOP, form_url="/seller/shop")
    assert len(shops()) == 1


def test_shop_details_show_the_account_masked_and_keep_it_when_left_empty(client, db, login_as):
    user = make_user()
    login_as(user)
    submit(client, "/seller/open", SHOP)
    page = client.get("/seller/shop").get_data(as_text=True)
    assert "•••• 6789" in page and "00123456789" not in page
    response = submit(client, "/seller/shop", {**SHOP, "name": "Tenun Ina", "bank_account_number": ""})
    assert response.status_code == 303
    [shop] = shops()
    assert shop.name == "Tenun Ina" and shop.bank_account_number == "00123456789"


SELLER_ROUTES = [("get", "/seller/"), ("get", "/seller/shop"), ("post", "/seller/shop")]


@pytest.mark.parametrize("method,url", SELLER_ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(client, db, method, url):
    response = getattr(client, method)(url)
    if method == "post":
        assert response.status_code in (302, 400)  # no CSRF token: refused before anything else
    else:
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("roles", [(), (Role.ADMIN,)], ids=["buyer", "admin"])
def test_users_without_a_shop_cannot_use_shop_pages(client, db, login_as, roles):
    login_as(make_user(roles=roles))
    assert client.get("/seller/shop").status_code == 403
    assert submit(client, "/seller/shop", SHOP, form_url="/").status_code == 403
    assert shops() == []


def test_a_seller_edits_only_their_own_shop(client, db, login_as):
    other = make_shop(name="Madu Sentarum", owner=make_user())
    me = make_user()
    make_shop(name="Tenun Belu", owner=me)
    login_as(me)
    submit(client, "/seller/shop", {**SHOP, "name": "Tenun Belu Baru"})
    _db.session.expire_all()
    assert _db.session.get(Shop, other.id).name == "Madu Sentarum"
