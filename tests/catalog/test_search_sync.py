"""The index follows the database: queued in the change's transaction, applied after commit
by one writer at a time, rebuilt into a new directory, repaired when missing or damaged."""
from __future__ import annotations

import multiprocessing

import pytest
import sqlalchemy as sa

from marketplace.catalog import inventory, search
from marketplace.catalog.models import ProductStatus, SearchIndexQueue, StockReason
from marketplace.catalog.search import store
from marketplace.extensions import db as _db
from marketplace.sellers import listings
from marketplace.sellers.services import ShopDetails, update_shop
from tests.conftest import submit
from tests.factories import make_category, make_product, make_shop, make_user
from tests.orders.helpers import add, checkout, latest_order


def found(query: str, **filters) -> list[int]:
    return search.search_products(query, search.SearchFilters(**filters), per_page=100).ids


def queued() -> list[int]:
    return list(_db.session.scalars(sa.select(SearchIndexQueue.product_id)))


def new_listing(shop, category, name: str, stock: int = 3):
    from marketplace.sellers import photos
    from tests.factories import photo_bytes

    data = listings.ListingInput(name=name, category_id=category.id, description="Madu lebah kelulut.",
                                 variants=[listings.VariantInput(price_idr=95_000, stock=stock)])
    product = listings.create_listing(shop, data, actor_id=None)
    photos.add_photos(product, [("madu.jpg", photo_bytes())])  # it may then be published
    return product


def test_changes_reach_the_index_after_commit_through_the_queue(app, db, search_dir):
    shop = make_shop(name="KUB Lebah Sintang", province="Kalimantan Barat", regency="Sintang")
    honey = make_category("Madu", "Honey", kind="food")
    assert search.rebuild() == 0

    product = new_listing(shop, honey, "Madu Kelulut Ketungau")
    assert product.id in queued()  # written with the listing, in its transaction
    search.apply_pending()
    assert queued() == [] and found("kelulut") == []  # a draft is not for sale

    listings.change_status(product, ProductStatus.ACTIVE)
    assert found("kelulut") == []  # committed, not yet applied
    assert search.apply_pending() == 1
    assert found("kelulut") == [product.id]

    data = listings.ListingInput(name="Madu Hutan Ketungau", category_id=honey.id,
                                 variants=[listings.VariantInput(id=product.variants[0].id, price_idr=120_000)])
    listings.update_listing(product, data, actor_id=None)
    search.apply_pending()
    assert found("kelulut") == [] and found("madu hutan ketungau") == [product.id]

    inventory.adjust_stock(product.variants[0], -3, StockReason.CORRECTION, actor_id=None)
    db.session.commit()
    search.apply_pending()
    assert found("ketungau") == [product.id]  # a sold-out product is still shown...
    assert found("ketungau", in_stock=True) == []  # ...but not to a buyer asking for stock

    listings.change_status(product, ProductStatus.ARCHIVED)
    search.apply_pending()
    assert found("ketungau") == [] and queued() == []


def test_a_renamed_or_moved_shop_takes_its_products_with_it(app, db, search_dir, indexed):
    owner = make_user()
    shop = make_shop(name="Tenun Ina", owner=owner)
    product = make_product(shop, name="Sarung Futus")
    search.rebuild()
    update_shop(shop, ShopDetails(name="Sanggar Tenun Lakaan", story="", province="Nusa Tenggara Timur",
                                  regency="Belu", cooperative=None, whatsapp="+6281234567890",
                                  bank_name="BRI", bank_account_holder="Ina", bank_account_number=None,
                                  is_pkp=False))
    search.apply_pending()
    assert found("lakaan") == [product.id]
    assert indexed()[product.id]["regency"] == "Belu"


def test_a_rolled_back_change_queues_nothing(app, db, search_dir):
    product = make_product()
    db.session.execute(sa.delete(SearchIndexQueue))
    db.session.commit()
    product.status = ProductStatus.DRAFT
    search.index_products([product.id])
    db.session.rollback()
    assert queued() == []


