"""Consent: which version of the privacy notice and terms a person accepted, and when.

The versions in force are settings (PRIVACY_NOTICE_VERSION, TERMS_VERSION): an operator who
changes a text raises its version, and every account is asked again at its next sign-in.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.privacy.models import ConsentRecord, Document
from marketplace.timeutil import utcnow


def current_versions() -> dict[str, str]:
    return {Document.PRIVACY: current_app.config["PRIVACY_NOTICE_VERSION"],
            Document.TERMS: current_app.config["TERMS_VERSION"]}


def missing_consent(user: User) -> list[str]:
    """The documents whose current version `user` has not accepted."""
    versions = current_versions()
    accepted = set(db.session.execute(
        sa.select(ConsentRecord.document, ConsentRecord.version)
        .where(ConsentRecord.user_id == user.id)).all())
    return [document for document, version in versions.items()
            if (document, version) not in accepted]


def record_consent(user: User) -> None:
    """`user` accepts the current versions (in the caller's transaction)."""
    now = utcnow()
    for document in missing_consent(user):
        db.session.add(ConsentRecord(user_id=user.id, document=document,
                                     version=current_versions()[document], accepted_at=now))


def accept_for_demo_accounts() -> None:
    """The demo store's made-up people have accepted the texts in force (so that signing in
    with a demo login shows the store, not the consent page); committed."""
    for user in db.session.scalars(sa.select(User).where(User.is_demo.is_(True))):
        record_consent(user)
    db.session.commit()


def consent_history(user_id: int) -> list[ConsentRecord]:
    return list(db.session.scalars(sa.select(ConsentRecord).where(
        ConsentRecord.user_id == user_id).order_by(ConsentRecord.accepted_at, ConsentRecord.id)))
