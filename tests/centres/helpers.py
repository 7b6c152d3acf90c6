"""Builders for the centre tests: centres, their staff, assisted shops."""
from __future__ import annotations

import itertools

from marketplace.accounts.models import Role
from marketplace.catalog.models import Centre, CentreKind, CentreStaff
from marketplace.extensions import db
from tests.factories import make_shop, make_user

_seq = itertools.count(1)


def make_centre(name: str = "Sentra Tenun Ikat Kupang", kind: CentreKind = CentreKind.SENTRA_UMKM,
                province: str = "Nusa Tenggara Timur", regency: str = "Kupang") -> Centre:
    n = next(_seq)
    centre = Centre(name=name, slug=f"sentra-{n}", kind=kind, province=province, regency=regency,
                    address="Oelamasi", contact="+6281237001122",
                    description="Sentra pemasaran tenun ikat.")
    db.session.add(centre)
    db.session.commit()
    return centre


def make_staff(centre: Centre, email: str | None = None):
    user = make_user(email=email, name="Petugas Sentra", roles=[Role.CENTRE_STAFF])
    db.session.add(CentreStaff(centre_id=centre.id, user_id=user.id))
    db.session.commit()
    return user


def make_assisted_shop(centre: Centre, name: str = "Tenun Mama Yuliana"):
    shop = make_shop(name=name, owner=None)
    shop.centre_id = centre.id
    shop.is_assisted = True
    db.session.commit()
    return shop


def act_for(client, shop) -> None:
    from tests.conftest import submit

    response = submit(client, f"/centre/shops/{shop.id}/act", {}, form_url="/centre/")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def switch_user(client, login_as, user) -> None:
    """Log out whoever is signed in, then log in as `user`."""
    from tests.conftest import csrf_token

    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/sentra/")})
    login_as(user)
