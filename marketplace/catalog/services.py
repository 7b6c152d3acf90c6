"""Rules about the catalogue: the summary a listing is filtered and sorted by, slugs, and the
catalogue version that the storefront's caches are keyed by."""
from __future__ import annotations

import sqlalchemy as sa
from slugify import slugify

from marketplace import aftercommit
from marketplace.catalog.models import Product, SiteSetting, Shop, Variant
from marketplace.catalog.versions import CATALOGUE_VERSION_KEY
from marketplace.extensions import db
from marketplace.timeutil import utcnow
from marketplace.catalog import favourites, search
from marketplace.catalog.packaging_quality import assess


def bump_catalogue_version() -> None:
    """Call in every transaction that changes what a shared storefront page shows: a product,
    its variants, stock, price or photos, a shop (name, story, region, verification,
    suspension), a category, a take-down, the display exchange rates; a feature that shows
    more on product cards or shop pages calls it where that data changes. Cached pages,
    fragments, counts and ETags then change as soon as the transaction commits.

    The bump itself is written just after the commit, in a transaction of its own
    (aftercommit.call_after_commit): bumped inside every stock-changing transaction, the one
    version row would stay locked until each checkout committed, and checkouts would run one
    at a time. Several calls in one transaction bump once; a rollback bumps nothing.
    """
    aftercommit.call_after_commit(CATALOGUE_VERSION_KEY, _increment_catalogue_version)


def _increment_catalogue_version(connection: sa.Connection) -> None:
    increment_setting(connection, CATALOGUE_VERSION_KEY)


def increment_setting(executor, key: str) -> None:
    """Add one to a counter in site_settings (created at 1): one atomic upsert, so two
    changes at the same moment give two versions, not one. `executor` is a session or a
    connection, whose transaction it joins."""
    from sqlalchemy.dialects import postgresql, sqlite

    table = SiteSetting.__table__
    now = utcnow()
    dialect = (getattr(executor, "dialect", None) or executor.get_bind().dialect).name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:  # pragma: no cover - the store runs on PostgreSQL or SQLite
        raise RuntimeError(f"no upsert for {dialect}")
    stmt = insert(table).values(key=key, value="1", updated_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"value": sa.cast(sa.cast(table.c.value, sa.BigInteger) + 1, sa.Text),
              "updated_at": now},
    )
    executor.execute(stmt)


def refresh_product_summary(product_ids: list[int] | int) -> None:
    """Recompute "price from" and "in stock" from the variants, inside the caller's transaction.

    A product is priced from its cheapest active variant and is in stock when any active
    variant is. Written as one UPDATE so it is safe next to concurrent stock changes.
    Nearly every change to a product passes here, so it also queues the product for the
    search index, in the same transaction (applied after commit: catalog.search.sync).
    """
    ids = [product_ids] if isinstance(product_ids, int) else list(product_ids)
    if not ids:
        return
    active = sa.and_(Variant.product_id == Product.id, Variant.is_active.is_(True))
    min_price = sa.select(sa.func.min(Variant.price_idr)).where(active).scalar_subquery()
    max_price = sa.select(sa.func.max(Variant.price_idr)).where(active).scalar_subquery()
    any_stock = sa.exists().where(active, Variant.stock > 0)
    db.session.execute(
        sa.update(Product)
        .where(Product.id.in_(ids))
        .values(
            price_from_idr=sa.func.coalesce(min_price, 0),
            price_to_idr=sa.func.coalesce(max_price, 0),
            in_stock=any_stock,
            # A summary refresh is not an edit: keep the listing's "last changed" time.
            updated_at=Product.updated_at,
        )
        .execution_options(synchronize_session=False)
    )
    for product in db.session.identity_map.values():
        if isinstance(product, Product) and product.id in ids:
            db.session.expire(product, ["price_from_idr", "price_to_idr", "in_stock"])

    favourites.notice_changes(ids)  # back in stock, or cheaper: mail who asked for it
    search.index_products(ids)
    bump_catalogue_version()


def refresh_packaging_scores(product_ids: list[int] | int) -> None:
    """Recompute the packaging score of these products, inside the caller's transaction.

    Called by every service that changes what the score reads: the listing (variants'
    packaging, tenun and label details), its photos, CSV imports, demo data. Like the price
    summary it does not count as an edit of the listing.
    """
    from sqlalchemy.orm import selectinload

    ids = [product_ids] if isinstance(product_ids, int) else list(product_ids)
    if not ids:
        return
    db.session.flush()
    products = db.session.scalars(
        sa.select(Product).where(Product.id.in_(ids))
        .options(selectinload(Product.variants), selectinload(Product.images),
                 selectinload(Product.textile), selectinload(Product.food_label))
        # Flushed above, so nothing unsaved is lost; collections loaded before a photo was
        # deleted or a variant added are read again.
        .execution_options(populate_existing=True)
    ).all()
    changed = False
    for product in products:
        score = assess(product).score
        if score != product.packaging_score:
            db.session.execute(
                sa.update(Product).where(Product.id == product.id)
                .values(packaging_score=score, updated_at=Product.updated_at)
                .execution_options(synchronize_session=False)
            )
            db.session.expire(product, ["packaging_score"])
            changed = True
    if changed:
        bump_catalogue_version()  # the "kemasan lengkap" mark, the filter and the sort


def photos_changed(product_id: int) -> None:
    """Call in every transaction that adds, removes, reorders or describes a product's photos.

    The product page shows them all and every product card its first, and the packaging
    score reads the packaging photo: both are brought up to date here, in the caller's
    transaction, so that no photo service can update one and forget the other (a photo added
    without a version bump stayed off cached pages until they expired).
    """
    refresh_packaging_scores(product_id)
    bump_catalogue_version()


def unique_slug(model: type[Product] | type[Shop], text: str, max_length: int = 120) -> str:
    """A URL slug from a name, made unique with a numeric suffix when taken."""
    # "Ina Bo'i" -> "ina-boi": an apostrophe joins, it does not split a word.
    base = slugify(text, max_length=max_length, replacements=[["'", ""], ["’", ""]]) or "item"
    taken = set(
        db.session.scalars(
            sa.select(model.slug).where(sa.or_(model.slug == base, model.slug.like(f"{base}-%")))
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
