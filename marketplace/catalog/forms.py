"""The catalogue's filter form: read from the query string, validated with clear messages."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, ValidationError

from marketplace import money
from marketplace.catalog import queries, regions
from marketplace.forms import FlaskForm

MAX_QUERY_LENGTH = 100

SORT_CHOICES = [
    (queries.Sort.NEWEST.value, _l("Newest")),
    (queries.Sort.PRICE_ASC.value, _l("Price: low to high")),
    (queries.Sort.PRICE_DESC.value, _l("Price: high to low")),
    (queries.Sort.PACKAGING.value, _l("Best packaging")),
    (queries.Sort.RATING.value, _l("Best rated")),
]


def clean_text(value: str | None, max_length: int = MAX_QUERY_LENGTH) -> str | None:
    """Trim, cut to length and drop control characters (PostgreSQL refuses NUL in text)."""
    if not value:
        return None
    cleaned = "".join(ch for ch in value if ch.isprintable() or ch == " ").strip()
    return cleaned[:max_length] or None


def _price(form, field) -> None:
    field.amount = None
    if not field.data:
        return
    try:
        amount = money.parse_idr(field.data)
    except money.InvalidAmount:
        raise ValidationError(_l("Enter a price in whole rupiah, e.g. 150000 or 150.000.")) from None
    if amount > form.meta.max_price:
        raise ValidationError(_l("That price is too high."))
    field.amount = amount


class CatalogFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: filtering changes nothing
        max_price = 10**12

    q = StringField(_l("Search"), filters=[clean_text])
    category = StringField(_l("Category"), filters=[clean_text])
    province = StringField(_l("Province"), filters=[clean_text])
    regency = StringField(_l("Regency"), filters=[clean_text])
    min_price = StringField(_l("Lowest price (Rp)"), validators=[_price])
    max_price = StringField(_l("Highest price (Rp)"), validators=[_price])
    in_stock = BooleanField(_l("In stock only"), false_values=("", "0", "false", "no", "off"))
    well_packaged = BooleanField(_l("Complete packaging only"),
                                 false_values=("", "0", "false", "no", "off"))
    sort = StringField(_l("Sort by"))  # rendered as a select of SORT_CHOICES

    def validate_category(self, field) -> None:
        field.category = None
        if field.data:
            field.category = queries.category_by_slug(field.data)
            if field.category is None:
                raise ValidationError(_l("There is no such category."))

    def validate_province(self, field) -> None:
        if field.data and regions.province(field.data) is None:
            raise ValidationError(_l("There is no such province in the store."))

    def validate_regency(self, field) -> None:
        if not field.data:
            return
        provinces = [regions.province(self.province.data)] if self.province.data else regions.PROVINCES
        if not any(p and field.data in p.regencies for p in provinces):
            raise ValidationError(_l("There is no such regency in the store."))

    def validate_max_price(self, field) -> None:
        low, high = getattr(self.min_price, "amount", None), getattr(field, "amount", None)
        if low is not None and high is not None and low > high:
            raise ValidationError(_l("The highest price must not be lower than the lowest."))

    def to_filter(self) -> queries.CatalogFilter:
        try:
            sort = queries.Sort(self.sort.data)
        except ValueError:
            sort = queries.Sort.NEWEST  # an unknown sort is not worth an error page
        return queries.CatalogFilter(
            category=getattr(self.category, "category", None),
            province=self.province.data or None,
            regency=self.regency.data or None,
            min_price=getattr(self.min_price, "amount", None),
            max_price=getattr(self.max_price, "amount", None),
            in_stock=bool(self.in_stock.data),
            min_packaging_score=(current_app.config["PACKAGING_COMPLETE_SCORE"]
                                 if self.well_packaged.data else None),
            query=self.q.data,
            sort=sort,
        )


def page_number(raw: str | None) -> int:
    """`page=-1`, `page=abc` or `page=` all mean the first page."""
    try:
        return max(1, min(int(raw or 1), 100_000))
    except ValueError:
        return 1
