"""The packaging score: how completely a listing shows its packaging and label (0-100).

A checklist that fits the product's kind (see shared/DOMAIN.md, "Packaging and labels"): every
listing needs a photo of the packed product, packed weight and dimensions, a packaging type and
a description; packaged food adds the label data the law asks for; tenun adds what makes a
cloth worth its price. Each missing item is a concrete step the seller (or the centre coaching
them) can take, worded in plain language. Pure: reads the product's loaded attributes, no
database, so it is tested item by item without one.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from marketplace.catalog.food_licences import InvalidLicence, normalise_licence
from marketplace.catalog.models import LicenceKind, Product, ProductKind


@dataclass(frozen=True)
class Step:
    """One checklist item: its key (stable, for tests and CSS), weight and what to do."""

    key: str
    weight: int
    todo: object  # a lazy translated string, or a function of the product giving one


@dataclass(frozen=True)
class Assessment:
    score: int
    missing: list[tuple[str, object]]  # (key, what to do as a lazy translated string), in order

    @property
    def missing_keys(self) -> list[str]:
        return [key for key, _ in self.missing]


def _active_variants(product: Product):
    return [v for v in product.variants if v.is_active] or list(product.variants)


def _every_variant(product: Product, test: Callable) -> bool:
    variants = _active_variants(product)
    return bool(variants) and all(test(v) for v in variants)


def _licence_is_valid(product: Product) -> bool:
    label = product.food_label
    if label is None or label.licence_kind == LicenceKind.NONE:
        return False
    try:
        normalise_licence(label.licence_kind, label.licence_number)
    except InvalidLicence:
        return False
    return True


def _licence_todo(product: Product):
    label = product.food_label
    kind = label.licence_kind if label is not None else LicenceKind.NONE
    if kind == LicenceKind.PIRT:
        return _l("The P-IRT number is incomplete (15 digits, e.g. 1234567890123-45)")
    if kind == LicenceKind.BPOM_MD:
        return _l("The BPOM MD number is incomplete (MD and 12 digits)")
    return _l("Add the P-IRT or BPOM MD number")


_GENERAL = [
    (Step("packaging_photo", 3, _l("Add a photo of the packaging")),
     lambda p: any(image.shows_packaging for image in p.images)),
    (Step("packed_weight", 2, _l("Enter the packed weight of every option")),
     lambda p: _every_variant(p, lambda v: bool(v.packed_weight_g))),
    (Step("dimensions", 2, _l("Enter the packed length, width and height")),
     lambda p: _every_variant(p, lambda v: v.has_dimensions)),
    (Step("packaging_type", 1, _l("Choose the packaging type")),
     lambda p: _every_variant(p, lambda v: v.packaging_type is not None)),
    (Step("packaging_description", 1, _l("Describe the packaging")),
     lambda p: _every_variant(p, lambda v: bool((v.packaging_description or "").strip()))),
]


def _food(test: Callable) -> Callable:
    return lambda p: p.food_label is not None and bool(test(p.food_label))


def _textile(test: Callable) -> Callable:
    return lambda p: p.textile is not None and bool(test(p.textile))


_FOOD = [
    (Step("ingredients", 1, _l("List the ingredients")),
     _food(lambda label: (label.ingredients or "").strip())),
    (Step("net_weight", 1, _l("Enter the net weight of every option")),
     lambda p: _every_variant(p, lambda v: bool(v.net_weight_g))),
    (Step("producer", 1, _l("Enter the producer's name and address")),
     _food(lambda label: (label.producer_name or "").strip() and (label.producer_address or "").strip())),
    (Step("licence", 2, _licence_todo), _licence_is_valid),
    (Step("halal", 1, _l("Add the halal certificate or self-declaration number")),
     _food(lambda label: label.is_halal and (label.halal_certificate or "").strip())),
    (Step("expiry", 1, _l("Enter the shelf life or the best-before date")),
     _food(lambda label: label.shelf_life_days or label.best_before)),
]

_TENUN = [
    (Step("motif", 1, _l("Name the motif")), _textile(lambda t: (t.motif or "").strip())),
    (Step("motif_meaning", 1, _l("Tell the meaning of the motif")),
     _textile(lambda t: (t.motif_meaning or "").strip())),
    (Step("weaver", 1, _l("Name the weaver")), _textile(lambda t: (t.weaver or "").strip())),
    (Step("threads_dyes", 1, _l("Describe the threads and the dyes")),
     _textile(lambda t: (t.threads or "").strip() and t.dyes is not None)),
    (Step("size", 1, _l("Enter the size of the cloth (length and width)")),
     _textile(lambda t: t.length_cm and t.width_cm)),
]


def checklist(kind: ProductKind) -> list[tuple[Step, Callable]]:
    extra = {ProductKind.FOOD: _FOOD, ProductKind.TEXTILE: _TENUN}.get(kind, [])
    return _GENERAL + extra


def assess(product: Product) -> Assessment:
    """The score (0-100, rounded down so that 100 means nothing is missing) and the steps left."""
    total = achieved = 0
    missing = []
    for step, is_done in checklist(product.kind):
        total += step.weight
        if is_done(product):
            achieved += step.weight
        else:
            todo = step.todo if isinstance(step.todo, LazyString) else step.todo(product)
            missing.append((step.key, todo))
    return Assessment(score=achieved * 100 // total, missing=missing)


def is_well_packaged(score: int, threshold: int) -> bool:
    return score >= threshold
