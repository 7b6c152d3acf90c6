"""Home-page curation: sections, entries and their windows, the cache, the audit trail, and
what the home page shows."""
import json
import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.admin import audit, curation
from marketplace.admin.models import AuditEntry
from marketplace.catalog.display_models import FeaturedEntry, FeaturedSection
from marketplace.catalog import featured
from marketplace.catalog.models import ProductStatus, ShopStatus, SiteSetting
from marketplace.timeutil import utcnow
from tests.conftest import make_test_app, submit
from tests.factories import make_category, make_product, make_shop, make_user


def text(response) -> str:
    return response.get_data(as_text=True)


def section_html(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def names_in(html: str) -> list[str]:
    return re.findall(r'class="card-title">([^<]+)<', html)


def home_names(client, heading_id: str = "featured-h") -> list[str]:
    html = text(client.get("/"))
    if f'id="{heading_id}"' not in html:
        return []
    return names_in(section_html(html, heading_id))


def section(key: str) -> FeaturedSection:
    from marketplace.extensions import db

    return db.session.scalar(sa.select(FeaturedSection).where(FeaturedSection.key == key))


def version() -> str | None:
    from marketplace.extensions import db

    return db.session.scalar(
        sa.select(SiteSetting.value).where(SiteSetting.key == "curation_version"))


@pytest.fixture
def admin(db):
    return make_user(email="kurator@sentra.id", roles=(Role.ADMIN,))


@pytest.fixture
def clock(monkeypatch):
    """The storefront's clock, set by the test."""

    class Clock:
        now = utcnow()

        def set(self, when: datetime) -> None:
            self.now = when

    c = Clock()
    monkeypatch.setattr(featured, "utcnow", lambda: c.now)
    return c


# --- Scheduling ------------------------------------------------------------------------------

def test_an_entry_shows_only_during_its_window_even_from_the_cache(client, db, admin, clock):
    start = datetime(2026, 12, 1, 1, 0)  # 08:00 in Jakarta
    end = datetime(2026, 12, 8, 1, 0)
    product = make_product(name="Selimut Futus Belu")
    curation.add_entry(section("home"), product.id, starts_at=start, ends_at=end, actor=admin)
    bumped = version()

    clock.set(start - timedelta(minutes=1))  # before
    assert home_names(client) == []
    clock.set(start)  # the first moment of the window
    assert home_names(client) == ["Selimut Futus Belu"]
    clock.set(end - timedelta(seconds=1))  # during
    assert home_names(client) == ["Selimut Futus Belu"]
    clock.set(end)  # after: the end is exclusive
    assert home_names(client) == []
    clock.set(end + timedelta(days=30))
    assert home_names(client) == []
    # All of that came from one cached curation: time alone changed what was shown.
    assert version() == bumped


def test_open_ended_windows(client, db, admin, clock):
    clock.set(datetime(2026, 12, 10, 12, 0))
    since = make_product(name="Madu Sejak")
    until = make_product(name="Madu Sampai")
    home = section("home")
    curation.add_entry(home, since.id, starts_at=datetime(2026, 12, 10, 0, 0), actor=admin)
    curation.add_entry(home, until.id, ends_at=datetime(2026, 12, 11, 0, 0), actor=admin)
    assert home_names(client) == ["Madu Sejak", "Madu Sampai"]
    clock.set(datetime(2026, 12, 9, 0, 0))
    assert home_names(client) == ["Madu Sampai"]
    clock.set(datetime(2026, 12, 12, 0, 0))
    assert home_names(client) == ["Madu Sejak"]


def test_a_window_must_end_after_it_starts(db, admin):
    product = make_product()
    start = datetime(2026, 12, 1, 0, 0)
    with pytest.raises(curation.WindowEndsBeforeStart):
        curation.add_entry(section("home"), product.id, starts_at=start, ends_at=start, actor=admin)
    entry = curation.add_entry(section("home"), product.id, actor=admin)
    with pytest.raises(curation.WindowEndsBeforeStart):
        curation.schedule_entry(entry, start, start - timedelta(hours=1), actor=admin)


def test_form_times_are_jakarta_time_stored_as_utc(client, db, admin, login_as):
    product = make_product(name="Kain Buna")
    entry = curation.add_entry(section("home"), product.id, actor=admin)
    login_as(admin)
    page = f"/admin/curation/sections/{section('home').id}"
    response = submit(client, f"/admin/curation/entries/{entry.id}/window",
                      {"starts_at": "2026-12-01T08:00", "ends_at": "2026-12-08T07:30"},
                      form_url=page)
    assert response.status_code == 303
    db.session.expire_all()
    entry = db.session.get(FeaturedEntry, entry.id)
    assert entry.starts_at == datetime(2026, 12, 1, 1, 0)  # WIB is UTC+7
    assert entry.ends_at == datetime(2026, 12, 8, 0, 30)
    # Shown back as it was typed, in Jakarta time.
    html = text(client.get(page))
    assert 'value="2026-12-01T08:00"' in html and 'value="2026-12-08T07:30"' in html
    # Emptying both fields removes the limits.
    submit(client, f"/admin/curation/entries/{entry.id}/window", {"starts_at": "", "ends_at": ""},
           form_url=page)
    db.session.expire_all()
    assert db.session.get(FeaturedEntry, entry.id).starts_at is None


def test_a_window_ending_before_it_starts_is_refused_next_to_the_field(client, db, admin, login_as):
    entry = curation.add_entry(section("home"), make_product().id, actor=admin)
    login_as(admin)
    page = f"/admin/curation/sections/{section('home').id}"
    response = submit(client, f"/admin/curation/entries/{entry.id}/window",
                      {"starts_at": "2026-12-08T08:00", "ends_at": "2026-12-01T08:00"},
                      form_url=page)
    assert response.status_code == 400
    html = text(response)
    assert f'id="window-error-{entry.id}"' in html and "after the start" in html
    assert 'value="2026-12-08T08:00"' in html  # what was typed is kept
    bad = submit(client, f"/admin/curation/entries/{entry.id}/window",
                 {"starts_at": "tomorrow", "ends_at": ""}, form_url=page)
    assert bad.status_code == 400
    db.session.expire_all()
    assert db.session.get(FeaturedEntry, entry.id).starts_at is None
    assert audit.entries(action="curation.entry_schedule") == []


# --- What the home page shows ---------------------------------------------------------------

def test_home_shows_each_active_section_in_order_with_its_titles(client, db, admin):
    ntt = make_shop(regency="Belu")
    kalbar = make_shop(province="Kalimantan Barat", regency="Sambas")
    tenun = make_product(ntt, name="Sarung Buna")
    songket = make_product(kalbar, name="Songket Sambas")
    pick = make_product(ntt, name="Selendang Pilihan")
    curation.add_entry(section("tenun-ntt"), tenun.id, actor=admin)
    curation.add_entry(section("kalbar"), songket.id, actor=admin)
    curation.add_entry(section("home"), pick.id, actor=admin)
    curation.move_section(section("kalbar"), -1, actor=admin)  # before tenun-ntt

    html = text(client.get("/"))
    order = [html.index(f'id="{h}"') for h in ("featured-h", "featured-kalbar-h",
                                                "featured-tenun-ntt-h")]
    assert order == sorted(order)
    assert '<h2 id="featured-tenun-ntt-h">Ikat weaving from NTT</h2>' in html  # English page
    assert '<h2 id="featured-h">Featured</h2>' in html
    assert names_in(section_html(html, "featured-kalbar-h")) == ["Songket Sambas"]
    assert 'aria-labelledby="featured-kalbar-h"' in html

    client.set_cookie("lang", "en")
    english = text(client.get("/"))
    assert '<h2 id="featured-tenun-ntt-h">Ikat weaving from NTT</h2>' in english
    assert '<h2 id="featured-kalbar-h">From West Kalimantan</h2>' in english


def test_sections_with_nothing_current_or_switched_off_are_not_shown(client, db, admin):
    product = make_product(name="Tas Anyaman")
    curation.add_entry(section("kalbar"), product.id, actor=admin,
                       starts_at=utcnow() + timedelta(days=3))
    curation.add_entry(section("tenun-ntt"), product.id, actor=admin)
    html = text(client.get("/"))
    assert 'id="featured-kalbar-h"' not in html  # its only entry is still to come
    assert 'id="featured-h"' not in html  # nothing curated at all
    assert 'id="featured-tenun-ntt-h"' in html
    curation.set_section_active(section("tenun-ntt"), False, actor=admin)
    assert 'id="featured-tenun-ntt-h"' not in text(client.get("/"))
    curation.set_section_active(section("tenun-ntt"), True, actor=admin)
    assert 'id="featured-tenun-ntt-h"' in text(client.get("/"))


def test_at_most_eight_per_section_in_the_curated_order(client, db, admin):
    shop, category = make_shop(), make_category()
    products = [make_product(shop, category, name=f"Kain {i:02d}") for i in range(10)]
    home = section("home")
    entries = [curation.add_entry(home, p.id, actor=admin) for p in products]
    curation.move_entry(entries[9], -1, actor=admin)
    shown = home_names(client)
    assert len(shown) == 8
    assert shown[:3] == ["Kain 00", "Kain 01", "Kain 02"]
    # Sold out, one further down takes its place.
    products[0].variants[0].stock = 0
    db.session.commit()
    from marketplace.catalog.services import refresh_product_summary

    refresh_product_summary(products[0].id)
    db.session.commit()
    assert home_names(client)[0] == "Kain 01" and len(home_names(client)) == 8


def test_archived_sold_out_taken_down_and_suspended_drop_out_without_invalidation(client, db,
                                                                                   admin):
    from marketplace.catalog.services import refresh_product_summary

    shop = make_shop()
    products = {name: make_product(shop if name != "Toko Tutup" else make_shop(), name=name)
                for name in ("Tetap", "Arsip", "Habis", "Diturunkan", "Toko Tutup")}
    for product in products.values():
        curation.add_entry(section("home"), product.id, actor=admin)
    assert home_names(client) == list(products)
    cached = version()

    products["Arsip"].status = ProductStatus.ARCHIVED
    products["Habis"].variants[0].stock = 0
    products["Diturunkan"].blocked_reason = "Foto menyesatkan"
    products["Toko Tutup"].shop.status = ShopStatus.SUSPENDED
    db.session.flush()
    refresh_product_summary(products["Habis"].id)
    db.session.commit()

    assert home_names(client) == ["Tetap"]
    assert version() == cached  # nobody told the cache: the products are read live
    # Restocked: back in its place, again without a curation change.
    products["Habis"].variants[0].stock = 4
    db.session.flush()
    refresh_product_summary(products["Habis"].id)
    db.session.commit()
    assert home_names(client) == ["Tetap", "Habis"]


def test_newest_products_still_show_beside_the_curation(client, db, admin):
    shop, category = make_shop(), make_category()
    old = make_product(shop, category, name="Lama Dikurasi")
    for i in range(9):
        make_product(shop, category, name=f"Baru {i}")
    curation.add_entry(section("home"), old.id, actor=admin)
    html = text(client.get("/"))
    assert names_in(section_html(html, "featured-h")) == ["Lama Dikurasi"]
    newest = names_in(section_html(html, "newest-h"))
    assert newest == [f"Baru {i}" for i in range(8, 0, -1)]


# --- The cache --------------------------------------------------------------------------------

def test_the_curation_is_cached_until_a_change_bumps_its_version(client, db, admin, count_queries):
    product = make_product(name="Kopi Liberika")
    other = make_product(name="Madu Kelulut")
    curation.add_entry(section("home"), product.id, actor=admin)
    client.get("/")  # fills the cache
    with count_queries() as counter:
        assert home_names(client) == ["Kopi Liberika"]
    assert not any("featured_sections" in s for s in counter.statements)
    assert counter.count <= 5

    curation.add_entry(section("home"), other.id, actor=admin)
    with count_queries() as counter:
        assert home_names(client) == ["Kopi Liberika", "Madu Kelulut"]
    assert any("featured_sections" in s for s in counter.statements)


def test_a_change_made_by_another_process_reaches_this_ones_cache(client, db, admin, database_url,
                                                                media_dir):
    product = make_product(name="Tenun Sotis")
    curation.add_entry(section("home"), product.id, actor=admin)
    assert home_names(client) == ["Tenun Sotis"]
    other = make_test_app(database_url, media_dir)  # another worker, its own memory
    with other.app_context():
        from marketplace.extensions import db as other_db

        home = other_db.session.scalar(
            sa.select(FeaturedSection).where(FeaturedSection.key == "home"))
        curation.set_section_active(home, False, actor=None)
        other_db.session.remove()
    assert home_names(client) == []


def test_without_a_stored_version_nothing_is_cached(client, db):
    # Rows written outside admin.curation (demo data, older tests) bump no version.
    product = make_product(name="Madu Hutan")
    assert version() is None
    assert home_names(client) == []
    db.session.add(FeaturedEntry(product=product, section="home"))
    db.session.commit()
    assert home_names(client) == ["Madu Hutan"]


def test_the_version_is_bumped_atomically(db):
    curation.bump_curation_version()
    curation.bump_curation_version()
    db.session.commit()
    curation.bump_curation_version()
    db.session.rollback()
    assert version() == "2"


# --- Every action is audited, in its own transaction -----------------------------------------

def test_every_curation_action_is_audited_and_bumps_the_version(db, admin):
    product = make_product()
    steps = [
        ("curation.section_create", lambda: curation.create_section(
            "Baru di Sentra", "New at Sentra", actor=admin, ip_address="10.0.0.7")),
        ("curation.section_rename", lambda: curation.rename_section(
            section("baru-di-sentra"), "Baru", "New", actor=admin)),
        ("curation.section_deactivate", lambda: curation.set_section_active(
            section("baru-di-sentra"), False, actor=admin)),
        ("curation.section_activate", lambda: curation.set_section_active(
            section("baru-di-sentra"), True, actor=admin)),
        ("curation.section_move", lambda: curation.move_section(
            section("baru-di-sentra"), -1, actor=admin)),
        ("curation.entry_add", lambda: curation.add_entry(
            section("baru-di-sentra"), product.id, actor=admin)),
        ("curation.entry_schedule", lambda: curation.schedule_entry(
            entry(), datetime(2026, 12, 1), datetime(2026, 12, 2), actor=admin)),
        ("curation.entry_remove", lambda: curation.remove_entry(entry(), actor=admin)),
    ]

    def entry():
        return db.session.scalar(
            sa.select(FeaturedEntry).where(FeaturedEntry.section == "baru-di-sentra"))

    for n, (action, step) in enumerate(steps, start=1):
        step()
        db.session.rollback()  # nothing left uncommitted: the step committed its own change
        [recorded] = audit.entries(action=action)
        assert recorded.actor_email == "kurator@sentra.id", action
        assert version() == str(n), action

    created = audit.entries(action="curation.section_create")[0]
    assert created.ip_address == "10.0.0.7" and created.target_id == "baru-di-sentra"
    assert json.loads(created.after)["title_en"] == "New at Sentra"
    renamed = audit.entries(action="curation.section_rename")[0]
    assert json.loads(renamed.before)["title_id"] == "Baru di Sentra"
    scheduled = audit.entries(action="curation.entry_schedule")[0]
    assert json.loads(scheduled.before)["starts_at"] is None
    assert json.loads(scheduled.after)["starts_at"] == "2026-12-01T00:00:00"
    removed = audit.entries(action="curation.entry_remove")[0]
    assert json.loads(removed.before)["product_id"] == product.id


def test_moving_past_either_end_changes_nothing_and_records_nothing(db, admin):
    first = curation.sections()[0]
    assert curation.move_section(first, -1, actor=admin) is False
    assert audit.entries(action="curation.section_move") == []
    assert version() is None


def test_a_failed_change_leaves_no_audit_entry(db, admin):
    product = make_product()
    curation.add_entry(section("home"), product.id, actor=admin)
    with pytest.raises(curation.AlreadyInSection):
        curation.add_entry(section("home"), product.id, actor=admin)
    db.session.rollback()
    draft = make_product(status=ProductStatus.DRAFT)
    with pytest.raises(curation.NotVisible):
        curation.add_entry(section("home"), draft.id, actor=admin)
    db.session.rollback()
    assert len(audit.entries(action="curation.entry_add")) == 1
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 1


# --- The admin pages --------------------------------------------------------------------------

def test_curating_through_the_pages(client, db, admin, login_as):
    make_product(name="Sarung Tenun Amarasi")
    make_product(name="Sarung Draf", status=ProductStatus.DRAFT)
    login_as(admin)
    index = text(client.get("/admin/curation"))
    assert "<caption>" in index and "Tenun ikat NTT" in index

    response = submit(client, "/admin/curation/sections",
                      {"title_id": "Baru", "title_en": "New"}, form_url="/admin/curation")
    assert response.status_code == 303
    new = section("baru")
    assert response.headers["Location"].endswith(f"/admin/curation/sections/{new.id}")
    page = f"/admin/curation/sections/{new.id}"

    found = text(client.get(page + "?q=sarung"))
    assert "Sarung Tenun Amarasi" in found and "Sarung Draf" not in found
    product_id = re.search(r'name="product_id" value="(\d+)"', found).group(1)
    response = submit(client, f"/admin/curation/sections/{new.id}/entries",
                      {"product_id": product_id}, form_url=page)
    assert response.status_code == 303
    assert "Sarung Tenun Amarasi" in text(client.get(page))
    # Already there: no longer offered, and refused if posted again.
    assert "Sarung Tenun Amarasi" not in text(client.get(page + "?q=sarung")).split('id="add-h"')[1]
    again = submit(client, f"/admin/curation/sections/{new.id}/entries",
                   {"product_id": product_id}, form_url=page)
    assert again.status_code == 400 and "already in this section" in text(again)

    assert names_in(section_html(text(client.get("/")), "featured-baru-h")) == [
        "Sarung Tenun Amarasi"]
    submit(client, f"/admin/curation/sections/{new.id}/active", {"active": "0"}, form_url=page)
    assert 'featured-baru-h' not in text(client.get("/"))

    entry_id = db.session.scalar(sa.select(FeaturedEntry.id).where(FeaturedEntry.section == "baru"))
    submit(client, f"/admin/curation/entries/{entry_id}/remove", {}, form_url=page)
    assert db.session.get(FeaturedEntry, entry_id) is None
    actions = [e.action for e in audit.entries()]
    assert actions == ["curation.entry_remove", "curation.section_deactivate",
                       "curation.entry_add", "curation.section_create"]


def test_forms_without_valid_data_are_refused_calmly(client, db, admin, login_as):
    login_as(admin)
    home = section("home")
    page = f"/admin/curation/sections/{home.id}"
    assert submit(client, "/admin/curation/sections", {"title_id": "", "title_en": ""},
                  form_url="/admin/curation").status_code == 400
    assert submit(client, f"/admin/curation/sections/{home.id}/entries", {"product_id": "x"},
                  form_url=page).status_code == 400
    assert submit(client, f"/admin/curation/sections/{home.id}/entries", {"product_id": "999"},
                  form_url=page).status_code == 400
    assert submit(client, f"/admin/curation/sections/{home.id}/move", {"direction": "sideways"},
                  form_url=page).status_code == 303
    assert client.post(f"/admin/curation/sections/{home.id}", data={
        "title_id": "Tanpa token", "title_en": "No token"}).status_code == 400
    assert client.get("/admin/curation/sections/999").status_code == 404
    assert client.get("/admin/curation/sections/" + "9" * 30).status_code == 404
    assert audit.entries() == []
    assert section("home").title_id == "Pilihan"


def test_entry_states_tell_the_admin_why_a_product_is_not_shown(client, db, admin, login_as):
    home = section("home")
    shown = make_product(name="Tampil")
    sold_out = make_product(name="Habis", stocks=[0])
    later = make_product(name="Nanti")
    for product in (shown, sold_out):
        curation.add_entry(home, product.id, actor=admin)
    curation.add_entry(home, later.id, starts_at=utcnow() + timedelta(days=1), actor=admin)
    login_as(admin)
    html = text(client.get(f"/admin/curation/sections/{home.id}"))
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert "Showing now" in rows[0]
    assert "sold out" in rows[1]
    assert "Scheduled" in rows[2]


def test_saving_unchanged_dates_records_nothing(db, admin):
    entry = curation.add_entry(section("home"), make_product().id, actor=admin,
                               starts_at=datetime(2026, 12, 1))
    bumped = version()
    curation.schedule_entry(entry, datetime(2026, 12, 1), None, actor=admin)
    assert audit.entries(action="curation.entry_schedule") == []
    assert version() == bumped


def test_many_sections_cost_no_more_queries(client, db, admin, count_queries):
    shop, category = make_shop(), make_category()
    for key in ("home", "tenun-ntt", "kalbar"):
        for _ in range(4):
            product = make_product(shop, category, photos=1)
            curation.add_entry(section(key), product.id, actor=admin)
    with count_queries() as cold:
        html = text(client.get("/"))
    assert all(f'id="{h}"' in html for h in ("featured-h", "featured-tenun-ntt-h",
                                              "featured-kalbar-h"))
    with count_queries() as warm:
        client.get("/")
    assert cold.count <= 6 and warm.count <= 5, (cold.statements, warm.statements)
