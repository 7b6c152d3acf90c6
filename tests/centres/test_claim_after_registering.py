"""A producer opens a hand-over link without an account: log-in page, then registration, and
back to the claim page, which the new account then claims. The link is never lost, and `next`
never leads to another site."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from marketplace.catalog.models import Shop
from marketplace.extensions import db
from tests.centres.helpers import switch_user
from tests.conftest import csrf_token, submit
from tests.factories import PASSWORD, make_user


def _invite_path(client, login_as, world, contact: str) -> str:
    login_as(world.staff)
    response = submit(client, f"/centre/shops/{world.assisted.id}/handover", {"contact": contact},
                      form_url=f"/centre/shops/{world.assisted.id}")
    link = re.search(r'value="(http[^"]+/centre/claim/[^"]+)"', response.get_data(as_text=True))
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/sentra/")})
    return urlsplit(link.group(1)).path


def _hrefs(page: str, text: str) -> list[str]:
    """Every link whose text is `text` (the header's and the page's), as a browser follows it."""
    found = [href for href, inner in re.findall(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>(.*?)</a>', page, re.S)
             if re.sub(r"<[^>]+>", "", inner).strip() == text]  # the link's words, icons aside
    assert found, f"no link {text!r}"
    return [html.unescape(href) for href in found]


def _next_of(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("next", [])


def _form_action(page: str, url: str) -> str:
    """Where the page's form posts: its action, or (none given) the page's own address."""
    match = re.search(r'<form method="post"(?: action="([^"]*)")?', page)
    return html.unescape(match.group(1)) if match and match.group(1) else url


NEW_ACCOUNT = {"name": "Yuliana Nope", "email": "yuliana@contoh.id", "password": "tenun-ikat-amarasi",
               "confirm": "tenun-ikat-amarasi"}


def test_link_register_and_claim(client, login_as, world):
    claim = _invite_path(client, login_as, world, "yuliana@contoh.id")
    login = client.get(claim)
    assert login.status_code == 302
    login_url = login.headers["Location"]
    assert parse_qs(urlsplit(login_url).query)["next"] == [claim]

    login_page = client.get(login_url).get_data(as_text=True)
    assert all(_next_of(link) == [claim] for link in _hrefs(login_page, "Daftar"))  # the header
    links = _hrefs(login_page, "Buat akun")
    assert all(_next_of(link) == [claim] for link in links)
    register_url = links[-1]
    page = client.get(register_url).get_data(as_text=True)
    response = client.post(_form_action(page, register_url),
                           data={"csrf_token": csrf_token(client, register_url), **NEW_ACCOUNT})
    assert response.status_code == 303 and response.headers["Location"] == claim

    page = client.get(claim).get_data(as_text=True)
    assert "Ambil alih" in page
    response = client.post(_form_action(page, claim), data={"csrf_token": csrf_token(client, claim)})
    assert response.status_code == 303
    db.session.expire_all()
    shop = db.session.get(Shop, world.assisted.id)
    assert shop.owner.email == "yuliana@contoh.id" and not shop.is_assisted


def test_a_producer_with_an_account_goes_from_register_to_log_in_and_keeps_the_link(
        client, login_as, world):
    claim = _invite_path(client, login_as, world, "0812-3456-7890")
    producer = make_user(email="yuliana@contoh.id")
    register_url = f"/account/register?next={claim}"
    links = _hrefs(client.get(register_url).get_data(as_text=True), "Masuk")
    assert all(_next_of(link) == [claim] for link in links)  # the header's and the page's
    login_url = links[-1]
    page = client.get(login_url).get_data(as_text=True)
    response = client.post(_form_action(page, login_url), data={
        "csrf_token": csrf_token(client, login_url), "email": producer.email, "password": PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == claim


def test_a_signed_in_visitor_on_the_register_page_is_sent_on(client, login_as, world):
    claim = _invite_path(client, login_as, world, "0812-3456-7890")
    login_as(world.buyer)
    response = client.get(f"/account/register?next={claim}")
    assert response.status_code == 303 and response.headers["Location"] == claim


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_registration_never_sends_anyone_off_site(client, target):
    register_url = f"/account/register?next={target}"
    page = client.get(register_url).get_data(as_text=True)
    response = client.post(_form_action(page, register_url),
                           data={"csrf_token": csrf_token(client, register_url), **NEW_ACCOUNT})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    signed_in = client.get(f"/account/register?next={target}")
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == "/"
