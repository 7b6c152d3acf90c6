from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from marketplace.forms import FlaskForm
from marketplace.orders.addresses import COUNTRIES


class AddressForm(FlaskForm):
    """Field names follow orders.addresses.Address; labels fit Indonesia and are explained per
    country on the page (e.g. kecamatan / posto administrativo)."""

    email = EmailField(_l("Email for the order"), validators=[Optional(), Length(max=254)])
    country = SelectField(_l("Country"))
    recipient = StringField(_l("Recipient's name"), validators=[Length(max=160)])
    phone = StringField(_l("Phone (for the courier)"), validators=[Length(max=30)])
    street = StringField(_l("Street, number, RT/RW"), validators=[Length(max=160)])
    village = StringField(_l("Desa/kelurahan (Indonesia), suco (Timor-Leste), kampong (Brunei)"),
                          validators=[Length(max=160)])
    district = StringField(_l("Kecamatan (Indonesia), posto administrativo (Timor-Leste), mukim (Brunei)"),
                           validators=[Length(max=160)])
    city = StringField(_l("Kabupaten/kota or city"), validators=[Length(max=160)])
    region = StringField(_l("Province, state, município or district"), validators=[Length(max=160)])
    postal_code = StringField(_l("Postcode"), validators=[Length(max=10)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [SelectChoice(code, label) for code, label in COUNTRIES.items()]

    def address_data(self) -> dict[str, str]:
        return {name: getattr(self, name).data or "" for name in (
            "country", "recipient", "phone", "street", "village", "district", "city", "region",
            "postal_code")}
