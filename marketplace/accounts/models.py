from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.database import str_enum
from marketplace.extensions import db
from marketplace.timeutil import utcnow


class Role(enum.StrEnum):
    """Roles a user holds beside buying (everyone buys; owning a shop makes a seller)."""

    ADMIN = "admin"
    CENTRE_STAFF = "centre_staff"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # E-mail verification (accounts.verification): when the address was proven, a new address
    # waiting for its proof, and when the last link went out (resending is rate-limited).
    email_verified_at: Mapped[datetime | None] = mapped_column()
    pending_email: Mapped[str | None] = mapped_column(sa.String(254))
    verification_sent_at: Mapped[datetime | None] = mapped_column()
    # Set when the person deleted their account: the row stays (orders and the books point at
    # it) with every personal field replaced (privacy.erasure).
    erased_at: Mapped[datetime | None] = mapped_column()

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # The token of the log-in this object was loaded for (not a column: the database keeps only
    # its hash, in UserLogin). Flask-Login stores `get_id()` in the session and the remember-me
    # cookie, so both name the log-in, not just the user, and die with it.
    login_token = None
    login_ends_at = None  # when that log-in expires (naive UTC, as the columns)

    def get_id(self) -> str:
        return f"{self.id}:{self.login_token or ''}"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, role: Role) -> bool:
        return any(r.role == role for r in self.roles)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (sa.UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(
        str_enum(Role, "user_role")
    )
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")


class UserLogin(db.Model):
    """One log-in: a browser's session and its remember-me cookie carry a random token, this row
    only its SHA-256. Deleting the row ends the log-in wherever the cookies were copied to: at
    log-out, at a password change or reset, at "sign out everywhere"."""

    __tablename__ = "user_logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
