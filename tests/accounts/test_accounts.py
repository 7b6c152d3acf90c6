"""Registration, log-in, log-out, password change: as a person does them in a browser."""

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.extensions import db as _db
from tests.conftest import make_test_app, submit
from tests.factories import PASSWORD, make_user


def users() -> list[User]:
    return list(_db.session.scalars(sa.select(User)))


def register(client, **overrides):
    data = {"name": "Yuliana Bani", "email": "Yuliana@Contoh.ID ", "password": PASSWORD,
            "confirm": PASSWORD, **overrides}
    return submit(client, "/account/register", data)


def test_register_logs_in_with_a_normalised_email_and_a_hashed_password(client, db):
    response = register(client)
    assert response.status_code == 303
    [user] = users()
    assert user.email == "yuliana@contoh.id"
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert "Yuliana Bani" in client.get("/").get_data(as_text=True)


def test_an_email_is_registered_once_whatever_its_case(client, db):
    make_user(email="yuliana@contoh.id")
    response = register(client, email="YULIANA@contoh.id")
    assert response.status_code == 400
    assert "yuliana@contoh.id" in response.get_data(as_text=True)
    assert len(users()) == 1


@pytest.mark.parametrize("field,value", [
    ("email", "not-an-email"), ("password", "short"), ("confirm", "something-else-entirely"),
    ("name", ""),
])
def test_register_with_bad_fields_shows_messages_and_creates_nothing(client, db, field, value):
    response = register(client, **{field: value})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'class="error"' in html and 'aria-invalid="true"' in html
    assert users() == []


def test_forms_without_a_csrf_token_are_refused(client, db):
    response = client.post("/account/register", data={
        "name": "X", "email": "x@contoh.id", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 400
    assert users() == []


def test_login_and_logout(client, db):
    user = make_user(email="ina@contoh.id", name="Ina Bo'i")
    wrong = submit(client, "/account/login", {"email": "ina@contoh.id", "password": "wrong-password"})
    assert wrong.status_code == 400
    assert "Ina Bo" not in client.get("/").get_data(as_text=True)

    ok = submit(client, "/account/login?next=/products", {"email": " INA@contoh.id", "password": PASSWORD})
    assert ok.status_code == 303 and ok.headers["Location"] == "/products"
    assert "Ina Bo&#39;i" in client.get("/").get_data(as_text=True)

    assert client.get("/account/logout").status_code == 405  # a link cannot log anyone out
    assert client.post("/account/logout").status_code == 400  # nor a form without the token
    out = submit(client, "/account/logout", {}, form_url="/")
    assert out.status_code == 303
    assert "Ina Bo" not in client.get("/").get_data(as_text=True)
    assert user.id


def test_login_never_redirects_off_site(client, db):
    make_user(email="ina@contoh.id")
    response = submit(client, "/account/login?next=https://evil.example/",
                      {"email": "ina@contoh.id", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_remember_me_sets_a_lasting_cookie(client, db):
    make_user(email="ina@contoh.id")
    response = submit(client, "/account/login", {"email": "ina@contoh.id", "password": PASSWORD,
                                                 "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "Expires=" in remember[0]
    session = [c for c in cookies if c.startswith("session=")]
    assert "HttpOnly" in session[0] and "SameSite=Lax" in session[0]
    assert "Secure" not in session[0]  # plain http in development and tests


def test_production_cookies_are_secure(monkeypatch, database_url, media_dir):
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://sentra.example.id")
    monkeypatch.setenv("SENTRA_CONFIG", "production")
    from marketplace import create_app

    app = create_app(None, SQLALCHEMY_DATABASE_URI=database_url, MEDIA_DIR=str(media_dir))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    with app.app_context():
        _db.engine.dispose()


def test_failed_logins_are_rate_limited_per_account(database_url, media_dir):
    app = make_test_app(database_url, media_dir, LOGIN_LIMIT_PER_ACCOUNT="3 per minute")
    client = app.test_client()
    with app.app_context():
        make_user(email="ina@contoh.id")
        try:
            for _ in range(3):
                assert submit(client, "/account/login", {"email": "ina@contoh.id",
                                                         "password": "nope-nope-nope"}).status_code == 400
            blocked = submit(client, "/account/login", {"email": "ina@contoh.id", "password": PASSWORD})
            assert blocked.status_code == 429
            assert 'class="site-header"' in blocked.get_data(as_text=True)
            # another account from the same address is not locked out by this one
            make_user(email="other@contoh.id")
            assert submit(client, "/account/login", {"email": "other@contoh.id",
                                                     "password": PASSWORD}).status_code == 303
        finally:
            from tests.conftest import empty_all_tables
            _db.session.remove()
            empty_all_tables()


def test_failed_logins_are_rate_limited_per_address(database_url, media_dir):
    app = make_test_app(database_url, media_dir, LOGIN_LIMIT_PER_ADDRESS="4 per minute")
    client = app.test_client()
    with app.app_context():
        for i in range(4):
            submit(client, "/account/login", {"email": f"guess{i}@contoh.id", "password": "x" * 12})
        blocked = submit(client, "/account/login", {"email": "guess9@contoh.id", "password": "x" * 12})
        assert blocked.status_code == 429


def test_successful_logins_do_not_count_against_the_limit(database_url, media_dir):
    app = make_test_app(database_url, media_dir, LOGIN_LIMIT_PER_ACCOUNT="2 per minute")
    with app.app_context():
        make_user(email="ina@contoh.id")
        try:
            for _ in range(4):
                client = app.test_client()
                assert submit(client, "/account/login", {"email": "ina@contoh.id",
                                                         "password": PASSWORD}).status_code == 303
        finally:
            from tests.conftest import empty_all_tables
            _db.session.remove()
            empty_all_tables()


def test_change_password(client, db, login_as):
    user = make_user()
    login_as(user)
    wrong = submit(client, "/account/password", {"current": "not-it-at-all", "password": "new-password-123",
                                                 "confirm": "new-password-123"})
    assert wrong.status_code == 400
    ok = submit(client, "/account/password", {"current": PASSWORD, "password": "new-password-123",
                                              "confirm": "new-password-123"})
    assert ok.status_code == 303
    client2 = client.application.test_client()
    assert submit(client2, "/account/login", {"email": user.email, "password": PASSWORD}).status_code == 400
    assert submit(client2, "/account/login", {"email": user.email,
                                              "password": "new-password-123"}).status_code == 303


def test_password_page_needs_login(client, db):
    response = client.get("/account/password")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_create_admin_asks_for_the_password_and_promotes(runner, db):
    result = runner.invoke(args=["create-admin", "Admin@Sentra.ID"], input="sangat-rahasia-123\n")
    assert result.exit_code == 0, result.output
    admin = _db.session.scalar(sa.select(User).where(User.email == "admin@sentra.id"))
    assert admin.has_role(Role.ADMIN)
    assert admin.password_hash.startswith("scrypt:")

    buyer = make_user(email="buyer@contoh.id")
    result = runner.invoke(args=["create-admin", "buyer@contoh.id"])
    assert result.exit_code == 0 and "Promoted" in result.output
    _db.session.refresh(buyer)
    assert buyer.has_role(Role.ADMIN)


def test_create_admin_refuses_a_short_password_and_takes_none_as_argument(runner, db):
    result = runner.invoke(args=["create-admin", "a@sentra.id"], input="short\n")
    assert result.exit_code != 0 and "10 characters" in result.output
    result = runner.invoke(args=["create-admin", "a@sentra.id", "--password", "x" * 12])
    assert result.exit_code != 0
    assert users() == []
