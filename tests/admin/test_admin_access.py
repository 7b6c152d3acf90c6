"""Every /admin route, tried by an anonymous visitor, a buyer, a seller and an admin.

The routes are read from the app itself, so a new admin page is covered without being listed.
"""
import re

import pytest

from marketplace.accounts.models import Role
from tests.conftest import csrf_token
from tests.factories import make_shop, make_user


def admin_rules(app):
    rules = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        url = re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rules.append((method.lower(), url))
    return rules


def call(client, method, url, token):
    if method == "get":
        return client.get(url)
    return client.post(url, data={"csrf_token": token})


def test_there_are_admin_routes(app):
    assert len(admin_rules(app)) >= 4


def test_anonymous_visitors_are_sent_to_log_in(client, app, db):
    token = csrf_token(client, "/account/login")
    for method, url in admin_rules(app):
        response = call(client, method, url, token)
        assert response.status_code == 302, (method, url)
        assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["buyer", "seller"])
def test_buyers_and_sellers_are_refused(client, app, db, login_as, who):
    user = make_user()
    if who == "seller":
        make_shop(owner=user)
    login_as(user)
    token = csrf_token(client, "/account/password")
    for method, url in admin_rules(app):
        assert call(client, method, url, token).status_code == 403, (method, url)


def test_admins_get_every_page(client, app, db, login_as):
    login_as(make_user(roles=(Role.ADMIN,)))
    for method, url in admin_rules(app):
        if method == "get" and "1" not in url:
            assert client.get(url).status_code == 200, url


def test_the_audit_log_cannot_be_changed(app, db):
    from marketplace.admin import audit
    from marketplace.admin.models import AuditEntry

    admin = make_user(roles=(Role.ADMIN,))
    entry = audit.record(admin, "test.thing", "shop", 1, before={"a": 1}, after={"a": 2})
    db.session.commit()
    entry.reason = "rewritten"
    with pytest.raises(audit.AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(audit.AuditLogIsAppendOnly):
        db.session.delete(db.session.get(AuditEntry, entry.id))
        db.session.commit()
    db.session.rollback()


def test_confirming_a_transfer_is_audited(client, app, db, login_as):
    from marketplace.admin import audit
    from tests.factories import make_product
    from tests.orders.helpers import add, checkout, latest_order

    buyer = app.test_client()
    add(buyer, make_product().variants[0])
    checkout(buyer)
    order = latest_order()
    admin = make_user(email="admin@sentra.id", roles=(Role.ADMIN,))
    login_as(admin)
    from tests.admin.helpers import confirm_transfer

    confirm_transfer(client, order, "BRI 777")
    [entry] = audit.entries(action="order.")
    assert entry.actor_email == "admin@sentra.id" and entry.target_id == order.number
    assert '"awaiting_payment"' in entry.before and '"paid"' in entry.after
    page = client.get("/admin/audit?action=order").get_data(as_text=True)
    assert order.number in page and "BRI 777" in page
