"""Words shown for the centres' enum values, translatable."""
from flask_babel import lazy_gettext as _l

from marketplace.catalog.models import CentreKind
from marketplace.centres.models import ConsentMethod, ConsultationStatus, ConsultationTopic

CENTRE_KINDS = {
    CentreKind.SENTRA_UMKM: _l("UMKM marketing centre (sentra)"),
    CentreKind.PLUT: _l("PLUT-KUMKM business-service centre"),
    CentreKind.COOPERATIVE_OFFICE: _l("Cooperative and UMKM office"),
}

CONSENT_METHODS = {
    ConsentMethod.SIGNED_FORM: _l("Signed a paper form"),
    ConsentMethod.THUMBPRINT: _l("Thumbprint on a paper form"),
    ConsentMethod.VERBAL_WITNESSED: _l("Said so in person, before a witness"),
    ConsentMethod.PHONE_CALL: _l("Said so on a phone call"),
}

TOPICS = {
    ConsultationTopic.PACKAGING: _l("Packaging"),
    ConsultationTopic.PHOTOS: _l("Photos"),
    ConsultationTopic.PRICING: _l("Pricing"),
    ConsultationTopic.SHIPPING: _l("Shipping across the border"),
    ConsultationTopic.FOOD_LICENCE: _l("Food licences (P-IRT, BPOM, halal)"),
    ConsultationTopic.OTHER: _l("Something else"),
}

STATUSES = {
    ConsultationStatus.NEW: _l("New"),
    ConsultationStatus.IN_PROGRESS: _l("In progress"),
    ConsultationStatus.DONE: _l("Done"),
}

