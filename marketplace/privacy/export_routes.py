"""Download my data: thin handlers over privacy.export."""
from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.privacy import bp, export
from marketplace.privacy.forms import ConfirmForm
from marketplace.timeutil import utcnow


@bp.get("/account/data")
@login_required
def my_data():
    user = current_user._get_current_object()
    return render_template("privacy/my_data.html", form=ConfirmForm(),
                           exports=export.latest_exports(user))


@bp.post("/account/data/export")
@login_required
def export_data():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400, description=_("The form expired. Please try again."))
    user = current_user._get_current_object()
    if export.is_large(user):
        export.request_export(user)
        flash(_("Your download is being prepared. We will e-mail you a link when it is ready."),
              "success")
        return redirect(url_for("privacy.my_data"), code=303)
    name = f"sentra-data-{utcnow():%Y%m%d}.zip"
    response = send_file(io.BytesIO(export.zip_bytes(user)), mimetype="application/zip",
                         as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/account/data/exports/<int:export_id>")
@login_required
def download_export(export_id: int):
    prepared = export.ready_export(current_user._get_current_object(), export_id)
    if prepared is None:
        flash(_("That download has expired or is not yours. Ask for a new one."), "error")
        return redirect(url_for("privacy.my_data"), code=303)
    response = send_file(export.export_path(prepared), mimetype="application/zip",
                         as_attachment=True, download_name=f"sentra-data-{prepared.id}.zip")
    response.headers["Cache-Control"] = "no-store"
    return response
