"""Download my data: everything the store holds about one person, as a ZIP of JSON (and CSV
where a spreadsheet helps), with their photos.

Each part of the download is a *section*: a name and a function from the user to rows. The
sections below cover what exists today (account, consent, saved addresses, orders, complaints
and their photos, favourites, messages about parcels, the shop with its products and photos).
Reviews a person wrote (or replied to for their shop) are added by privacy.review_data through
`register_section(...)`, and the download carries them without a change here.

A small account's download is built while the person waits; a large one (more orders than
DATA_EXPORT_INLINE_MAX_ORDERS) is queued, built by `flask --app wsgi privacy prepare-exports`
(cron) and announced by mail with a link that works for DATA_EXPORT_KEEP_DAYS.
"""
from __future__ import annotations

import io
import json
import logging
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from marketplace.accounts.models import User
from marketplace.catalog import favourites
from marketplace.catalog.photo_pipeline import original_name
from marketplace.catalog.media_storage import get_storage
from marketplace.catalog.models import Product, ProductImage, Shop
from marketplace.csvexport import rows_as_csv
from marketplace.extensions import db
from marketplace.aftersales import messages
from marketplace.aftersales.models import Complaint
from marketplace.mail import queue_mail
from marketplace.navigation import external_url
from marketplace.orders.models import Order, SavedAddress
from marketplace.privacy.consent import consent_history
from marketplace.privacy.models import DataExport, ExportStatus
from marketplace.timeutil import utcnow

log = logging.getLogger(__name__)


@dataclass
class Section:
    """One file (or two) of the download: `name.json`, and `name.csv` when `csv` is set."""

    name: str
    rows: Callable[[User], list[dict]]
    csv: bool = False
    photos: Callable[[User], list[tuple[str, str]]] = field(default=lambda user: [])


SECTIONS: list[Section] = []


def register_section(section: Section) -> None:
    """The extension point: a package holding more of a person's data adds a section."""
    SECTIONS[:] = [s for s in SECTIONS if s.name != section.name] + [section]


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _columns(obj, *skip: str) -> dict:
    return {column.key: _plain(getattr(obj, column.key))
            for column in sa.inspect(obj).mapper.column_attrs if column.key not in skip}


def _account(user: User) -> list[dict]:
    row = _columns(user, "password_hash", "verification_sent_at")
    row["roles"] = [role.role.value for role in user.roles]
    return [row]


def _consent(user: User) -> list[dict]:
    return [_columns(record, "user_id") for record in consent_history(user.id)]


def _addresses(user: User) -> list[dict]:
    return [_columns(a, "user_id") for a in db.session.scalars(
        sa.select(SavedAddress).where(SavedAddress.user_id == user.id).order_by(SavedAddress.id))]


def _orders_of(user: User):
    return db.session.scalars(sa.select(Order).where(Order.user_id == user.id).order_by(Order.id))


def _orders(user: User) -> list[dict]:
    rows = []
    for order in _orders_of(user):
        row = _columns(order, "stripe_session_id", "user_id")
        row["shipments"] = [
            {**_columns(s, "order_id"), "lines": [_columns(line, "order_id", "shipment_id")
                                                  for line in s.lines]}
            for s in order.shipments]
        rows.append(row)
    return rows


def _order_csv_rows(user: User) -> list[dict]:
    return [{"number": o.number, "created_at": _plain(o.created_at), "status": _plain(o.status),
             "total_idr": o.total_idr, "refunded_idr": o.refunded_idr,
             "payment_method": _plain(o.payment_method), "recipient": o.ship_recipient,
             "city": o.ship_city, "region": o.ship_region, "country": o.ship_country}
            for o in _orders_of(user)]


def _complaints_of(user: User):
    return db.session.scalars(sa.select(Complaint).join(Order, Complaint.order_id == Order.id)
                              .where(Order.user_id == user.id).order_by(Complaint.id))


def _complaints(user: User) -> list[dict]:
    return [{**_columns(c), "photos": [f"photos/complaints/{p.content_hash}.webp"
                                       for p in c.photos]}
            for c in _complaints_of(user)]


