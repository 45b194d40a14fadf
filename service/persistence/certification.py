"""Tables of the certification workflow: applications, submissions, comments, evidence, audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.persistence.base import Base
from service.persistence.models import ID, BomVersion, Calculation, Organisation, Product, User


class Application(Base):
    """A manufacturer's request that a certification body certify one calculated BOM."""

    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_body_state", "body_org_id", "state"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    manufacturer_org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    body_org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    state: Mapped[str] = mapped_column(String(32))
    # The BOM version and calculation under review: frozen until a revision replaces them.
    bom_id: Mapped[str] = mapped_column(ForeignKey("bom_versions.id"))
    calculation_id: Mapped[str] = mapped_column(ForeignKey("calculations.id"))
    metered_energy: Mapped[dict[str, str] | None] = mapped_column(JSON)
    reviewer_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    product: Mapped[Product] = relationship(lazy="joined")
    body: Mapped[Organisation] = relationship(foreign_keys=[body_org_id], lazy="joined")
    manufacturer: Mapped[Organisation] = relationship(
        foreign_keys=[manufacturer_org_id], lazy="joined"
    )
    bom: Mapped[BomVersion] = relationship(lazy="joined")
    calculation: Mapped[Calculation] = relationship(lazy="joined")
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])


class Submission(Base):
    """One BOM version and calculation submitted for an application, in order."""

    __tablename__ = "application_submissions"
    __table_args__ = (UniqueConstraint("application_id", "number", name="uq_submissions_number"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    number: Mapped[int]
    bom_id: Mapped[str] = mapped_column(ForeignKey("bom_versions.id"))
    calculation_id: Mapped[str] = mapped_column(ForeignKey("calculations.id"))
    submitted_at: Mapped[datetime]


class Comment(Base):
    """A reviewer's or manufacturer's comment, optionally about one BOM line."""

    __tablename__ = "comments"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    line_ref: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]

    author: Mapped[User] = relationship(lazy="joined")


class Evidence(Base):
    """An uploaded document (PDF, image, CSV of meter readings), kept with its SHA-256."""

    __tablename__ = "evidence"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    application_id: Mapped[str | None] = mapped_column(ForeignKey("applications.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class AuditEvent(Base):
    """An append-only, hash-chained record of something that happened to an application."""

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("application_id", "seq", name="uq_audit_events_seq"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"))
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(50))
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
