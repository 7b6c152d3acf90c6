"""The mail the centres send, queued in the outbox inside the change's own transaction."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.catalog.models import Shop
from marketplace.catalog.recipients import centre_staff_emails, queue_shop_mail
from marketplace.centres.models import Consultation, HandoverInvite
from marketplace.extensions import db
from marketplace.mail import queue_mail
from marketplace.navigation import external_url

LOCALE = "id"  # mail goes out in Indonesian, the store's language


def handover_link(token: str) -> str:
    return external_url("centres.claim_shop", token=token)


def queue_handover_invite(invite: HandoverInvite, token: str) -> None:
    shop = db.session.get(Shop, invite.shop_id)
    with force_locale(LOCALE):
        queue_mail(invite.contact, _("Your shop %(shop)s on Sentra is ready for you", shop=shop.name),
                   _("%(centre)s has run the shop %(shop)s on Sentra for you. Open this link, log in "
                     "or create an account with this e-mail address, and take the shop over:\n\n"
                     "%(url)s\n\nThe link works once, for %(hours)d hours.\n\nSentra",
                     centre=shop.centre.name if shop.centre else "Sentra", shop=shop.name,
                     url=handover_link(token), hours=_hours(invite)))


def _hours(invite: HandoverInvite) -> int:
    return round((invite.expires_at - invite.created_at).total_seconds() / 3600)


def queue_reply_to_seller(consultation: Consultation) -> None:
    """The centre answered: whoever receives the shop's mail is told."""
    with force_locale(LOCALE):
        queue_shop_mail(
            consultation.shop_id,
            _("%(centre)s answered your question", centre=consultation.centre.name),
            _("%(centre)s has answered your request #%(number)d.\n\nRead it here: %(url)s"
              "\n\nSentra", centre=consultation.centre.name, number=consultation.id,
              url=external_url("centres.seller_consultation", consultation_id=consultation.id)))


def queue_message_to_centre(consultation: Consultation) -> None:
    """The seller asked or wrote again: the centre's staff are told."""
    with force_locale(LOCALE):
        for email in centre_staff_emails(consultation.centre_id):
            queue_mail(email, _("Request #%(number)d from %(shop)s", number=consultation.id,
                                shop=consultation.shop.name),
                       _("%(shop)s wrote to %(centre)s.\n\nAnswer here: %(url)s\n\nSentra",
                         shop=consultation.shop.name, centre=consultation.centre.name,
                         url=external_url("centres.consultation", consultation_id=consultation.id)))
