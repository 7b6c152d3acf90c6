from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from marketplace.catalog import regions
from marketplace.forms import FlaskForm
from marketplace.phone import InvalidPhone, normalise_indonesian_mobile
from marketplace.sellers.banks import BANKS

REGION_SEPARATOR = " / "


def region_choices(placeholder=None) -> list[SelectChoice]:
    choices = [SelectChoice("", placeholder or _l("Choose your regency"))]
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
    """A seller's own shop, in their words ("your shop")."""

    # The words around the fields (sellers/_shop_fields.html).
    texts = {
        "shop": _l("Your shop"),
        "payout": _l("Where we pay you"),
        "whatsapp_hint": _l("Sentra reaches you here; buyers too, if you choose below."),
        "show_whatsapp_hint": _l("Your product and shop pages then show a \"Chat via WhatsApp\" "
                                 "button that opens a chat with this number. Anyone can see it."),
    }
    region_placeholder = _l("Choose your regency")
    # The browser may fill in the person's own details (their phone, their organisation).
    own_details = True

    name = StringField(_l("Shop name"), validators=[DataRequired(), Length(min=3, max=80)])
    story = TextAreaField(
        _l("Your story"), validators=[Optional(), Length(max=3000)],
        description=_l("Who makes your products, where, and how. Buyers love to know."),
    )
    region = SelectField(_l("Regency"), validators=[DataRequired()])
    cooperative = StringField(_l("Cooperative (koperasi), if any"),
                              validators=[Optional(), Length(max=160)])
    whatsapp = StringField(_l("WhatsApp number"), validators=[DataRequired(), _whatsapp])
    # Off until the seller ticks it: a published number draws spam and strangers' calls, so
    # it is their choice to make (migrations/versions/0015_share.py).
    show_whatsapp = BooleanField(_l("Let buyers chat with me on WhatsApp"))
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
        self.region.choices = region_choices(self.region_placeholder)
        self.bank_name.choices = [SelectChoice("", _l("Choose a bank"))] + [
            SelectChoice(b, b) for b in BANKS
        ]
        if require_account_number:
            self.bank_account_number.validators = [DataRequired(), *self.bank_account_number.validators[1:]]
            self.bank_account_number.flags.required = True
            self.bank_account_number.description = ""

    # Whether a chat goes to the centre's number rather than the shop's (ProducerShopForm),
    # and that number as the centre gave it (set by the route that knows the centre).
    chat_via_centre = False
    centre_contact = ""

    def validate_show_whatsapp(self, field) -> None:
        if not (field.data and self.chat_via_centre):
            return  # the shop's own number is checked by its own field
        try:
            normalise_indonesian_mobile(self.centre_contact or "")
        except InvalidPhone:
            raise ValidationError(_l(
                "Your centre's contact on Sentra is not a mobile number, so buyers could not "
                "chat with it. Ask a Sentra admin to correct it, or leave this unticked.")) from None

    def filter_bank_account_number(self, value):
        return (value or "").replace(" ", "").replace("-", "").replace(".", "")


class ProducerShopForm(ShopForm):
    """The same shop as centre staff fill it in for a producer without a device: it speaks
    about the producer, and the WhatsApp number is optional (the producer may have no phone;
    the shop's mail goes to the centre's staff, catalog/recipients.py)."""

    texts = {
        "shop": _l("The producer's shop"),
        "payout": _l("Where the producer is paid"),
        "whatsapp_hint": _l("Leave it empty if the producer has no phone: Sentra then reaches "
                            "the shop through your centre."),
        "show_whatsapp_hint": _l("The shop's pages then show a \"Chat via WhatsApp\" button that "
                                 "opens a chat with your centre's number (its contact on Sentra), "
                                 "which answers for the producer."),
    }
    region_placeholder = _l("Choose the producer's regency")
    own_details = False  # the staff member's own phone is not the producer's
    labels = {
        "name": _l("Name of the producer's shop"),
        "story": _l("The producer's story"),
        "cooperative": _l("The producer's cooperative (koperasi), if any"),
        "whatsapp": _l("Producer's WhatsApp number (if any)"),
        "is_pkp": _l("The producer's business is a registered VAT payer (PKP)"),
        "show_whatsapp": _l("Let buyers chat with the centre on WhatsApp about this shop"),
    }
    chat_via_centre = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in self.labels.items():
            self[name].label.text = text
        self.story.description = _l("Who makes the products, where, and how. Buyers love to know.")
        self.whatsapp.validators = [Optional(), _whatsapp]
        self.whatsapp.flags.required = False
