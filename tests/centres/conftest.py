from __future__ import annotations

from dataclasses import dataclass

import pytest

from marketplace.accounts.models import Role
from marketplace.centres.models import ConsultationTopic
from tests.centres.helpers import make_assisted_shop, make_centre, make_staff
from tests.factories import make_product, make_shop, make_user


@dataclass
class World:
    centre: object
    other_centre: object
    staff: object
    other_staff: object
    assisted: object
    product: object
    seller: object
    seller_shop: object
    other_seller: object
    buyer: object
    admin: object
    consultation: object


@pytest.fixture
def world(app, db):
    from marketplace.centres import consultations

    centre = make_centre()
    other = make_centre(name="PLUT-KUMKM Kalimantan Barat", province="Kalimantan Barat",
                        regency="Sanggau")
    staff = make_staff(centre, email="petugas@sentra.id")
    other_staff = make_staff(other, email="petugas@plut.id")
    assisted = make_assisted_shop(centre)
    product = make_product(assisted, name="Sarung Tenun Amarasi")
    seller = make_user(email="penjual@contoh.id", name="Penjual")
    seller_shop = make_shop(name="Madu Kupang", owner=seller)
    seller_shop.centre_id = centre.id
    other_seller = make_user(email="lain@contoh.id")
    make_shop(name="Toko Lain", owner=other_seller)
    buyer = make_user(email="pembeli@contoh.id")
    admin = make_user(email="admin@sentra.id", roles=[Role.ADMIN])
    db.session.commit()
    consultation = consultations.ask(seller_shop, centre, seller, ConsultationTopic.PACKAGING,
                                     "Bagaimana kemasan madu yang baik?")
    return World(centre, other, staff, other_staff, assisted, product, seller, seller_shop,
                 other_seller, buyer, admin, consultation)