def _complaint_photos(user: User) -> list[tuple[str, str]]:
    return [(original_name(p.content_hash), f"photos/complaints/{p.content_hash}.webp")
            for c in _complaints_of(user) for p in c.photos]


def _favourites(user: User) -> list[dict]:
    return [{"product": f.product.name, "product_url": external_url(
                "catalog.product_detail", slug=f.product.slug),
             "added_at": _plain(f.created_at), "mail_when_back_or_cheaper": f.alerts}
            for f in favourites.user_favourites(user.id)]


def _messages(user: User) -> list[dict]:
    return [{"order": number, **_columns(message, "author_id"),
             "written_by_me": message.author_id == user.id}
            for message, number in messages.person_messages(user.id)]


def _shop_of(user: User) -> Shop | None:
    return db.session.scalar(sa.select(Shop).where(Shop.owner_id == user.id))


def _shop(user: User) -> list[dict]:
    shop = _shop_of(user)
    return [] if shop is None else [_columns(shop)]


def _products(user: User) -> list[dict]:
    shop = _shop_of(user)
    if shop is None:
        return []
    rows = []
    for product in db.session.scalars(sa.select(Product).where(Product.shop_id == shop.id)
                                      .order_by(Product.id)):
        for variant in product.variants:
            rows.append({"product_id": product.id, "product": product.name,
                         "status": _plain(product.status), "variant": variant.name,
                         "sku": variant.sku, "price_idr": variant.price_idr,
                         "stock": variant.stock})
    return rows


def _product_photos(user: User) -> list[tuple[str, str]]:
    shop = _shop_of(user)
    if shop is None:
        return []
    images = db.session.scalars(sa.select(ProductImage).join(Product)
                                .where(Product.shop_id == shop.id).order_by(ProductImage.id))
    return [(original_name(i.content_hash), f"photos/products/{i.product_id}-{i.id}.webp")
            for i in images]


for _section in (
    Section("account", _account),
    Section("consent", _consent),
    Section("addresses", _addresses, csv=True),
    Section("orders", _orders),
    Section("orders_summary", _order_csv_rows, csv=True),
    Section("complaints", _complaints, photos=_complaint_photos),
    Section("favourites", _favourites, csv=True),
    Section("messages", _messages),
    Section("shop", _shop),
    Section("products", _products, csv=True, photos=_product_photos),
):
    register_section(_section)


def _csv_text(rows: list[dict]) -> str:
    """The store's one CSV writer (formulas neutralised), with a BOM for Excel."""
    if not rows:
        return ""
    header = list(rows[0])
    return "".join(rows_as_csv(header, ([row.get(name) for name in header] for row in rows),
                               bom=True))


def write_zip(user: User, target) -> None:
    """Write the download for `user` to `target` (a path or a binary file object)."""
    storage = get_storage()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme())
        for section in SECTIONS:
            rows = section.rows(user)
            archive.writestr(f"{section.name}.json",
                             json.dumps(rows, ensure_ascii=False, indent=2, default=str))
            if section.csv:
                archive.writestr(f"{section.name}.csv", _csv_text(rows))
            for stored, inside in section.photos(user):
                try:
                    archive.writestr(inside, storage.read(stored))
                except (OSError, KeyError) as error:  # a photo gone from storage: say so
                    log.warning("Data export: photo %s unreadable: %s", stored, error)
                    archive.writestr(f"{inside}.missing.txt", "This photo could not be read.\n")


def _readme() -> str:
    return ("Sentra: everything the store holds about you, as JSON (and CSV for spreadsheets).\n"
            "Sentra: semua data Anda yang disimpan toko, dalam JSON (dan CSV untuk spreadsheet).\n"
            f"Made / dibuat: {utcnow().isoformat()} UTC\n")


def zip_bytes(user: User) -> bytes:
    buffer = io.BytesIO()
    write_zip(user, buffer)
    return buffer.getvalue()


