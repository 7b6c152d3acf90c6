from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from marketplace.accounts.services import InvalidEmail, normalise_email
from marketplace.forms import FlaskForm

MIN_PASSWORD = 10


def _email(form, field) -> None:
    try:
        field.data = normalise_email(field.data or "")
    except InvalidEmail:
        raise ValidationError(_l("Enter an email address like nama@contoh.id.")) from None


def _password_strength(form, field) -> None:
    value = field.data or ""
    if len(value) < MIN_PASSWORD:
        raise ValidationError(_l("Use at least %(n)d characters.", n=MIN_PASSWORD))
    if len(value) > 200:
        raise ValidationError(_l("Use at most 200 characters."))
    if value.lower() == (getattr(form, "email", None) and (form.email.data or "").lower()):
        raise ValidationError(_l("Your password must not be your email address."))


class RegisterForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(), _email])
    password = PasswordField(_l("Password"), validators=[DataRequired(), _password_strength])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Remember me on this device"))


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("New password"), validators=[DataRequired(), _password_strength])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])


class ResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), _password_strength])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class EmailChangeForm(FlaskForm):
    email = EmailField(_l("New e-mail address"), validators=[DataRequired(), _email])
    password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
