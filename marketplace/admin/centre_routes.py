"""Marketing centres: list, create, edit, appoint and remove staff."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import EmailField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from marketplace.admin import bp, menu
from marketplace.admin import centres as service
from marketplace.admin.access import admin_required
from marketplace.catalog.models import CentreKind
from marketplace.centres.labels import CENTRE_KINDS
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.sellers.forms import REGION_SEPARATOR, RegionMixin, region_choices

menu.add(25, "admin.centres", _l("Marketing centres"))


class CentreForm(RegionMixin, FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=3, max=120)])
    kind = SelectField(_l("Kind"), validators=[DataRequired()],
                       choices=[SelectChoice(k.value, v) for k, v in CENTRE_KINDS.items()])
    region = SelectField(_l("Regency"), validators=[DataRequired()])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=255)])
    contact = StringField(_l("Contact (phone, WhatsApp or e-mail)"), validators=[Optional(), Length(max=160)])
    description = TextAreaField(_l("Short description"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = region_choices()

    def details(self) -> service.CentreDetails:
        province, regency = self.region_parts()
        return service.CentreDetails(name=self.name.data, kind=CentreKind(self.kind.data),
                                     province=province, regency=regency,
                                     address=self.address.data or "", contact=self.contact.data or "",
                                     description=self.description.data or "")


class StaffForm(FlaskForm):
    email = EmailField(_l("E-mail address of the account"), validators=[DataRequired(), Length(max=254)])


class RemoveStaffForm(FlaskForm):
    user_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])


def _centre_or_404(centre_id: int):
    centre = service.get_centre(centre_id)
    if centre is None:
        abort(404)
    return centre


def _ip() -> str:
    return request.remote_addr or ""


@bp.route("/centres", methods=["GET", "POST"])
@admin_required
def centres():
    form = CentreForm()
    if form.validate_on_submit():
        centre = service.create_centre(form.details(), actor=current_user, ip_address=_ip())
        flash(_("Centre %(name)s created. Appoint its staff below.", name=centre.name), "success")
        return redirect(url_for("admin.centre", centre_id=centre.id), code=303)
    status = 200 if request.method == "GET" else 400
    return render_template("admin/centres.html", centres=service.all_centres(), form=form), status


def _render_centre(centre, form=None, staff_form=None, status=200):
    if form is None:
        form = CentreForm(obj=centre)
        form.region.data = f"{centre.province}{REGION_SEPARATOR}{centre.regency}"
        form.kind.data = centre.kind.value
    return render_template("admin/centre.html", centre=centre, form=form,
                           staff_form=staff_form or StaffForm(), remove_form=RemoveStaffForm(),
                           staff=service.staff_of(centre)), status


@bp.route("/centres/<int:centre_id>", methods=["GET", "POST"])
@admin_required
def centre(centre_id: int):
    centre = _centre_or_404(centre_id)
    if request.method == "GET":
        return _render_centre(centre)
    form = CentreForm()
    if not form.validate_on_submit():
        return _render_centre(centre, form=form, status=400)
    service.update_centre(centre, form.details(), actor=current_user, ip_address=_ip())
    flash(_("Centre saved."), "success")
    return redirect(url_for("admin.centre", centre_id=centre.id), code=303)


@bp.post("/centres/<int:centre_id>/staff")
@admin_required
def appoint_staff(centre_id: int):
    centre = _centre_or_404(centre_id)
    form = StaffForm()
    if not form.validate_on_submit():
        return _render_centre(centre, staff_form=form, status=400)
    try:
        service.appoint_staff(centre, form.email.data, actor=current_user, ip_address=_ip())
    except service.NoSuchAccount:
        db.session.rollback()
        form.email.errors = [_("No account has this address. Ask the person to register first.")]
        return _render_centre(centre, staff_form=form, status=422)
    except service.StaffElsewhere:
        db.session.rollback()
        form.email.errors = [_("This person is staff of another centre. Remove them there first.")]
        return _render_centre(centre, staff_form=form, status=422)
    flash(_("Staff appointed."), "success")
    return redirect(url_for("admin.centre", centre_id=centre.id), code=303)


@bp.post("/centres/<int:centre_id>/staff/remove")
@admin_required
def remove_staff(centre_id: int):
    centre = _centre_or_404(centre_id)
    form = RemoveStaffForm()
    if not form.validate_on_submit():
        abort(400, description=_("Choose a staff member."))
    if not service.remove_staff(centre, form.user_id.data, actor=current_user, ip_address=_ip()):
        abort(404)
    flash(_("Staff removed."), "success")
    return redirect(url_for("admin.centre", centre_id=centre.id), code=303)
