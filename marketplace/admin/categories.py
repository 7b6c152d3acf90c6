"""Categories, two levels: create, rename, reorder, move, delete.

Products sit only in categories without subcategories (the seller's form offers no others,
sellers.listings.leaf_categories), so a category that holds products cannot be given
subcategories, and products moved away from a deleted category go to such a category.
Every change commits together with its audit entry. Products whose category names or place
change are queued for the search index in the same transaction (their documents carry the
category and its parent); the routes apply the queue after the commit.
"""
from __future__ import annotations

import sqlalchemy as sa

from marketplace.admin import audit
from marketplace.catalog import search
from marketplace.catalog.models import Category, Product, ProductKind
from marketplace.catalog.services import bump_catalogue_version, unique_slug
from marketplace.errors import DomainError
from marketplace.extensions import db

_FIELDS = ("slug", "name_id", "name_en", "parent_id", "position", "default_kind")


class CategoryError(DomainError):
    pass


class TooDeep(CategoryError):
    """Only two levels: the parent would itself be a child, or the category has children."""


class HoldsProducts(CategoryError):
    """The would-be parent holds products of its own."""


class HasChildren(CategoryError):
    pass


class HasProducts(CategoryError):
    def __init__(self, count: int):
        super().__init__(f"{count} products")
        self.count = count


class BadTarget(CategoryError):
    """Products cannot be moved there (itself, or a category with subcategories)."""


# --- Reading -------------------------------------------------------------------------------

def all_categories() -> list[Category]:
    return list(db.session.scalars(sa.select(Category).order_by(Category.position, Category.id)))


def tree() -> list[tuple[Category, list[Category]]]:
    """Top categories in order, each with its children in order."""
    categories = all_categories()
    children: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id is not None:
            children.setdefault(category.parent_id, []).append(category)
    return [(c, children.get(c.id, [])) for c in categories if c.parent_id is None]


def product_counts() -> dict[int, int]:
    """Products of every status (drafts and archived ones too) per category."""
    return dict(db.session.execute(
        sa.select(Product.category_id, sa.func.count(Product.id)).group_by(Product.category_id)
    ).all())


def get(category_id: int) -> Category | None:
    # A larger number in a URL is no row (and would overflow SQLite's driver).
    return db.session.get(Category, category_id) if 0 < category_id <= 2**31 - 1 else None


def has_children(category: Category) -> bool:
    return db.session.scalar(
        sa.select(Category.id).where(Category.parent_id == category.id).limit(1)) is not None


def count_products(category: Category) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Product.id)).where(Product.category_id == category.id)) or 0


def possible_parents(category: Category | None = None) -> list[Category]:
    """Top categories a category may be put under: not itself, none holding products."""
    counts = product_counts()
    return [c for c in all_categories()
            if c.parent_id is None and (category is None or c.id != category.id)
            and not counts.get(c.id)]


def product_targets(category: Category) -> list[Category]:
    """Where a category's products may go: any other category without subcategories."""
    categories = all_categories()
    parents = {c.parent_id for c in categories if c.parent_id is not None}
    return [c for c in categories if c.id != category.id and c.id not in parents]


# --- Changing ------------------------------------------------------------------------------

def _reindex_products_under(category: Category) -> None:
    """Queue the products of the category and of its subcategories for the search index."""
    children = sa.select(Category.id).where(Category.parent_id == category.id)
    search.index_products(list(db.session.scalars(
        sa.select(Product.id).where(sa.or_(Product.category_id == category.id,
                                           Product.category_id.in_(children))))))


def _check_parent(parent_id: int | None, category: Category | None = None) -> Category | None:
    if parent_id is None:
        return None
    parent = db.session.get(Category, parent_id)
    if parent is None or (category is not None and parent.id == category.id):
        raise CategoryError("unknown parent")
    if parent.parent_id is not None:
        raise TooDeep("the parent is itself a subcategory")
    if count_products(parent):
        raise HoldsProducts("the parent holds products of its own")
    return parent


def _same_parent(parent_id: int | None):
    return Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id


def _last_position(parent_id: int | None) -> int:
    last = db.session.scalar(sa.select(sa.func.max(Category.position))
                             .where(_same_parent(parent_id)))
    return -1 if last is None else last


