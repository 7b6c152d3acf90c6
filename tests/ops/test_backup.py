"""`flask backup` and `flask restore`: a backup brought back into a fresh database (SQLite, or
PostgreSQL with TEST_DATABASE_URL) holds the same orders, ledger balances and photos."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import boto3
import sqlalchemy as sa

from marketplace.catalog.models import ProductImage
from marketplace.extensions import db as _db
from marketplace.aftersales import escrow
from marketplace.ledger.models import LedgerEntry
from marketplace.orders.models import Order, Shipment
from tests.admin.helpers import paid_by_transfer, two_shop_products
from tests.catalog.test_media_s3 import s3_server  # noqa: F401  (fixture)
from tests.conftest import make_test_app, provisioned_database
from tests.factories import make_product
from tests.ledger.helpers import balances, ship_and_deliver


def store_facts(media_dir: Path) -> dict:
    """What must survive: orders, every shop's balances, the ledger's sums, the photo files."""
    _db.session.expire_all()
    orders = {o.number: (o.status.value, o.total_idr) for o in _db.session.scalars(sa.select(Order))}
    shop_ids = sorted({s.shop_id for s in _db.session.scalars(sa.select(Shipment))})
    images = list(_db.session.scalars(sa.select(ProductImage).order_by(ProductImage.id)))
    photos = {}
    for image in images:
        for path in media_dir.rglob(f"{image.content_hash}*"):
            photos[path.relative_to(media_dir).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return {
        "orders": orders,
        "balances": {shop_id: balances(shop_id) for shop_id in shop_ids},
        "ledger_total": _db.session.scalar(sa.select(sa.func.sum(LedgerEntry.amount_idr))),
        "ledger_entries": _db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)),
        "photos": photos,
    }


def a_store_with_money_and_photos(app):
    tenun, madu = two_shop_products()
    make_product(tenun.shop, name="Sarung Tenun", photos=2)
    order = paid_by_transfer(app, [tenun, madu])
    delivered = ship_and_deliver(order.shipments[0])
    escrow.confirm_receipt(delivered, user_id=None)
    _db.session.commit()
    paid_by_transfer(app, [madu])  # a second order, its money still held


def test_a_backup_restores_into_a_fresh_database_with_the_same_orders_money_and_photos(
        app, db, runner, media_dir, tmp_path):
    a_store_with_money_and_photos(app)
    before = store_facts(media_dir)
    assert len(before["orders"]) == 2 and len(before["photos"]) >= 2
    assert any(b["available"] > 0 for b in before["balances"].values())

    result = runner.invoke(args=["backup", "--to", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    folder, = (tmp_path / "backups").glob("sentra-*")
    assert "Backup written to" in result.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["revision"] == _db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
    assert manifest["database"]["backend"] == _db.engine.dialect.name
    dump = folder / manifest["database"]["path"]
    assert manifest["database"]["sha256"] == hashlib.sha256(dump.read_bytes()).hexdigest()
    assert manifest["database"]["size"] == dump.stat().st_size
    assert {f["path"] for f in manifest["media"]["files"]} >= {f"media/{p}" for p in before["photos"]}
    assert manifest["created_at"].endswith("+00:00")

    with provisioned_database("restored", tmp_path) as url:
        restored_media = tmp_path / "restored-media"
        fresh = make_test_app(url, restored_media)
        with fresh.app_context():
            result = fresh.test_cli_runner().invoke(args=["restore", str(folder)])
            assert result.exit_code == 0, result.output
            assert "Restored" in result.output
            after = store_facts(restored_media)
            assert after == before
            client = fresh.test_client()
            photo = next(iter(before["photos"]))
            with client.get(f"/media/{photo}") as served:
                assert served.status_code == 200
                assert hashlib.sha256(served.get_data()).hexdigest() == before["photos"][photo]
            number = next(iter(before["orders"]))
            assert _db.session.scalar(sa.select(Order).where(Order.number == number)) is not None
            _db.session.remove()
            _db.engine.dispose()


def test_restore_refuses_a_database_that_is_not_empty(app, db, runner, tmp_path):
    a_store_with_money_and_photos(app)
    assert runner.invoke(args=["backup", "--to", str(tmp_path)]).exit_code == 0
    folder, = tmp_path.glob("sentra-*")
    orders = _db.session.scalar(sa.select(sa.func.count()).select_from(Order))
    result = runner.invoke(args=["restore", str(folder)])
    assert result.exit_code != 0
    assert "The database is not empty" in result.output
    assert "Restore only goes into an empty database" in result.output
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == orders


def test_restore_refuses_a_damaged_backup(app, db, runner, tmp_path):
    assert runner.invoke(args=["backup", "--to", str(tmp_path)]).exit_code == 0
    folder, = tmp_path.glob("sentra-*")
    dump = next(folder.glob("database.*"))
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with provisioned_database("damaged", tmp_path) as url:
        fresh = make_test_app(url, tmp_path / "empty-media")
        with fresh.app_context():
            result = fresh.test_cli_runner().invoke(args=["restore", str(folder)])
            assert result.exit_code != 0
            assert "missing or damaged" in result.output
            assert sa.inspect(_db.engine).get_table_names() == []
            _db.engine.dispose()
    not_a_backup = runner.invoke(args=["restore", str(tmp_path)])
    assert not_a_backup.exit_code != 0 and "not a Sentra backup" in not_a_backup.output


def test_photos_in_a_bucket_are_listed_in_the_backup(s3_server, database_url, tmp_path):  # noqa: F811
    # A prefix of its own: the bucket is shared by the session's other S3 tests.
    prefix = f"backup-{tmp_path.name}"
    app = make_test_app(database_url, tmp_path / "media", MEDIA_STORAGE="s3",
                        S3_BUCKET="sentra-media", S3_ENDPOINT_URL=s3_server, S3_PREFIX=prefix)
    s3 = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    s3.put_object(Bucket="sentra-media", Key=f"{prefix}/abc123.webp", Body=b"photo")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "b")])
        assert result.exit_code == 0, result.output
        assert "a listing of 1 object(s)" in result.output
    folder, = (tmp_path / "b").glob("sentra-*")
    listing = json.loads((folder / "media-listing.json").read_text())
    assert listing["objects"] == [{"key": f"{prefix}/abc123.webp", "size": 5,
                                   "etag": hashlib.md5(b"photo").hexdigest()}]
    assert not (folder / "media").exists()