def test_a_busy_writer_leaves_the_queue_for_later_and_nothing_fails(app, db, search_dir):
    search.rebuild()
    product = make_product(name="Kopi Robusta Keerom")
    with store.writer_lock(search_dir, blocking=True):  # another worker is writing
        assert search.apply_pending() == 0
        search.after_commit_reindex()  # what a route calls: no error, no wait
        assert queued() == [product.id]
        assert search.search_products("kopi").total == 0  # searching still works meanwhile
    assert search.apply_pending() == 1
    assert found("kopi") == [product.id] and queued() == []


def test_without_an_index_changes_wait_for_the_first_build(app, db, search_dir):
    product = make_product(name="Garam Krosok Besikama")
    assert search.apply_pending() == 0 and queued() == [product.id]
    assert found("garam") == [product.id]  # the first search builds the index from the database
    assert queued() == []


def _write_products(database_url, media_dir, index_dir, start, count, results):
    """In another process: add products one by one, each applied after its commit."""
    import itertools

    from tests import factories
    from tests.conftest import make_test_app

    factories._seq = itertools.count(start)  # slugs that do not clash with the other process
    app = make_test_app(database_url, media_dir, SEARCH_INDEX_DIR=index_dir)
    with app.app_context():
        shop = factories.make_shop()
        category = factories.make_category()
        for i in range(count):
            factories.make_product(shop, category, name=f"Tenun Paralel {start} {i}")
            search.apply_pending()
        _db.session.remove()
        _db.engine.dispose()
    results.put(start)


