"""Tables of signed labels: keys, labels, status lists, endorsements, trust list, the log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.persistence.base import Base
from service.persistence.models import ID, Organisation


class SigningKey(Base):
    """An Ed25519 key of a body (or of the operator), its private part encrypted at rest."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(400), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    public_jwk: Mapped[dict[str, str]] = mapped_column(JSON)
    thumbprint: Mapped[str] = mapped_column(String(64))
    private_key_pem: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime]
    # Retired keys sign nothing new but stay published while labels they signed are valid.
    retired_at: Mapped[datetime | None]
    # Revoked (compromised) keys leave the DID document; their labels are revoked.
    revoked_at: Mapped[datetime | None]


class Label(Base):
    """An issued label: the exact signed credential and its status."""

    __tablename__ = "labels"
    __table_args__ = (Index("ix_labels_body_serial", "body_org_id", "year", "serial", unique=True),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    body_org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    # One label per application, ever: a retried approval cannot issue twice.
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), unique=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    calculation_id: Mapped[str] = mapped_column(ForeignKey("calculations.id"))
    year: Mapped[int]
    serial: Mapped[int]
    kid: Mapped[str] = mapped_column(ForeignKey("signing_keys.kid"), index=True)
    credential: Mapped[str] = mapped_column(Text)
    credential_sha256: Mapped[str] = mapped_column(String(64))
    certified_kg_co2e: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[datetime]
    valid_until: Mapped[datetime]
    revocation_list_id: Mapped[str] = mapped_column(ForeignKey("status_lists.id"))
    revocation_index: Mapped[int] = mapped_column(Integer)
    suspension_list_id: Mapped[str] = mapped_column(ForeignKey("status_lists.id"))
    suspension_index: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # valid, suspended or revoked
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None]
    log_index: Mapped[int]
    # Surveillance: set when a recalculation is more than 10% worse than the certified value.
    surveillance_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]

    body: Mapped[Organisation] = relationship(lazy="joined")


class StatusList(Base):
    """A body's Bitstring Status List for one purpose, with its current signed credential."""

    __tablename__ = "status_lists"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    size: Mapped[int]
    used: Mapped[int]
    bits: Mapped[bytes] = mapped_column(LargeBinary)
    credential: Mapped[str] = mapped_column(Text)
    valid_until: Mapped[datetime]
    updated_at: Mapped[datetime]


class Endorsement(Base):
    """Another recognised body's signed statement that it recognises a label."""

    __tablename__ = "endorsements"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    label_id: Mapped[str] = mapped_column(String(40), index=True)
    endorser_did: Mapped[str] = mapped_column(String(300))
    recognised_in: Mapped[str] = mapped_column(String(8))
    credential: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class TrustEntry(Base):
    """A recognised certification body on this operator's trust list."""

    __tablename__ = "trust_entries"

    did: Mapped[str] = mapped_column(String(300), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    jurisdiction: Mapped[str] = mapped_column(String(8))
    accreditation: Mapped[str] = mapped_column(String(200))
    scope: Mapped[list[str]] = mapped_column(JSON)
    keys: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    log_origin: Mapped[str] = mapped_column(String(300))
    log_verifier_key: Mapped[str] = mapped_column(String(400))
    base_url: Mapped[str] = mapped_column(String(300))
    added_at: Mapped[datetime]


class LogEntry(Base):
    """One entry of the transparency log: the exact bytes logged and why."""

    __tablename__ = "log_entries"

    idx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(400), index=True)
    issuer_did: Mapped[str | None] = mapped_column(String(300), index=True)
    entry: Mapped[bytes] = mapped_column(LargeBinary)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[datetime]


class LogNode(Base):
    """The hash of a complete subtree of the log (level 0 = leaves)."""

    __tablename__ = "log_nodes"

    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class LogCheckpoint(Base):
    """A signed tree head (C2SP checkpoint) of the log at a size."""

    __tablename__ = "log_checkpoints"

    size: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    signed_note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class RenderedArtefact(Base):
    """A label's certificate PDF as rendered once for one status and template version.

    Rendering costs about half a second of CPU, so every reader is served these bytes (shared
    by every host through the database); a status change deletes the label's rows.
    """

    __tablename__ = "rendered_artefacts"

    label_id: Mapped[str] = mapped_column(ForeignKey("labels.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    # SHA-256 of the templates the bytes were rendered from (a new template renders anew).
    template_version: Mapped[str] = mapped_column(String(64), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime]
