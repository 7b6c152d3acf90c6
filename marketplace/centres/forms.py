from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from marketplace.centres.labels import CONSENT_METHODS, STATUSES, TOPICS
from marketplace.forms import FlaskForm
from marketplace.sellers.forms import ProducerShopForm
from marketplace.timeutil import utcnow


def _not_in_future(form, field) -> None:
    if field.data and field.data > utcnow().date():
        raise ValidationError(_l("The date cannot be in the future."))


class AssistedShopForm(ProducerShopForm):
    """The shop's details as staff give them for a producer, plus the producer's consent."""

    producer_name = StringField(_l("Producer's name"), validators=[DataRequired(), Length(max=120)])
    consent_method = SelectField(_l("How the producer agreed"), validators=[DataRequired()],
                                 choices=[SelectChoice("", _l("Choose"))]
                                 + [SelectChoice(k.value, v) for k, v in CONSENT_METHODS.items()])
    consent_date = DateField(_l("Date of the agreement"), validators=[DataRequired(), _not_in_future])
    witness = StringField(_l("Witness (optional)"), validators=[Optional(), Length(max=120)])
    consent_note = TextAreaField(_l("Where the signed form is kept, or other notes (optional)"),
                                 validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        # The payout account can be added later, with the producer.
        super().__init__(*args, require_account_number=False, **kwargs)


class HandoverForm(FlaskForm):
    contact = StringField(_l("Producer's e-mail address or mobile number"),
                          validators=[DataRequired(), Length(max=254)])


class ActionForm(FlaskForm):
    """Only the CSRF token: a button that does one thing."""


class ConsultationForm(FlaskForm):
    centre = SelectField(_l("Centre"), validators=[DataRequired()])
    topic = SelectField(_l("Topic"), validators=[DataRequired()],
                        choices=[SelectChoice(k.value, v) for k, v in TOPICS.items()])
    product = SelectField(_l("About a listing (optional)"), validators=[Optional()])
    message = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(max=4000)])


class MessageForm(FlaskForm):
    message = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=4000)])


class AnswerForm(FlaskForm):
    message = TextAreaField(_l("Answer"), validators=[DataRequired(), Length(max=4000)])
    status = SelectField(_l("Status after this answer"), validators=[DataRequired()],
                         choices=[SelectChoice(k.value, v) for k, v in STATUSES.items()])


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), validators=[DataRequired()],
                         choices=[SelectChoice(k.value, v) for k, v in STATUSES.items()])


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Internal note (the seller never sees it)"),
                         validators=[DataRequired(), Length(max=4000)])
