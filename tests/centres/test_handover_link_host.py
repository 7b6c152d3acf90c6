"""A hand-over link (mailed to the producer, or shown to the staff to pass on) is on the store's
public address, whatever host the staff member's request named."""
from __future__ import annotations

import re

import sqlalchemy as sa

from marketplace.mail import OutboxMessage
from tests.centres.helpers import act_for
from tests.conftest import submit

PUBLIC = "https://sentra.example.id"


def test_a_hand_over_link_is_on_the_public_address(client, login_as, world, db, app):
    app.config["PUBLIC_BASE_URL"] = PUBLIC
    login_as(world.staff)
    act_for(client, world.assisted)
    client.environ_base["HTTP_X_FORWARDED_HOST"] = "evil.example"
    response = submit(client, f"/centre/shops/{world.assisted.id}/handover",
                      {"contact": "yuliana@contoh.id"}, form_url=f"/centre/shops/{world.assisted.id}")
    assert response.status_code == 200
    shown = re.search(r'value="(http[^"]+/centre/claim/[^"]+)"', response.get_data(as_text=True))
    assert shown.group(1).startswith(f"{PUBLIC}/centre/claim/")
    mail = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == "yuliana@contoh.id"))
    links = re.findall(r"https?://\S+", mail.body)
    assert links and all(link.startswith(PUBLIC) for link in links), mail.body
