"""Tables of the PACT v3 data exchange: buyers' clients and tokens, partners, the event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.persistence.base import Base
from service.persistence.models import ID, Organisation


class PactClient(Base):
    """A buyer's OAuth2 client that may read one manufacturer's footprints."""

    __tablename__ = "pact_clients"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The secret is shown once; only its SHA-256 is kept (it has 256 random bits, so a
    # fast hash is enough: there is nothing to guess).
    secret_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class PactToken(Base):
    """An access token issued to a client, stored only as the SHA-256 of its secret."""

    __tablename__ = "pact_tokens"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("pact_clients.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]

    client: Mapped[PactClient] = relationship(lazy="joined")


class PactPartner(Base):
    """A partner the service may call (callbacks, pulls): the outbound allow-list."""

    __tablename__ = "pact_partners"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    # The partner's base URL as events name it in `source` (no trailing slash).
    base_url: Mapped[str] = mapped_column(String(500), unique=True)
    client_id: Mapped[str] = mapped_column(String(200))
    # Needed in clear to ask the partner for tokens; kept out of logs and answers.
    client_secret: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]


class PactEvent(Base):
    """One event received or sent, and what became of it (the exchange's log)."""

    __tablename__ = "pact_events"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))  # in or out
    event_id: Mapped[str] = mapped_column(String(200), index=True)
    type: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str | None] = mapped_column(ForeignKey("pact_clients.id"))
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("pact_partners.id"))
    # received, queued, delivered or failed
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int]
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SupplierFootprint(Base):
    """A supplier's PACT ProductFootprint a manufacturer received (uploaded or pulled)."""

    __tablename__ = "supplier_footprints"
    __table_args__ = (UniqueConstraint("org_id", "pf_id", name="uq_supplier_footprints_org_pf"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    pf_id: Mapped[str] = mapped_column(String(36))
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("pact_partners.id"))
    company_name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16))  # Active or Deprecated (as PACT says)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime]


class SupplierUse(Base):
    """A BOM line that relies on a supplier's label or PACT footprint (for the cascade)."""

    __tablename__ = "supplier_uses"
    __table_args__ = (Index("ix_supplier_uses_kind_ref", "kind", "ref"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    bom_id: Mapped[str] = mapped_column(ForeignKey("bom_versions.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    line_ref: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(8))  # label or pact
    ref: Mapped[str] = mapped_column(String(40))  # the label ID or the footprint id
    verification: Mapped[str] = mapped_column(String(16))  # verified or unverified
    # Set when the supplier's label or footprint changed after use: surveillance.
    flag: Mapped[str | None] = mapped_column(Text)
    flagged_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
