"""Password reset by an e-mailed, signed, expiring, single-use link, through a real SMTP server."""
import re

from tests.conftest import submit
from tests.factories import PASSWORD, make_user

NEW = "tenun-baru-belu-2026"


def reset_link(message) -> str:
    body = message.get_content()
    match = re.search(r"http://localhost(/account/reset/\S+)", body)
    assert match, body
    return match.group(1)


def test_reset_by_mail(client, db, smtp_server):
    user = make_user(email="ina@contoh.id", name="Ina")
    response = submit(client, "/account/reset", {"email": "INA@contoh.id"})
    assert response.status_code == 303
    [message] = smtp_server.messages
    assert message["To"] == "ina@contoh.id"
    link = reset_link(message)

    assert client.get(link).status_code == 200
    done = submit(client, link, {"password": NEW, "confirm": NEW})
    assert done.status_code == 303
    assert submit(client, "/account/login", {"email": user.email, "password": NEW}).status_code == 303

    # the link works once: the password it was made for has changed
    again = client.get(link)
    assert again.status_code == 303 and again.headers["Location"].endswith("/account/reset")


def test_unknown_address_gets_the_same_answer_and_no_mail(client, db, smtp_server):
    response = submit(client, "/account/reset", {"email": "nobody@contoh.id"})
    assert response.status_code == 303
    assert smtp_server.messages == []


def test_expired_or_forged_links_are_refused(client, db, smtp_server, app):
    make_user(email="ina@contoh.id")
    submit(client, "/account/reset", {"email": "ina@contoh.id"})
    link = reset_link(smtp_server.messages[0])
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    assert client.get(link).status_code == 303
    app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    assert client.get(link[:-3] + "abc").status_code == 303
    assert client.get("/account/reset/garbage").status_code == 303


def test_a_mail_server_that_is_down_is_no_error_page(client, db, app):
    make_user(email="ina@contoh.id")
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TIMEOUT=2)
    response = submit(client, "/account/reset", {"email": "ina@contoh.id"})
    assert response.status_code == 303
    assert PASSWORD
