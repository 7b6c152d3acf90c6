from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from marketplace.catalog import regions
from marketplace.forms import FlaskForm
from marketplace.phone import InvalidPhone, normalise_indonesian_mobile
from marketplace.sellers.banks import BANKS

REGION_SEPARATOR = " / "


def region_choices() -> list[SelectChoice]:
    choices = [SelectChoice("", _l("Choose your regency"))]
    for province in regions.PROVINCES:
        for regency in province.regencies:
            choices.append(SelectChoice(f"{province.name}{REGION_SEPARATOR}{regency}", regency,
                                        optgroup=province.name))
    return choices


def _whatsapp(form, field) -> None:
    try:
        field.data = normalise_indonesian_mobile(field.data or "")
    except InvalidPhone:
        raise ValidationError(
            _l("Enter an Indonesian mobile number, e.g. 0812-3456-7890 or +62 812 3456 7890.")
        ) from None


class RegionMixin:
    """A `region` select of "province / regency" (border regencies first), validated."""

    def region_parts(self) -> tuple[str, str]:
        province, _, regency = (self.region.data or "").partition(REGION_SEPARATOR)
        return province, regency

    def validate_region(self, field) -> None:
        if not regions.is_valid_region(*self.region_parts()):
            raise ValidationError(_l("Choose your regency from the list."))



class ShopForm(RegionMixin, FlaskForm):
    name = StringField(_l("Shop name"), validators=[DataRequired(), Length(min=3, max=80)])
    story = TextAreaField(
        _l("Your story"), validators=[Optional(), Length(max=3000)],
        description=_l("Who makes your products, where, and how. Buyers love to know."),
    )
    region = SelectField(_l("Regency"), validators=[DataRequired()])
    cooperative = StringField(_l("Cooperative (koperasi), if any"),
                              validators=[Optional(), Length(max=160)])
    whatsapp = StringField(_l("WhatsApp number"), validators=[DataRequired(), _whatsapp])
    bank_name = SelectField(_l("Bank"), validators=[DataRequired()])
    bank_account_holder = StringField(_l("Account holder's name"),
                                      validators=[DataRequired(), Length(max=120)])
    bank_account_number = StringField(
        _l("Account number"),
        validators=[Optional(), Regexp(r"^\d{6,20}$", message=_l("Use 6 to 20 digits, without spaces."))],
        description=_l("Leave empty to keep the account you have."),
    )
    is_pkp = BooleanField(_l("My business is a registered VAT payer (PKP)"))

    def __init__(self, *args, require_account_number: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = region_choices()
        self.bank_name.choices = [SelectChoice("", _l("Choose a bank"))] + [
            SelectChoice(b, b) for b in BANKS
        ]
        if require_account_number:
            self.bank_account_number.validators = [DataRequired(), *self.bank_account_number.validators[1:]]
            self.bank_account_number.flags.required = True
            self.bank_account_number.description = ""

    def filter_bank_account_number(self, value):
        return (value or "").replace(" ", "").replace("-", "").replace(".", "")
