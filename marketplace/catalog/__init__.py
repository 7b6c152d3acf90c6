"""The catalogue: shops, categories, products, variants, photos, and the storefront pages."""
from flask import Blueprint

bp = Blueprint("catalog", __name__, template_folder="templates")


@bp.record_once
def _template_globals(state) -> None:
    def grams(value: int) -> str:
        from flask_babel import format_decimal, gettext

        if value >= 1000:
            return gettext("%(kg)s kg", kg=format_decimal(value / 1000, format="#,##0.##"))
        return gettext("%(g)s g", g=format_decimal(value))

    def chargeable_kg(variant) -> int:
        return chargeable_weight_kg(
            variant.packed_weight_g,
            variant.packed_length_cm,
            variant.packed_width_cm,
            variant.packed_height_cm,
        )

    def chargeable_weight_for(variant_form) -> int:
        return chargeable_weight_kg(
            variant_form.packed_weight_g.data,
            variant_form.packed_length_cm.data,
            variant_form.packed_width_cm.data,
            variant_form.packed_height_cm.data,
        )

    state.app.jinja_env.globals.update(
        chargeable_weight_for=chargeable_weight_for,
        packaging_labels=enum_labels.PACKAGING_TYPES,
        dye_labels=enum_labels.DYES,
        weaving_labels=enum_labels.WEAVING,
        licence_labels=enum_labels.LICENCES,
        stock_reason_labels=enum_labels.STOCK_REASONS,
        product_status_labels=enum_labels.PRODUCT_STATUSES,
        grams=grams,
        chargeable_kg=chargeable_kg,
        regencies_by_province=regions.regencies_by_province,
        product_card_of=cards.card,
    )


from marketplace.catalog import cards, enum_labels, favourite_routes, regions, routes, search_routes, share_routes  # noqa: E402,F401
from marketplace.catalog.packaging import chargeable_weight_kg  # noqa: E402
