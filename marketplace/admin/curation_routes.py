"""Home-page curation: sections and the products featured on them."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateTimeLocalField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from marketplace.admin import bp, curation, menu
from marketplace.admin.access import admin_required
from marketplace.extensions import db
from marketplace.forms import FlaskForm

menu.add(60, "admin.curation_index", _l("Home-page curation"))

# What a datetime-local input sends, and a plain date (midnight) from browsers without one.
_TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


class SectionForm(FlaskForm):
    title_id = StringField(_l("Title in Indonesian"), validators=[DataRequired(), Length(max=120)])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=120)])


class MoveForm(FlaskForm):
    direction = SelectField(validators=[InputRequired()], choices=[
        SelectChoice("up", _l("Up")), SelectChoice("down", _l("Down"))])

    @property
    def step(self) -> int:
        return -1 if self.direction.data == "up" else 1


class ActiveForm(FlaskForm):
    active = SelectField(choices=[SelectChoice("1", _l("Show")), SelectChoice("0", _l("Hide"))],
                         validators=[InputRequired()])


class WindowForm(FlaskForm):
    starts_at = DateTimeLocalField(_l("Show from"), format=_TIME_FORMATS, validators=[Optional()])
    ends_at = DateTimeLocalField(_l("Show until"), format=_TIME_FORMATS, validators=[Optional()])


class AddEntryForm(WindowForm):
    product_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])


class ActionForm(FlaskForm):
    """Only the CSRF token: a button that does one thing."""


def _ip() -> str:
    return request.remote_addr or ""


def _section_or_404(section_id: int):
    section = curation.get_section(section_id)
    if section is None:
        abort(404)
    return section


def _entry_or_404(entry_id: int):
    entry = curation.get_entry(entry_id)
    if entry is None:
        abort(404)
    return entry


def _to_section(section):
    return redirect(url_for("admin.curation_section", section_id=section.id), code=303)


def _render_index(form: SectionForm | None = None, status: int = 200):
    return render_template("admin/curation.html", sections=curation.sections(),
                           counts=curation.entry_counts(), form=form or SectionForm()), status


def _to_index():
    return redirect(url_for("admin.curation_index"), code=303)


@bp.get("/curation")
@admin_required
def curation_index():
    return _render_index()


@bp.post("/curation/sections")
@admin_required
def create_section():
    form = SectionForm()
    if not form.validate_on_submit():
        return _render_index(form, 400)
    section = curation.create_section(form.title_id.data, form.title_en.data, actor=current_user,
                                      ip_address=_ip())
    flash(_("Section “%(title)s” created. Add products to it.", title=section.title_id), "success")
    return _to_section(section)


@bp.post("/curation/sections/<int:section_id>/move")
@admin_required
def move_section(section_id: int):
    section = _section_or_404(section_id)
    form = MoveForm()
    if form.validate_on_submit():
        curation.move_section(section, form.step, actor=current_user, ip_address=_ip())
    return _to_index()


@bp.post("/curation/sections/<int:section_id>/active")
@admin_required
def set_section_active(section_id: int):
    section = _section_or_404(section_id)
    form = ActiveForm()
    if form.validate_on_submit():
        active = form.active.data == "1"
        curation.set_section_active(section, active, actor=current_user, ip_address=_ip())
        flash(_("“%(title)s” is shown on the home page.", title=section.title_id) if active else
              _("“%(title)s” is hidden from the home page.", title=section.title_id), "success")
    return _to_section(section) if request.form.get("back") == "section" else _to_index()


def _render_section(section, *, form: SectionForm | None = None, window_errors=None,
                    window_values=None, add_errors=None, status: int = 200):
    query = (request.args.get("q") or "").strip()[:100]
    return render_template(
        "admin/curation_section.html", section=section, entries=curation.entries_of(section),
        entry_state=curation.entry_state, store_time=curation.to_store_time,
        form=form or SectionForm(obj=section), query=query,
        found=curation.find_products(section, query) if query else [],
        window_errors=window_errors or {}, window_values=window_values or {},
        add_errors=add_errors or [],
    ), status


@bp.get("/curation/sections/<int:section_id>")
@admin_required
def curation_section(section_id: int):
    return _render_section(_section_or_404(section_id))


@bp.post("/curation/sections/<int:section_id>")
@admin_required
def rename_section(section_id: int):
    section = _section_or_404(section_id)
    form = SectionForm()
    if not form.validate_on_submit():
        return _render_section(section, form=form, status=400)
    curation.rename_section(section, form.title_id.data, form.title_en.data, actor=current_user,
                            ip_address=_ip())
    flash(_("Titles saved."), "success")
    return _to_section(section)


_WINDOW_MESSAGE = _l("The end must come after the start.")


@bp.post("/curation/sections/<int:section_id>/entries")
@admin_required
def add_entry(section_id: int):
    section = _section_or_404(section_id)
    form = AddEntryForm()
    if not form.validate_on_submit():
        return _render_section(section, add_errors=[_("Choose a product from the search results.")],
                               status=400)
    try:
        curation.add_entry(section, form.product_id.data,
                           starts_at=curation.to_utc(form.starts_at.data),
                           ends_at=curation.to_utc(form.ends_at.data),
                           actor=current_user, ip_address=_ip())
    except curation.CurationError as error:
        db.session.rollback()
        message = {
            curation.AlreadyInSection: _("That product is already in this section."),
            curation.NotWellPackaged: _("This section shows well-packaged products only: this "
                                        "product's packaging score is below %(score)d.",
                                        score=current_app.config["PACKAGING_COMPLETE_SCORE"]),
            curation.NotVisible: _("Only products buyers can see (for sale, not taken down, "
                                   "of an active shop) can be featured."),
            curation.WindowEndsBeforeStart: str(_WINDOW_MESSAGE),
        }.get(type(error), _("The product could not be added."))
        return _render_section(section, add_errors=[message], status=400)
    flash(_("Product added at the end of the section."), "success")
    return _to_section(section)


@bp.post("/curation/entries/<int:entry_id>/move")
@admin_required
def move_entry(entry_id: int):
    entry = _entry_or_404(entry_id)
    section = curation.section_of(entry)
    form = MoveForm()
    if form.validate_on_submit():
        curation.move_entry(entry, form.step, actor=current_user, ip_address=_ip())
    return _to_section(section) if section else _to_index()


@bp.post("/curation/entries/<int:entry_id>/window")
@admin_required
def schedule_entry(entry_id: int):
    entry = _entry_or_404(entry_id)
    section = curation.section_of(entry)
    form = WindowForm()
    if form.validate_on_submit():
        try:
            curation.schedule_entry(entry, curation.to_utc(form.starts_at.data),
                                    curation.to_utc(form.ends_at.data), actor=current_user,
                                    ip_address=_ip())
        except curation.WindowEndsBeforeStart:
            db.session.rollback()
            errors = [str(_WINDOW_MESSAGE)]
        else:
            flash(_("Dates saved."), "success")
            return _to_section(section) if section else _to_index()
    else:
        errors = [str(e) for field in (form.starts_at, form.ends_at) for e in field.errors] or [
            _("The form expired; try again.")]
    if section is None:
        abort(404)
    typed = (request.form.get("starts_at", "")[:20], request.form.get("ends_at", "")[:20])
    return _render_section(section, window_errors={entry.id: errors},
                           window_values={entry.id: typed}, status=400)


@bp.post("/curation/entries/<int:entry_id>/remove")
@admin_required
def remove_entry(entry_id: int):
    entry = _entry_or_404(entry_id)
    section = curation.section_of(entry)
    if ActionForm().validate_on_submit():
        curation.remove_entry(entry, actor=current_user, ip_address=_ip())
        flash(_("Product removed from the section."), "success")
    return _to_section(section) if section else _to_index()
