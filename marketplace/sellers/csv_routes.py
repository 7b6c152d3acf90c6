"""CSV export and import of the seller's listings (the rules live in csv_io, csv_check and
csv_apply)."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from marketplace import csvexport
from marketplace.catalog import queries
from marketplace.forms import FlaskForm
from marketplace.sellers import bp, csv_apply, csv_io, listings
from marketplace.sellers.access import shop_required

# Problems listed on the page at most: a file wrong on every row is fixed the same way anyway.
MAX_ERRORS_SHOWN = 200


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))],
                     render_kw={"accept": ".csv,text/csv"})


@bp.get("/products.csv")
@shop_required
def export_products():
    filename = f"sentra-{g.shop.slug}-products.csv"  # shop slugs are ASCII letters, digits, "-"
    # The rows are read here, before the response streams them without a database session.
    return csvexport.csv_download(filename, csv_io.COLUMNS, csv_io.export_rows(g.shop))


@bp.route("/products/import", methods=["GET", "POST"])
@shop_required
def import_products():
    form = ImportForm()
    errors: list[csv_io.RowError] = []
    if form.validate_on_submit():
        # One byte more than allowed is enough to know the file is too large.
        data = form.file.data.read(csv_io.MAX_BYTES + 1)
        try:
            result = csv_apply.import_listings(g.shop, data, current_user.id)
        except csv_io.ImportRejected as rejected:
            errors = rejected.errors
        else:
            flash(_("%(updated)d updated, %(created)d new drafts",
                    updated=result.updated, created=result.created), "success")
            return redirect(url_for("sellers.products"), code=303)
    by_id = {c.id: c for c in queries.all_categories()}
    return render_template(
        "sellers/import.html", form=form,
        file_errors=[e for e in errors if e.row is None],
        row_errors=[e for e in errors if e.row is not None][:MAX_ERRORS_SHOWN],
        errors_not_shown=max(0, sum(e.row is not None for e in errors) - MAX_ERRORS_SHOWN),
        categories=[(c, by_id.get(c.parent_id)) for c in listings.leaf_categories()],
        columns=csv_io.COLUMNS, max_rows=csv_io.MAX_ROWS,
    ), 400 if request.method == "POST" else 200
