"""Marketing centres: create and edit them, appoint and remove their staff. Audited."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from marketplace.accounts.models import Role, User, UserRole
from marketplace.admin import audit
from marketplace.catalog.models import Centre, CentreKind, CentreStaff
from marketplace.catalog.services import bump_catalogue_version, unique_slug
from marketplace.errors import DomainError
from marketplace.extensions import db

_FIELDS = ("name", "slug", "kind", "province", "regency", "address", "contact", "description")


class CentreAdminError(DomainError):
    pass


class NoSuchAccount(CentreAdminError):
    pass


class StaffElsewhere(CentreAdminError):
    """The account is already staff of another centre (one centre per staff member)."""


@dataclass(frozen=True)
class CentreDetails:
    name: str
    kind: CentreKind
    province: str
    regency: str
    address: str = ""
    contact: str = ""
    description: str = ""


def all_centres() -> list[Centre]:
    return list(db.session.scalars(sa.select(Centre).order_by(Centre.province, Centre.name)))


def get_centre(centre_id: int) -> Centre | None:
    return db.session.get(Centre, centre_id) if 0 < centre_id < 2**31 else None


def _apply(centre: Centre, details: CentreDetails) -> None:
    centre.name = details.name.strip()
    centre.kind = details.kind
    centre.province, centre.regency = details.province, details.regency
    centre.address = details.address.strip()
    centre.contact = details.contact.strip()
    centre.description = details.description.strip()


def create_centre(details: CentreDetails, *, actor, ip_address: str = "") -> Centre:
    centre = Centre(slug=unique_slug(Centre, details.name))
    _apply(centre, details)
    db.session.add(centre)
    db.session.flush()
    audit.record(actor, "centre.create", "centre", centre.id, after=audit.snapshot(centre, *_FIELDS),
                 ip_address=ip_address)
    bump_catalogue_version()  # shop and product pages name the centre
    db.session.commit()
    return centre


def update_centre(centre: Centre, details: CentreDetails, *, actor, ip_address: str = "") -> Centre:
    before = audit.snapshot(centre, *_FIELDS)
    _apply(centre, details)
    audit.record(actor, "centre.update", "centre", centre.id, before=before,
                 after=audit.snapshot(centre, *_FIELDS), ip_address=ip_address)
    bump_catalogue_version()  # shop and product pages name the centre
    db.session.commit()
    return centre


def staff_of(centre: Centre) -> list[CentreStaff]:
    return list(db.session.scalars(
        sa.select(CentreStaff).where(CentreStaff.centre_id == centre.id).order_by(CentreStaff.id)))


def appoint_staff(centre: Centre, email: str, *, actor, ip_address: str = "") -> CentreStaff:
    user = db.session.scalar(sa.select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        raise NoSuchAccount(email)
    current = db.session.scalar(sa.select(CentreStaff).where(CentreStaff.user_id == user.id))
    if current is not None:
        if current.centre_id == centre.id:
            return current
        raise StaffElsewhere(email)
    appointment = CentreStaff(centre_id=centre.id, user_id=user.id)
    db.session.add(appointment)
    if not user.has_role(Role.CENTRE_STAFF):
        user.roles.append(UserRole(role=Role.CENTRE_STAFF))
    db.session.flush()
    audit.record(actor, "centre.appoint_staff", "centre", centre.id,
                 after={"user": user.email}, ip_address=ip_address)
    db.session.commit()
    return appointment


def remove_staff(centre: Centre, user_id: int, *, actor, ip_address: str = "") -> bool:
    appointment = db.session.scalar(sa.select(CentreStaff).where(
        CentreStaff.centre_id == centre.id, CentreStaff.user_id == user_id))
    if appointment is None:
        return False
    user = db.session.get(User, user_id)
    db.session.delete(appointment)
    for role in [r for r in user.roles if r.role == Role.CENTRE_STAFF]:
        user.roles.remove(role)
    audit.record(actor, "centre.remove_staff", "centre", centre.id,
                 before={"user": user.email}, ip_address=ip_address)
    db.session.commit()
    return True