def test_two_processes_writing_at_once_both_succeed_and_lose_nothing(app, db, search_dir, database_url,
                                                                     media_dir):
    search.rebuild()
    db.session.remove()
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [context.Process(target=_write_products,
                               args=(database_url, media_dir, str(search_dir), start, 12, results))
               for start in (100_000, 200_000)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    assert sorted(results.get(timeout=5) for _ in workers) == [100_000, 200_000]
    search.apply_pending()  # cron: anything a process left behind (normally nothing)
    assert search.search_products("paralel").total == 24
    assert queued() == []


def test_reindex_builds_a_new_directory_and_swaps_it_in(app, db, search_dir):
    first = make_product(name="Noken Kulit Kayu")
    search.rebuild()
    served = store.current_generation(search_dir)
    second = make_product(name="Noken Anggrek")
    seen_during_rebuild = []

    def progress(done: int) -> None:
        # Mid-rebuild: the old index still answers, and the new product waits in the queue.
        seen_during_rebuild.append(sorted(found("noken")))

    assert search.rebuild(progress=progress) == 2
    assert seen_during_rebuild == [[first.id]]
    assert sorted(found("noken")) == sorted([first.id, second.id]) and queued() == []
    newer = store.current_generation(search_dir)
    assert newer != served and served.is_dir()  # the previous one stays for open searchers
    search.rebuild()
    assert not served.exists() and newer.is_dir()  # older ones are removed


def test_a_missing_or_damaged_index_is_rebuilt_on_the_next_search(app, db, search_dir):
    product = make_product(name="Lada Putih Bengkayang")
    search.rebuild()
    generation = store.current_generation(search_dir)
    for path in generation.iterdir():
        if path.suffix in (".toc", ".seg", ".trm", ".pst") or path.name.endswith(".json"):
            path.write_bytes(b"\x00garbage")
    store.forget_searcher()
    assert found("lada") == [product.id]
    assert store.current_generation(search_dir) != generation

    (search_dir / store.POINTER).write_text("g-that-is-gone")
    assert found("lada") == [product.id]

    app.config["SEARCH_STEMMER"] = "sastrawi"  # built with another stemmer: rebuilt too
    assert found("lada") == [product.id]


def test_while_another_process_builds_the_first_index_search_says_so(app, db, search_dir):
    make_product(name="Kopi Robusta")
    with store.writer_lock(search_dir, blocking=True):
        result = search.search_products("kopi")
    assert result.unavailable and result.total == 0


def test_cli_reindex_and_apply_pending(app, db, runner, search_dir):
    make_product(name="Gula Semut Aren")
    result = runner.invoke(args=["search", "apply-pending"])  # no index yet: builds one
    assert result.exit_code == 0, result.output
    make_product(name="Gula Aren Cetak")
    result = runner.invoke(args=["search", "apply-pending"])
    assert result.exit_code == 0 and "Applied 1 product change(s)." in result.output
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Indexed 2 product(s)." in result.output
    assert search.search_products("gula aren").total == 2


# --- the routes apply the queue after their commit ---------------------------------------

@pytest.fixture
def seller(client, db, login_as, search_dir):
    user = make_user(name="Yuliana")
    shop = make_shop(name="Tenun Belu", owner=user, regency="Belu")
    login_as(user)
    return shop


def test_seller_routes_update_the_index(client, seller, indexed):
    product = make_product(seller, name="Sarung Futus", stocks=[2], photos=1)
    search.rebuild()
    submit(client, f"/seller/products/{product.id}/status", {"action": "unpublish"},
           form_url="/seller/products")
    assert product.id not in indexed()
    submit(client, f"/seller/products/{product.id}/status", {"action": "publish"},
           form_url="/seller/products")
    assert indexed()[product.id]["in_stock"] == "1"
    submit(client, f"/seller/products/{product.id}/stock",
           {"variant_id": product.variants[0].id, "change": "-2", "reason": "correction"})
    assert indexed()[product.id]["in_stock"] == "0"


def test_checkout_and_cancel_update_the_index(client, db, search_dir, indexed):
    shop = make_shop(name="Tenun Ina Kupang", regency="Kupang")
    scarf = make_product(shop, make_category(), name="Selendang Tenun", prices=(350_000,), stocks=[2])
    search.rebuild()
    add(client, scarf.variants[0], 2)
    checkout(client)
    assert indexed()[scarf.id]["in_stock"] == "0"  # sold out by the order
    order = latest_order()
    submit(client, f"/orders/{order.number}/cancel", {}, form_url=f"/orders/{order.number}")
    assert indexed()[scarf.id]["in_stock"] == "1"


def test_admin_suspension_and_take_down_leave_the_search(app, db, search_dir):
    from marketplace.accounts.models import Role
    from marketplace.admin import moderation, shops

    admin = make_user(roles=(Role.ADMIN,))
    shop = make_shop(name="Songket Sambas Benang Emas", province="Kalimantan Barat", regency="Sambas")
    songket = make_product(shop, name="Kain Songket Tampuk Manggis")
    other = make_product(make_shop(), name="Songket Lain")
    search.rebuild()
    assert sorted(found("songket")) == sorted([songket.id, other.id])

    moderation.take_down(other, reason="Foto bukan milik penjual", actor=admin)
    assert found("songket") == [songket.id]  # applied right after the admin's commit
    shops.suspend(shop, reason="Laporan penipuan", actor=admin)
    assert found("songket") == []
    shops.reinstate(shop, actor=admin)
    assert found("songket") == [songket.id]


def test_a_rebuild_in_several_segments_searches_as_one(app, db, search_dir, indexed, monkeypatch):
    """A large rebuild writes a segment per SEGMENT_DOCUMENTS products; searches, facets and
    later edits see them as one index."""
    from marketplace.catalog.search import sync

    monkeypatch.setattr(sync, "SEGMENT_DOCUMENTS", 2)
    monkeypatch.setattr(sync, "BATCH", 1)
    belu = make_shop(name="Sanggar Ina", province="Nusa Tenggara Timur", regency="Belu")
    sambas = make_shop(name="KUB Sambas", province="Kalimantan Barat", regency="Sambas")
    products = [make_product(belu if n % 2 else sambas, name=f"Selendang Tenun Motif {n}",
                             prices=(100_000 + n,)) for n in range(5)]
    assert search.rebuild() == 5
    assert len(store.live_searcher().searcher.reader().leaf_readers()) == 3
    assert sorted(found("selendang tenun")) == sorted(p.id for p in products)
    result = search.search_products("tenun", search.SearchFilters(regency="Belu"), per_page=100)
    assert sorted(result.ids) == sorted(p.id for p in products if p.shop is belu)
    assert dict(result.facets["regency"]) == {"Belu": 2, "Sambas": 3}
    assert sorted(indexed()) == sorted(p.id for p in products)

    listings.change_status(products[4], ProductStatus.ARCHIVED)  # in the last segment
    search.apply_pending()
    assert sorted(found("selendang")) == sorted(p.id for p in products[:4])
