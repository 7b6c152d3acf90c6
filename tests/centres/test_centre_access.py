"""Who may use every centre route: anonymous, buyer, seller, staff of this centre, staff of
another centre, admin. The matrix must name every route of the centres blueprint."""
from __future__ import annotations

import pytest

from tests.centres.helpers import act_for
from tests.conftest import csrf_token

ROLES = ("anonymous", "buyer", "seller", "staff", "other_staff", "admin")
LOGIN = "login"

# (method, url template, form data, {role: expected status}); unlisted roles expect `default`.
STAFF_ONLY = {"anonymous": LOGIN, "buyer": 403, "seller": 403, "admin": 403}
SELLER_ONLY = {"anonymous": LOGIN, "buyer": 403, "staff": 403, "other_staff": 403, "admin": 403}

MATRIX = [
    ("GET", "/centre/", {}, {**STAFF_ONLY, "staff": 200, "other_staff": 200}),
    ("GET", "/centre/shops/new", {}, {**STAFF_ONLY, "staff": 200, "other_staff": 200}),
    ("POST", "/centre/shops/new", {"name": ""}, {**STAFF_ONLY, "staff": 400, "other_staff": 400}),
    ("GET", "/centre/shops/{shop}", {}, {**STAFF_ONLY, "staff": 200, "other_staff": 404}),
    ("POST", "/centre/shops/{shop}/act", {}, {**STAFF_ONLY, "staff": 303, "other_staff": 404}),
    ("POST", "/centre/shops/{shop}/handover", {"contact": "0812-3456-7890"},
     {**STAFF_ONLY, "staff": 200, "other_staff": 404}),
    ("POST", "/centre/stop-acting", {}, {"anonymous": LOGIN, "buyer": 303, "seller": 303,
                                         "staff": 303, "other_staff": 303, "admin": 303}),
    ("GET", "/centre/claim/{token}", {}, {"anonymous": LOGIN, "buyer": 200, "seller": 409,
                                          "staff": 200, "other_staff": 200, "admin": 200}),
    ("POST", "/centre/claim/not-a-token", {}, {"anonymous": LOGIN, "buyer": 410, "seller": 410,
                                               "staff": 410, "other_staff": 410, "admin": 410}),
    ("GET", "/centre/consultations", {}, {**STAFF_ONLY, "staff": 200, "other_staff": 200}),
    ("GET", "/centre/consultations/{consultation}", {},
     {**STAFF_ONLY, "staff": 200, "other_staff": 404}),
    ("POST", "/centre/consultations/{consultation}/answer", {"message": "Pakai toples kaca.",
                                                              "status": "in_progress"},
     {**STAFF_ONLY, "staff": 303, "other_staff": 404}),
    ("POST", "/centre/consultations/{consultation}/status", {"status": "done"},
     {**STAFF_ONLY, "staff": 303, "other_staff": 404}),
    ("POST", "/centre/consultations/{consultation}/notes", {"note": "Kunjungi minggu depan."},
     {**STAFF_ONLY, "staff": 303, "other_staff": 404}),
    ("GET", "/seller/consultations", {}, {**SELLER_ONLY, "seller": 200}),
    ("GET", "/seller/consultations/new", {}, {**SELLER_ONLY, "seller": 200}),
    ("POST", "/seller/consultations/new", {"centre": "{centre}", "topic": "photos",
                                           "message": "Foto saya gelap."},
     {**SELLER_ONLY, "seller": 303}),
    ("GET", "/seller/consultations/{consultation}", {}, {**SELLER_ONLY, "seller": 200}),
    ("POST", "/seller/consultations/{consultation}", {"message": "Terima kasih."},
     {**SELLER_ONLY, "seller": 303}),
    ("GET", "/sentra/", {}, dict.fromkeys(ROLES, 200)),
    ("GET", "/sentra/{centre_slug}", {}, dict.fromkeys(ROLES, 200)),
]


def _users(world):
    return {"buyer": world.buyer, "seller": world.seller, "staff": world.staff,
            "other_staff": world.other_staff, "admin": world.admin}