def is_large(user: User) -> bool:
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Order)
                              .where(Order.user_id == user.id))
    return count > current_app.config["DATA_EXPORT_INLINE_MAX_ORDERS"]


def request_export(user: User) -> DataExport:
    """Queue a download for the background job; one waiting request per person is enough."""
    waiting = db.session.scalar(sa.select(DataExport).where(
        DataExport.user_id == user.id, DataExport.status == ExportStatus.PENDING))
    if waiting is not None:
        return waiting
    export = DataExport(user_id=user.id, status=ExportStatus.PENDING)
    db.session.add(export)
    db.session.commit()
    return export


def _export_dir() -> Path:
    path = Path(current_app.config["DATA_EXPORT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_path(export: DataExport) -> Path | None:
    if export.file_name is None:
        return None
    return _export_dir() / export.file_name


def ready_export(user: User, export_id: int) -> DataExport | None:
    """The person's own prepared download, while it is kept; None otherwise."""
    export = db.session.get(DataExport, export_id)
    if export is None or export.user_id != user.id or export.status != ExportStatus.READY:
        return None
    keep = timedelta(days=current_app.config["DATA_EXPORT_KEEP_DAYS"])
    if export.ready_at is None or export.ready_at + keep < utcnow():
        return None
    path = export_path(export)
    return export if path is not None and path.exists() else None


def latest_exports(user: User) -> list[DataExport]:
    return list(db.session.scalars(sa.select(DataExport).where(DataExport.user_id == user.id)
                                   .order_by(DataExport.id.desc()).limit(5)))


def prepare_pending(limit: int = 10) -> int:
    """Build the queued downloads and mail their links (the cron job); returns how many."""
    done = 0
    for export_id in list(db.session.scalars(sa.select(DataExport.id).where(
            DataExport.status == ExportStatus.PENDING).order_by(DataExport.id).limit(limit))):
        # Claimed with a conditional update, so two cron runs never build the same one.
        claimed = db.session.execute(sa.update(DataExport).where(
            DataExport.id == export_id, DataExport.status == ExportStatus.PENDING)
            .values(status=ExportStatus.BUILDING).execution_options(synchronize_session=False))
        db.session.commit()
        if claimed.rowcount != 1:
            continue
        export = db.session.get(DataExport, export_id)
        user = db.session.get(User, export.user_id)
        name = f"sentra-data-{user.id}-{export.id}-{os.urandom(8).hex()}.zip"
        try:
            write_zip(user, _export_dir() / name)
        except Exception as error:  # noqa: BLE001  (recorded and retried by hand, never lost)
            log.exception("Data export %s failed", export.id)
            export.status, export.error = ExportStatus.FAILED, str(error)[:300]
        else:
            export.status, export.file_name, export.ready_at = ExportStatus.READY, name, utcnow()
            _announce(user, export)
            done += 1
        db.session.commit()
    return done


def _announce(user: User, export: DataExport) -> None:
    link = external_url("privacy.download_export", export_id=export.id)
    days = current_app.config["DATA_EXPORT_KEEP_DAYS"]
    # Written in the store's language: the cron job has no page to take one from.
    queue_mail(user.email, _("Your Sentra data is ready to download"),
               _("Hello %(name)s,\n\nThe download of your data you asked for is ready. "
                 "Sign in and open this link (it works for %(days)d days):\n%(link)s\n\n"
                 "Sentra", name=user.name, days=days, link=link))


def remove_expired() -> int:
    """Delete downloads older than DATA_EXPORT_KEEP_DAYS (files and rows); returns how many."""
    cutoff = utcnow() - timedelta(days=current_app.config["DATA_EXPORT_KEEP_DAYS"])
    removed = 0
    for export in list(db.session.scalars(sa.select(DataExport).where(
            DataExport.requested_at < cutoff, DataExport.status != ExportStatus.PENDING))):
        path = export_path(export)
        if path is not None and path.exists():
            path.unlink()
        db.session.delete(export)
        removed += 1
    db.session.commit()
    return removed
