"""What the privacy package keeps: consent records and prepared data downloads."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db
from marketplace.timeutil import utcnow


class Document(enum.StrEnum):
    PRIVACY = "privacy"
    TERMS = "terms"


class ConsentRecord(db.Model):
    """A person accepted a version of the privacy notice or the terms, at this time."""

    __tablename__ = "consent_records"
    __table_args__ = (sa.UniqueConstraint("user_id", "document", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    document: Mapped[str] = mapped_column(sa.String(20))
    version: Mapped[str] = mapped_column(sa.String(20))
    accepted_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExportStatus(enum.StrEnum):
    PENDING = "pending"
    BUILDING = "building"  # claimed by one run of the background job
    READY = "ready"
    FAILED = "failed"


class DataExport(db.Model):
    """A download of everything the store holds about one person, prepared in the background
    for a large account (`flask --app wsgi privacy prepare-exports`) and announced by mail."""

    __tablename__ = "data_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=ExportStatus.PENDING, index=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    ready_at: Mapped[datetime | None] = mapped_column()
    file_name: Mapped[str | None] = mapped_column(sa.String(200))
    error: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