def create_category(name_id: str, name_en: str, *, parent_id: int | None = None,
                    default_kind: ProductKind = ProductKind.CRAFT, actor,
                    ip_address: str = "") -> Category:
    parent = _check_parent(parent_id)
    category = Category(slug=unique_slug(Category, name_id, max_length=70),
                        name_id=name_id.strip(), name_en=name_en.strip(),
                        parent_id=parent.id if parent else None,
                        position=_last_position(parent.id if parent else None) + 1,
                        default_kind=default_kind)
    db.session.add(category)
    db.session.flush()
    audit.record(actor, "category.create", "category", category.id,
                 after=audit.snapshot(category, *_FIELDS), ip_address=ip_address)
    bump_catalogue_version()
    db.session.commit()
    return category


def update_category(category: Category, name_id: str, name_en: str,
                    default_kind: ProductKind, *, actor, ip_address: str = "") -> Category:
    """New names (the slug, and so every link to the category, stays) and default kind."""
    before = audit.snapshot(category, *_FIELDS)
    renamed = (category.name_id, category.name_en) != (name_id.strip(), name_en.strip())
    category.name_id, category.name_en = name_id.strip(), name_en.strip()
    category.default_kind = default_kind
    if renamed:
        _reindex_products_under(category)
    audit.record(actor, "category.update", "category", category.id, before=before,
                 after=audit.snapshot(category, *_FIELDS), ip_address=ip_address)
    bump_catalogue_version()
    db.session.commit()
    return category


def _siblings(parent_id: int | None) -> list[Category]:
    return list(db.session.scalars(sa.select(Category).where(_same_parent(parent_id))
                                   .order_by(Category.position, Category.id)))


def reorder_category(category: Category, step: int, *, actor, ip_address: str = "") -> bool:
    """Swap with the sibling before (step -1) or after (+1); False at either end."""
    before = audit.snapshot(category, *_FIELDS)
    siblings = _siblings(category.parent_id)
    index = siblings.index(category)
    other = index + step
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    audit.record(actor, "category.reorder", "category", category.id, before=before,
                 after=audit.snapshot(category, *_FIELDS), ip_address=ip_address)
    bump_catalogue_version()
    db.session.commit()
    return True


def move_category(category: Category, parent_id: int | None, *, actor,
                  ip_address: str = "") -> Category:
    """Put the category under another top category, or make it a top category (the end of
    its new siblings either way)."""
    if parent_id == category.parent_id:
        return category
    if parent_id is not None and has_children(category):
        raise TooDeep("a category with subcategories cannot become one")
    parent = _check_parent(parent_id, category)
    before = audit.snapshot(category, *_FIELDS)
    category.parent_id = parent.id if parent else None
    category.position = _last_position(category.parent_id) + 1
    _reindex_products_under(category)
    audit.record(actor, "category.move", "category", category.id, before=before,
                 after=audit.snapshot(category, *_FIELDS), ip_address=ip_address)
    bump_catalogue_version()
    db.session.commit()
    return category


def delete_category(category: Category, *, move_products_to: int | None = None, actor,
                    ip_address: str = "") -> int:
    """Delete a category without subcategories. Its products, if any, must be moved first:
    with `move_products_to`, they are moved in the same transaction. Returns how many moved."""
    if has_children(category):
        raise HasChildren("move or delete its subcategories first")
    count = count_products(category)
    if count and move_products_to is None:
        raise HasProducts(count)
    before = audit.snapshot(category, *_FIELDS)
    moved = 0
    if count:
        target = db.session.get(Category, move_products_to)
        if target is None or target.id not in {c.id for c in product_targets(category)}:
            raise BadTarget("choose a category without subcategories")
        product_ids = list(db.session.scalars(
            sa.select(Product.id).where(Product.category_id == category.id)))
        moved = db.session.execute(
            sa.update(Product).where(Product.category_id == category.id)
            # A move by the marketplace is not the seller's edit: keep "last changed".
            .values(category_id=target.id, updated_at=Product.updated_at)
            .execution_options(synchronize_session="fetch")
        ).rowcount
        search.index_products(product_ids)
        audit.record(actor, "category.move_products", "category", category.id,
                     before={"category_id": category.id, "products": moved},
                     after={"category_id": target.id, "category": target.slug},
                     ip_address=ip_address)
    target_id = category.id
    db.session.delete(category)
    audit.record(actor, "category.delete", "category", target_id, before=before,
                 after={"products_moved": moved}, ip_address=ip_address)
    bump_catalogue_version()
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        # A seller put a product into it meanwhile (products refer to it, RESTRICT).
        db.session.rollback()
        raise HasProducts(count_products(category)) from None
    return moved