def _fill(text: str, world, token: str) -> str:
    return text.format(shop=world.assisted.id, consultation=world.consultation.id,
                       centre=world.centre.id, centre_slug=world.centre.slug, token=token)


@pytest.fixture
def token(world, app):
    from marketplace.centres import services

    with app.test_request_context():
        _, token = services.invite_owner(world.assisted, world.staff, "0812-9999-0000")
    return token


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, data, expected", MATRIX,
                         ids=[f"{m} {u}" for m, u, _, _ in MATRIX])
def test_who_may_use_each_centre_route(client, login_as, world, token, role, method, url, data,
                                       expected):
    if role != "anonymous":
        login_as(_users(world)[role])
    target = _fill(url, world, token)
    if method == "GET":
        response = client.get(target)
    else:
        form = {key: _fill(value, world, token) for key, value in data.items()}
        # Any page with a form gives the session's token (the log-in page for a visitor).
        page = "/account/login" if role == "anonymous" else "/sentra/"
        response = client.post(target, data={"csrf_token": csrf_token(client, page), **form})
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    else:
        assert response.status_code == want, response.get_data(as_text=True)[:400]


def test_the_matrix_names_every_centre_route(app):
    covered = {(m, u.split("?")[0]) for m, u, _, _ in MATRIX}
    rules = [r for r in app.url_map.iter_rules()
             if r.endpoint.startswith("centres.") or r.endpoint in ("catalog.centres",
                                                                    "catalog.centre_detail")]
    for rule in rules:
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            pattern = (rule.rule.replace("<int:shop_id>", "{shop}")
                       .replace("<int:consultation_id>", "{consultation}")
                       .replace("<token>", "{token}").replace("<slug>", "{centre_slug}"))
            assert any(m == method and (u == pattern or (pattern == "/centre/claim/{token}"
                                                          and u.startswith("/centre/claim/")))
                       for m, u in covered), f"{method} {rule.rule} is not in the matrix"


def test_staff_act_on_their_assisted_shop_through_the_seller_pages(client, login_as, world):
    login_as(world.staff)
    assert client.get("/seller/products").status_code == 403  # not acting yet: no shop
    act_for(client, world.assisted)
    page = client.get("/seller/products").get_data(as_text=True)
    assert "Sarung Tenun Amarasi" in page and "Tenun Mama Yuliana" in page
    assert client.get(f"/seller/products/{world.product.id}/edit").status_code == 200
    assert client.get("/seller/orders").status_code == 200


@pytest.mark.parametrize("target", ["other_centre_shop", "coached_shop", "foreign_shop"])
def test_a_tampered_session_gives_staff_no_other_shop(client, login_as, world, db, target):
    from tests.centres.helpers import make_assisted_shop

    shops = {"other_centre_shop": make_assisted_shop(world.other_centre, "Tenun Sintang"),
             "coached_shop": world.seller_shop,  # the centre coaches it; its owner runs it
             "foreign_shop": world.assisted}
    login_as(world.other_staff if target == "foreign_shop" else world.staff)
    with client.session_transaction() as session:
        session["acting_for_shop"] = shops[target].id
    assert client.get("/seller/products").status_code == 403
    assert client.get(f"/seller/products/{world.product.id}/edit").status_code == 403


def test_staff_lose_the_shop_when_removed_from_the_centre(client, login_as, world, db):
    from marketplace.admin import centres as admin_centres

    login_as(world.staff)
    act_for(client, world.assisted)
    admin_centres.remove_staff(world.centre, world.staff.id, actor=world.admin)
    assert client.get("/seller/products").status_code == 403
    assert client.get("/centre/").status_code == 403


def test_an_owner_sees_their_own_shop_not_the_assisted_one(client, login_as, world):
    login_as(world.seller)
    with client.session_transaction() as session:
        session["acting_for_shop"] = world.assisted.id
    page = client.get("/seller/products").get_data(as_text=True)
    assert "Sarung Tenun Amarasi" not in page
    assert client.get(f"/seller/products/{world.product.id}/edit").status_code == 404
