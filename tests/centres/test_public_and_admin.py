"""Centre pages for buyers, the complete-packaging mark, and the admin's side of centres."""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.admin.models import AuditEntry
from marketplace.catalog.display_models import FeaturedSection
from marketplace.catalog.models import Centre, CentreStaff, Product
from marketplace.extensions import cache
from marketplace.extensions import db as _db
from tests.conftest import submit
from tests.factories import make_product, make_user


def _set_score(product, score):
    from marketplace.catalog.services import bump_catalogue_version

    _db.session.execute(sa.update(Product).where(Product.id == product.id).values(packaging_score=score))
    bump_catalogue_version()  # as every service that changes the score does
    _db.session.commit()


def test_the_centre_page_lists_its_shops_and_products(client, world):
    page = client.get(f"/sentra/{world.centre.slug}").get_data(as_text=True)
    assert world.centre.name in page and "Tenun Mama Yuliana" in page and "Madu Kupang" in page
    assert "Sarung Tenun Amarasi" in page
    other = client.get(f"/sentra/{world.other_centre.slug}").get_data(as_text=True)
    assert "Sarung Tenun Amarasi" not in other
    index = client.get("/sentra/").get_data(as_text=True)
    assert world.centre.name in index and world.other_centre.name in index
    assert client.get("/sentra/tidak-ada").status_code == 404


def test_shop_and_product_pages_link_to_the_centre(client, world):
    shop = client.get(f"/sellers/{world.assisted.slug}").get_data(as_text=True)
    assert f'href="/sentra/{world.centre.slug}"' in shop and "Dikelola dengan bantuan" in shop
    coached = client.get(f"/sellers/{world.seller_shop.slug}").get_data(as_text=True)
    assert "Binaan" in coached
    product = client.get(f"/products/{world.product.slug}").get_data(as_text=True)
    assert f'href="/sentra/{world.centre.slug}"' in product


def test_the_complete_packaging_mark_follows_the_threshold(app, client, world):
    _set_score(world.product, 79)
    assert "Kemasan lengkap" not in client.get(f"/products/{world.product.slug}").get_data(as_text=True)
    _set_score(world.product, 80)
    assert "Kemasan lengkap" in client.get(f"/products/{world.product.slug}").get_data(as_text=True)
    assert "Kemasan lengkap" in client.get("/products").get_data(as_text=True)
    app.config["PACKAGING_COMPLETE_SCORE"] = 90
    # A setting changes with a restart (a new process, a new RELEASE): nothing kept survives
    # it, neither the shared cache nor the product cards this process kept (catalog/cards.py).
    cache.clear()
    app.extensions.pop("sentra.cards", None)
    assert "Kemasan lengkap" not in client.get("/products").get_data(as_text=True)


def test_buyers_filter_and_sort_by_packaging(client, world):
    low = make_product(world.assisted, name="Selimut Kurang Data")
    _set_score(low, 20)
    _set_score(world.product, 95)
    only = client.get("/products?well_packaged=1").get_data(as_text=True)
    assert "Sarung Tenun Amarasi" in only and "Selimut Kurang Data" not in only
    ranked = client.get("/products?sort=packaging").get_data(as_text=True)
    assert ranked.index("Sarung Tenun Amarasi") < ranked.index("Selimut Kurang Data")


def test_an_admin_sets_up_a_centre_and_appoints_staff(client, login_as, db):
    admin = make_user(email="admin@sentra.id", roles=[Role.ADMIN])
    helper = make_user(email="fransiska@contoh.id", name="Fransiska")
    login_as(admin)
    response = submit(client, "/admin/centres", {
        "name": "Sentra Tenun Belu", "kind": "sentra_umkm", "region": "Nusa Tenggara Timur / Belu",
        "address": "Atambua", "contact": "+6281200000000", "description": "Tenun tais."})
    assert response.status_code == 303
    centre = db.session.scalar(sa.select(Centre).where(Centre.name == "Sentra Tenun Belu"))
    assert (centre.province, centre.regency) == ("Nusa Tenggara Timur", "Belu")
    url = f"/admin/centres/{centre.id}"
    assert submit(client, f"{url}/staff", {"email": "tidak@ada.id"}, form_url=url).status_code == 422
    assert submit(client, f"{url}/staff", {"email": "Fransiska@contoh.id"}, form_url=url).status_code == 303
    db.session.expire_all()
    assert db.session.get(type(helper), helper.id).has_role(Role.CENTRE_STAFF)
    assert submit(client, url, {"name": "Sentra Tenun Tais Belu", "kind": "sentra_umkm",
                                "region": "Nusa Tenggara Timur / Belu"}).status_code == 303
    assert submit(client, url, {"name": "", "kind": "plut", "region": "x"}).status_code == 400
    assert submit(client, f"{url}/staff/remove", {"user_id": helper.id}, form_url=url).status_code == 303
    db.session.expire_all()
    assert not db.session.get(type(helper), helper.id).has_role(Role.CENTRE_STAFF)
    assert db.session.scalar(sa.select(sa.func.count(CentreStaff.id))) == 0
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["centre.create", "centre.appoint_staff", "centre.update", "centre.remove_staff"]


def test_staff_belong_to_one_centre(client, login_as, world):
    admin = world.admin
    login_as(admin)
    url = f"/admin/centres/{world.other_centre.id}"
    response = submit(client, f"{url}/staff", {"email": "petugas@sentra.id"}, form_url=url)
    assert response.status_code == 422 and "sentra lain" in response.get_data(as_text=True)


def test_only_well_packaged_products_join_the_packaging_section(client, login_as, world, db):
    section = db.session.scalar(sa.select(FeaturedSection).where(FeaturedSection.key == "kemasan"))
    url = f"/admin/curation/sections/{section.id}"
    login_as(world.admin)
    _set_score(world.product, 50)
    response = submit(client, f"{url}/entries", {"product_id": world.product.id}, form_url=url)
    assert response.status_code == 400 and "skor kemasan" in response.get_data(as_text=True)
    _set_score(world.product, 100)
    assert submit(client, f"{url}/entries", {"product_id": world.product.id}, form_url=url).status_code == 303
    assert "Sarung Tenun Amarasi" in client.get("/").get_data(as_text=True)
