"""Categories: create, rename, reorder, move, delete (moving the products first)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from marketplace.admin import bp, categories, menu
from marketplace.admin.access import admin_required
from marketplace.admin.curation_routes import MoveForm
from marketplace.catalog.models import ProductKind
from marketplace.extensions import db
from marketplace.forms import FlaskForm
from marketplace.language import current_language

menu.add(70, "admin.category_index", _l("Categories"))

KIND_LABELS = {
    ProductKind.TEXTILE: _l("Textile (motif, weaver, size)"),
    ProductKind.FOOD: _l("Packaged food (label data)"),
    ProductKind.CRAFT: _l("Craft"),
    ProductKind.PRODUCE: _l("Farm produce"),
}


class CategoryForm(FlaskForm):
    name_id = StringField(_l("Name in Indonesian"), validators=[DataRequired(), Length(max=80)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=80)])
    default_kind = SelectField(
        _l("New products in it start as"), validators=[InputRequired()],
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()])


def _parent_choices(parents) -> list[SelectChoice]:
    lang = current_language()
    return [SelectChoice("", _l("Nowhere: a top category"))] + [
        SelectChoice(str(c.id), c.name(lang)) for c in parents]


class NewCategoryForm(CategoryForm):
    parent_id = SelectField(_l("Under"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_id.choices = _parent_choices(categories.possible_parents())


class MoveCategoryForm(FlaskForm):
    parent_id = SelectField(_l("Put it under"), validators=[Optional()])

    def __init__(self, category, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_id.choices = _parent_choices(categories.possible_parents(category))


class DeleteCategoryForm(FlaskForm):
    move_products_to = SelectField(_l("Move all its products to"), validators=[Optional()])

    def __init__(self, category, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_language()
        by_id = {c.id: c for c in categories.all_categories()}
        self.move_products_to.choices = [SelectChoice("", _l("Choose a category"))] + [
            SelectChoice(str(c.id), c.name(lang),
                         optgroup=by_id[c.parent_id].name(lang) if c.parent_id in by_id else None)
            for c in categories.product_targets(category)]


def _id_or_none(value: str | None) -> int | None:
    return int(value) if value else None


def _ip() -> str:
    return request.remote_addr or ""


def _message(error: categories.CategoryError) -> str:
    if isinstance(error, categories.TooDeep):
        return _("Categories have two levels only: a subcategory cannot have subcategories, "
                 "and a category with subcategories cannot become one.")
    if isinstance(error, categories.HoldsProducts):
        return _("That category holds products of its own, and products sit only in categories "
                 "without subcategories: move its products first.")
    if isinstance(error, categories.HasChildren):
        return _("It has subcategories: move or delete them first.")
    if isinstance(error, categories.HasProducts):
        return ngettext("It still holds %(num)d product: choose where to move it, then delete.",
                        "It still holds %(num)d products: choose where to move them, then delete.",
                        error.count)
    if isinstance(error, categories.BadTarget):
        return _("Choose a category without subcategories for its products.")
    return _("That category no longer exists.")


def _category_or_404(category_id: int):
    category = categories.get(category_id)
    if category is None:
        abort(404)
    return category


def _render_index(form: NewCategoryForm | None = None, status: int = 200):
    return render_template("admin/categories.html", tree=categories.tree(),
                           counts=categories.product_counts(), form=form or NewCategoryForm(),
                           kind_labels=KIND_LABELS), status


@bp.get("/categories")
@admin_required
def category_index():
    return _render_index()


@bp.post("/categories")
@admin_required
def create_category():
    form = NewCategoryForm()
    if not form.validate_on_submit():
        return _render_index(form, 400)
    try:
        category = categories.create_category(
            form.name_id.data, form.name_en.data, parent_id=_id_or_none(form.parent_id.data),
            default_kind=ProductKind(form.default_kind.data), actor=current_user,
            ip_address=_ip())
    except categories.CategoryError as error:
        db.session.rollback()
        form.parent_id.errors.append(_message(error))
        return _render_index(form, 400)
    flash(_("Category “%(name)s” created.", name=category.name_id), "success")
    return redirect(url_for("admin.category_index"), code=303)


@bp.post("/categories/<int:category_id>/reorder")
@admin_required
def reorder_category(category_id: int):
    category = _category_or_404(category_id)
    form = MoveForm()
    if form.validate_on_submit():
        categories.reorder_category(category, form.step, actor=current_user, ip_address=_ip())
    return redirect(url_for("admin.category_index"), code=303)


def _render_edit(category, *, form=None, move_form=None, delete_form=None, status: int = 200):
    return render_template(
        "admin/category_edit.html", category=category,
        parent=categories.get(category.parent_id) if category.parent_id else None,
        product_count=categories.count_products(category),
        has_children=categories.has_children(category),
        form=form or CategoryForm(obj=category, default_kind=category.default_kind.value),
        move_form=move_form or MoveCategoryForm(
            category, parent_id=str(category.parent_id or "")),
        delete_form=delete_form or DeleteCategoryForm(category),
    ), status


@bp.get("/categories/<int:category_id>")
@admin_required
def edit_category(category_id: int):
    return _render_edit(_category_or_404(category_id))


@bp.post("/categories/<int:category_id>")
@admin_required
def update_category(category_id: int):
    category = _category_or_404(category_id)
    form = CategoryForm()
    if not form.validate_on_submit():
        return _render_edit(category, form=form, status=400)
    categories.update_category(category, form.name_id.data, form.name_en.data,
                               ProductKind(form.default_kind.data), actor=current_user,
                               ip_address=_ip())
    flash(_("Category saved."), "success")
    return redirect(url_for("admin.edit_category", category_id=category.id), code=303)


@bp.post("/categories/<int:category_id>/move")
@admin_required
def move_category(category_id: int):
    category = _category_or_404(category_id)
    form = MoveCategoryForm(category)
    if not form.validate_on_submit():
        return _render_edit(category, move_form=form, status=400)
    try:
        categories.move_category(category, _id_or_none(form.parent_id.data), actor=current_user,
                                 ip_address=_ip())
    except categories.CategoryError as error:
        db.session.rollback()
        form.parent_id.errors.append(_message(error))
        return _render_edit(category, move_form=form, status=400)
    flash(_("Category moved."), "success")
    return redirect(url_for("admin.edit_category", category_id=category.id), code=303)


@bp.post("/categories/<int:category_id>/delete")
@admin_required
def delete_category(category_id: int):
    category = _category_or_404(category_id)
    form = DeleteCategoryForm(category)
    if not form.validate_on_submit():
        return _render_edit(category, delete_form=form, status=400)
    name = category.name_id
    try:
        moved = categories.delete_category(
            category, move_products_to=_id_or_none(form.move_products_to.data),
            actor=current_user, ip_address=_ip())
    except categories.CategoryError as error:
        db.session.rollback()
        form.move_products_to.errors.append(_message(error))
        return _render_edit(category, delete_form=form, status=400)
    if moved:
        flash(ngettext("%(num)d product moved; category “%(name)s” deleted.",
                       "%(num)d products moved; category “%(name)s” deleted.", moved, name=name),
              "success")
    else:
        flash(_("Category “%(name)s” deleted.", name=name), "success")
    return redirect(url_for("admin.category_index"), code=303)
