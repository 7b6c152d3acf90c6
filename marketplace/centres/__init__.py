"""Marketing centres' side: staff pages for their centre's shops, assisted onboarding and
hand-over, consultation requests (staff and seller pages)."""
from flask import Blueprint

bp = Blueprint("centres", __name__, template_folder="templates")


@bp.record_once
def _template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        centre_kind_labels=labels.CENTRE_KINDS, consent_method_labels=labels.CONSENT_METHODS,
        consultation_topic_labels=labels.TOPICS, consultation_status_labels=labels.STATUSES)


from marketplace.centres import consultation_routes, labels, routes  # noqa: E402,F401
