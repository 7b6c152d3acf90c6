"""The base of every form: WTForms' own messages in the page's language.

WTForms' built-in messages ("This field is required.", length and number ranges, "Not a valid
choice.") come from WTForms' own catalogues, which have no Indonesian: Flask-WTF's i18n alone
leaves them in English on Indonesian pages. These bases hand WTForms the project's catalogue
instead (Flask-Babel, so the language of the request or of `force_locale`), and the messages are
listed below so that `make extract-messages` puts them in `messages.po`.
Every form subclasses `FlaskForm` (a page's form, with CSRF) or `SubForm` (inside a `FormField`
or `FieldList`); tests/test_form_messages.py checks that none is built on the bare classes.
"""
from __future__ import annotations

import flask_wtf
import wtforms
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext


class CatalogueTranslations:
    """What WTForms asks of a translations object, answered from the project's catalogue.

    WTForms formats the message itself after translating it (`% dict(min=..., max=...)`), so
    this returns the translated text unformatted (Flask-Babel's `ngettext` would format it with
    `num` and fail on `%(min)d`)."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


_TRANSLATIONS = CatalogueTranslations()


class _CatalogueMeta:
    def get_translations(self, form):
        return _TRANSLATIONS


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form (CSRF token and all), speaking through the project's catalogue."""

    class Meta(_CatalogueMeta):
        pass


class SubForm(wtforms.Form):
    """A form inside another (`FormField`, `FieldList`): no CSRF token of its own."""

    class Meta(_CatalogueMeta):
        pass


# WTForms' messages (wtforms/locale/wtforms.pot) and Flask-WTF's file validators, listed for
# extraction only; tests/test_form_messages.py checks the list against WTForms' catalogue.
WTFORMS_MESSAGES = (
    _l("Invalid field name '%s'."),
    _l("Field must be equal to %(other_name)s."),
    lazy_ngettext("Field must be at least %(min)d character long.",
                  "Field must be at least %(min)d characters long.", 1),
    lazy_ngettext("Field cannot be longer than %(max)d character.",
                  "Field cannot be longer than %(max)d characters.", 1),
    lazy_ngettext("Field must be exactly %(max)d character long.",
                  "Field must be exactly %(max)d characters long.", 1),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid IP address."),
    _l("Invalid Mac address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
    _l("Not a valid choice."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    lazy_ngettext("'%(value)s' is not a valid choice for this field.",
                  "'%(value)s' are not valid choices for this field.", 1),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    # flask_wtf.file
    _l("File does not have an approved extension: {extensions}"),
    _l("File does not have an approved extension."),
)
