"""The listing form: product fields, the attributes of its kind, and its variants."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from marketplace import money
from marketplace.catalog import enum_labels
from marketplace.catalog.food_licences import InvalidLicence, normalise_licence
from marketplace.catalog.models import Dye, LicenceKind, PackagingType, Weaving
from marketplace.forms import FlaskForm, SubForm
from marketplace.sellers.listing_limits import (
    MAX_CM,
    MAX_GRAMS,
    MAX_OPTION_NAME,
    MAX_PACKAGING_DESCRIPTION,
    MAX_PRICE_IDR,
    MAX_SKU,
    MAX_STOCK,
    MIN_PRICE_IDR,
    NAME_LENGTH,
)
from marketplace.sellers.listings import (
    MAX_VARIANTS,
    FoodInput,
    ListingInput,
    TextileInput,
    VariantInput,
)


# The fields of each product kind that has its own (ProductKind values): the form shows only
# those of the chosen category's kind, and checks only those.
KIND_FIELDS = {
    "textile": ("motif", "motif_meaning", "weaver", "threads", "dyes", "dye_notes", "weaving",
                "length_cm", "width_cm", "weaving_days"),
    "food": ("ingredients", "producer_name", "producer_address", "licence_kind",
             "licence_number", "is_halal", "halal_certificate", "shelf_life_days",
             "best_before", "storage"),
}


def _enum_choices(mapping: dict, empty: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", empty)] if empty is not None else []
    return choices + [SelectChoice(key.value, label) for key, label in mapping.items()]


def _price(form, field) -> None:
    field.amount = None
    try:
        field.amount = money.parse_idr(field.data)
    except money.InvalidAmount:
        raise ValidationError(_l("Enter a price in whole rupiah, e.g. 150000 or 150.000.")) from None
    if field.amount < MIN_PRICE_IDR or field.amount > MAX_PRICE_IDR:
        raise ValidationError(_l("A price is between Rp1.000 and Rp1.000.000.000."))


def _grams(label):
    return IntegerField(label, validators=[Optional(), NumberRange(min=1, max=MAX_GRAMS)])


def _cm(label):
    return IntegerField(label, validators=[Optional(), NumberRange(min=1, max=MAX_CM)])


class VariantForm(SubForm):
    id = HiddenField()
    remove = BooleanField(_l("Remove this option"))
    name = StringField(_l("Option name"), validators=[Optional(), Length(max=MAX_OPTION_NAME)],
                       description=_l("e.g. 250 g, 500 g, or Sarung 180 × 70 cm"))
    sku = StringField(_l("SKU (your product code)"), validators=[Optional(), Length(max=MAX_SKU)])
    price = StringField(_l("Price (Rp)"), validators=[DataRequired(), _price])
    stock = IntegerField(_l("Stock"), validators=[Optional(), NumberRange(min=0, max=MAX_STOCK)])
    # The stock figure the seller saw when the form was opened: the edit is applied as the
    # difference, so a sale meanwhile is not overwritten.
    stock_seen = HiddenField()
    net_weight_g = _grams(_l("Net weight (g)"))
    packed_weight_g = _grams(_l("Packed weight (g)"))
    packed_length_cm = _cm(_l("Packed length (cm)"))
    packed_width_cm = _cm(_l("Packed width (cm)"))
    packed_height_cm = _cm(_l("Packed height (cm)"))
    packaging_type = SelectField(_l("Packaging type"), validators=[Optional()])
    packaging_description = TextAreaField(
        _l("Packaging description"), validators=[Optional(), Length(max=MAX_PACKAGING_DESCRIPTION)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.packaging_type.choices = _enum_choices(enum_labels.PACKAGING_TYPES, _l("Choose"))

    def validate_packed_weight_g(self, field) -> None:
        if field.data and self.net_weight_g.data and field.data < self.net_weight_g.data:
            raise ValidationError(_l("The packed weight includes the product: it cannot be less "
                                     "than the net weight."))


class ProductForm(FlaskForm):
    name = StringField(_l("Product name"),
                       validators=[DataRequired(), Length(min=NAME_LENGTH[0], max=NAME_LENGTH[1])])
    category = SelectField(_l("Category"), validators=[DataRequired()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    materials = StringField(_l("Materials"), validators=[Optional(), Length(max=255)])
    low_stock_threshold = IntegerField(_l("Warn me when stock falls to"), default=3,
                                       validators=[Optional(), NumberRange(min=0, max=10_000)])

    # Tenun
    motif = StringField(_l("Motif"), validators=[Optional(), Length(max=120)])
    motif_meaning = TextAreaField(_l("Meaning of the motif"), validators=[Optional(), Length(max=2000)])
    weaver = StringField(_l("Weaver"), validators=[Optional(), Length(max=120)])
    threads = StringField(_l("Threads"), validators=[Optional(), Length(max=160)])
    dyes = SelectField(_l("Dyes"), validators=[Optional()])
    dye_notes = StringField(_l("Dye notes"), validators=[Optional(), Length(max=200)])
    weaving = SelectField(_l("Weaving"), validators=[Optional()])
    length_cm = _cm(_l("Cloth length (cm)"))
    width_cm = _cm(_l("Cloth width (cm)"))
    weaving_days = IntegerField(_l("Days to weave"), validators=[Optional(), NumberRange(min=1, max=3650)])

    # Packaged food label
    ingredients = TextAreaField(_l("Ingredients"), validators=[Optional(), Length(max=2000)])
    producer_name = StringField(_l("Producer name"), validators=[Optional(), Length(max=160)])
    producer_address = StringField(_l("Producer address"), validators=[Optional(), Length(max=255)])
    licence_kind = SelectField(_l("Food licence"), validators=[Optional()])
    licence_number = StringField(_l("Licence number"), validators=[Optional(), Length(max=40)],
                                 description=_l("P-IRT: 15 digits, e.g. 1234567890123-45. BPOM: MD and 12 digits."))
    is_halal = BooleanField(_l("Halal"))
    halal_certificate = StringField(_l("Halal certificate number"), validators=[Optional(), Length(max=60)])
    shelf_life_days = IntegerField(_l("Shelf life (days)"), validators=[Optional(), NumberRange(min=1, max=3650)])
    best_before = DateField(_l("Best before"), validators=[Optional()])
    storage = StringField(_l("Storage"), validators=[Optional(), Length(max=200)])

    variants = FieldList(FormField(VariantForm), min_entries=1, max_entries=MAX_VARIANTS)

    def __init__(self, *args, category_choices: list[SelectChoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices
        self.dyes.choices = _enum_choices(enum_labels.DYES, _l("Choose"))
        self.weaving.choices = _enum_choices(enum_labels.WEAVING, _l("Choose"))
        self.licence_kind.choices = _enum_choices(enum_labels.LICENCES)

    @property
    def chosen_kind(self) -> str | None:
        """The kind (ProductKind value) of the category chosen, if any."""
        for choice in self.category.choices:
            if choice.value and choice.value == self.category.data:
                return (choice.render_kw or {}).get("data-kind")
        return None

    def validate(self, extra_validators=None) -> bool:
        """Fields of another kind than the chosen category's are hidden and ignored on saving
        (`to_listing_input` keeps them, `sellers.listings` applies the kind's own): what they
        hold cannot stop the form either."""
        super().validate(extra_validators)
        for kind, names in KIND_FIELDS.items():
            if kind != self.chosen_kind:
                for name in names:
                    self[name].errors = []
        return not self.errors

    def validate_licence_number(self, field) -> None:
        kind = LicenceKind(self.licence_kind.data or LicenceKind.NONE.value)
        if kind == LicenceKind.NONE:
            field.data = ""
            return
        try:
            field.data = normalise_licence(kind, field.data)
        except InvalidLicence:
            if kind == LicenceKind.PIRT:
                raise ValidationError(_l("A P-IRT number has 15 digits, written 1234567890123-45.")) from None
            raise ValidationError(_l("A BPOM number is MD followed by 12 digits.")) from None

    def validate_variants(self, field) -> None:
        kept = [entry for entry in field.entries if not entry.form.remove.data]
        if not kept:
            raise ValidationError(_l("A product needs at least one option with a price."))
        skus = [e.form.sku.data.strip().upper() for e in kept if e.form.sku.data]
        if len(skus) != len(set(skus)):
            raise ValidationError(_l("Each option needs its own SKU."))


def category_choices(categories, all_categories, locale: str) -> list[SelectChoice]:
    """The categories a product may be put in (`categories`, leaves), each under its parent's
    name (an <optgroup>) in the catalogue's order; a top category without children stands on
    its own. Each choice carries its kind (`data-kind`) for the script that shows its fields."""
    allowed = {c.id: c for c in categories}
    ordered = sorted(all_categories, key=lambda c: (c.position, c.id))
    children: dict[int, list] = {}
    for c in ordered:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    choices = [SelectChoice("", _l("Choose a category"))]
    for top in (c for c in ordered if c.parent_id is None):
        group = [top] if top.id in allowed else children.get(top.id, [])
        for c in group:
            if c.id in allowed:
                choices.append(SelectChoice(
                    str(c.id), c.name(locale), render_kw={"data-kind": c.default_kind.value},
                    optgroup=None if c is top else top.name(locale)))
    return choices


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def to_listing_input(form: ProductForm):
    """What the seller typed, as the listing service's input."""
    variants = []
    for entry in form.variants.entries:
        v = entry.form
        variants.append(VariantInput(
            id=_int_or_none(v.id.data), remove=bool(v.remove.data), name=(v.name.data or "").strip(),
            sku=(v.sku.data or "").strip(), price_idr=getattr(v.price, "amount", None) or 0,
            stock=v.stock.data, stock_seen=_int_or_none(v.stock_seen.data),
            net_weight_g=v.net_weight_g.data, packed_weight_g=v.packed_weight_g.data,
            packed_length_cm=v.packed_length_cm.data, packed_width_cm=v.packed_width_cm.data,
            packed_height_cm=v.packed_height_cm.data,
            packaging_type=PackagingType(v.packaging_type.data) if v.packaging_type.data else None,
            packaging_description=(v.packaging_description.data or "").strip(),
        ))
    kind = form.chosen_kind
    return ListingInput(
        name=form.name.data, category_id=int(form.category.data),
        description=form.description.data or "", materials=form.materials.data or "",
        low_stock_threshold=form.low_stock_threshold.data if form.low_stock_threshold.data is not None else 3,
        # Only the chosen kind's fields are read: the others were not checked (ProductForm.validate).
        textile=TextileInput(
            motif=form.motif.data or "", motif_meaning=form.motif_meaning.data or "",
            weaver=form.weaver.data or "", threads=form.threads.data or "",
            dyes=Dye(form.dyes.data) if form.dyes.data else None, dye_notes=form.dye_notes.data or "",
            weaving=Weaving(form.weaving.data) if form.weaving.data else None,
            length_cm=form.length_cm.data, width_cm=form.width_cm.data,
            weaving_days=form.weaving_days.data,
        ) if kind == "textile" else TextileInput(),
        food=FoodInput(
            ingredients=form.ingredients.data or "", producer_name=form.producer_name.data or "",
            producer_address=form.producer_address.data or "",
            licence_kind=LicenceKind(form.licence_kind.data or "none"),
            licence_number=form.licence_number.data or "", is_halal=bool(form.is_halal.data),
            halal_certificate=form.halal_certificate.data or "",
            shelf_life_days=form.shelf_life_days.data, best_before=form.best_before.data,
            storage=form.storage.data or "",
        ) if kind == "food" else FoodInput(),
        variants=variants,
    )


def fill_from_product(form: ProductForm, product) -> None:
    """Put a product's current values in the form (for editing)."""
    form.name.data = product.name
    form.category.data = str(product.category_id)
    form.description.data = product.description
    form.materials.data = product.materials
    form.low_stock_threshold.data = product.low_stock_threshold
    if product.textile:
        for name in ("motif", "motif_meaning", "weaver", "threads", "dye_notes", "length_cm",
                     "width_cm", "weaving_days"):
            getattr(form, name).data = getattr(product.textile, name)
        form.dyes.data = product.textile.dyes.value if product.textile.dyes else ""
        form.weaving.data = product.textile.weaving.value if product.textile.weaving else ""
    if product.food_label:
        for name in ("ingredients", "producer_name", "producer_address", "licence_number",
                     "is_halal", "halal_certificate", "shelf_life_days", "best_before", "storage"):
            getattr(form, name).data = getattr(product.food_label, name)
        form.licence_kind.data = product.food_label.licence_kind.value
    while form.variants.entries:
        form.variants.pop_entry()
    for variant in [v for v in product.variants if v.is_active]:
        form.variants.append_entry()
        v = form.variants.entries[-1].form
        v.id.data = str(variant.id)
        v.name.data, v.sku.data = variant.name, variant.sku
        v.price.data = str(variant.price_idr)
        v.stock.data, v.stock_seen.data = variant.stock, str(variant.stock)
        for name in ("net_weight_g", "packed_weight_g", "packed_length_cm", "packed_width_cm",
                     "packed_height_cm", "packaging_description"):
            getattr(v, name).data = getattr(variant, name)
        v.packaging_type.data = variant.packaging_type.value if variant.packaging_type else ""
