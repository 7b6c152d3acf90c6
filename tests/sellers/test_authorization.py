"""Every seller route, tried by an anonymous visitor, a buyer, another seller and an admin."""
import pytest

from marketplace.accounts.models import Role
from tests.conftest import csrf_token
from tests.factories import make_product, make_shop, make_user

# (method, url template); {p} is a product of the owner's shop, {i} one of its photos.
PRODUCT_ROUTES = [
    ("get", "/seller/products/{p}/edit"), ("post", "/seller/products/{p}/edit"),
    ("post", "/seller/products/{p}/duplicate"), ("post", "/seller/products/{p}/status"),
    ("get", "/seller/products/{p}/stock"), ("post", "/seller/products/{p}/stock"),
    ("get", "/seller/products/{p}/photos"), ("post", "/seller/products/{p}/photos"),
    ("post", "/seller/products/{p}/photos/{i}"),
]
SHOP_ROUTES = [
    ("get", "/seller/shop"), ("post", "/seller/shop"), ("get", "/seller/products"),
    ("get", "/seller/products/new"), ("post", "/seller/products/new"),
    ("get", "/seller/products.csv"), ("get", "/seller/products/import"),
    ("post", "/seller/photos/pending"),
]


@pytest.fixture
def owned(db):
    owner = make_user()
    product = make_product(make_shop(owner=owner), photos=1, stocks=[5])
    return {"owner": owner, "p": product.id, "i": product.images[0].id}


def call(client, method, url, token=None):
    if method == "get":
        return client.get(url)
    return client.post(url, data={"csrf_token": token or "", "action": "delete", "change": "1",
                                  "reason": "restock"})


@pytest.mark.parametrize("method,template", PRODUCT_ROUTES + SHOP_ROUTES)
def test_anonymous_is_sent_to_log_in(client, owned, method, template):
    url = template.format(**owned)
    token = csrf_token(client, "/account/login")
    response = call(client, method, url, token)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["buyer", "admin"])
@pytest.mark.parametrize("method,template", PRODUCT_ROUTES + SHOP_ROUTES)
def test_users_without_a_shop_are_refused(client, owned, login_as, who, method, template):
    login_as(make_user(roles=(Role.ADMIN,) if who == "admin" else ()))
    token = csrf_token(client, "/account/password")
    response = call(client, method, template.format(**owned), token)
    assert response.status_code == 403


@pytest.mark.parametrize("method,template", PRODUCT_ROUTES)
def test_another_seller_cannot_reach_the_products(client, owned, login_as, method, template):
    other = make_user()
    make_shop(owner=other)
    login_as(other)
    token = csrf_token(client, "/seller/products/new")
    response = call(client, method, template.format(**owned), token)
    assert response.status_code == 404
    # and nothing changed: the owner's product still has its photo and stock
    from marketplace.catalog.models import Product
    from marketplace.extensions import db

    db.session.expire_all()
    product = db.session.get(Product, owned["p"])
    assert len(product.images) == 1 and product.variants[0].stock == 5


@pytest.mark.parametrize("method,template", [r for r in PRODUCT_ROUTES + SHOP_ROUTES if r[0] == "get"])
def test_the_owner_gets_the_pages(client, owned, login_as, method, template):
    login_as(owned["owner"])
    assert client.get(template.format(**owned)).status_code == 200
