"""The tables: organisations, users, tokens, products, BOM versions, calculations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.persistence.base import Base

ID = String(40)


class Organisation(Base):
    """A manufacturer, a certification body, or the operator."""

    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    jurisdiction: Mapped[str | None] = mapped_column(String(8))
    accreditation: Mapped[str | None] = mapped_column(String(200))
    did: Mapped[str | None] = mapped_column(String(300), unique=True)
    # A certification body's issuer code in its label IDs (GBA-<jurisdiction><code>-...).
    label_code: Mapped[str | None] = mapped_column(String(6), unique=True)
    # A body's scheme may set its own label validity; None means the service default (2 years).
    label_validity_days: Mapped[int | None]
    created_at: Mapped[datetime]


class User(Base):
    """A person acting for one organisation in one role."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    # For signing in to the web pages; None until a password is set.
    password_hash: Mapped[str | None] = mapped_column(String(300))
    # Other organisations the person works for or has an interest in (conflicts of interest).
    affiliations: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]
    # Web sessions carry the generation they began in; sign-out, a password change and
    # disabling the user move it on, which ends every session begun before.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A disabled user signs in to nothing: pages, API tokens.
    disabled_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class ApiToken(Base):
    """An API token, stored only as the SHA-256 of its secret."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    # What the holder calls it ("CI upload", "ERP"), when it stops working, when it last did.
    name: Mapped[str | None] = mapped_column(String(100))
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


class Product(Base):
    """A product of a manufacturer, with its declared unit."""

    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("org_id", "sku", name="uq_products_org_sku"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    sku: Mapped[str] = mapped_column(String(100))
    gtin: Mapped[str | None] = mapped_column(String(14))
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    declared_amount: Mapped[str] = mapped_column(String(40))
    declared_unit: Mapped[str] = mapped_column(String(16))
    mass_kg: Mapped[str | None] = mapped_column(String(40))
    pcr: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]


class BomVersion(Base):
    """An immutable version of a product's bill of materials."""

    __tablename__ = "bom_versions"
    __table_args__ = (UniqueConstraint("product_id", "version", name="uq_bom_versions_product"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    version: Mapped[int]
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]

    product: Mapped[Product] = relationship(lazy="joined")


class Calculation(Base):
    """A stored footprint result and the fingerprint of everything it came from."""

    __tablename__ = "calculations"
    __table_args__ = (Index("ix_calculations_bom_computed", "bom_id", "computed_at"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    bom_id: Mapped[str] = mapped_column(ForeignKey("bom_versions.id"))
    total_kg_co2e: Mapped[str] = mapped_column(String(40))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    bom_sha256: Mapped[str] = mapped_column(String(64))
    library_version: Mapped[str] = mapped_column(String(100))
    method_version: Mapped[str] = mapped_column(String(100))
    engine_version: Mapped[str] = mapped_column(String(100))
    matrices_sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    computed_at: Mapped[datetime]

    bom: Mapped[BomVersion] = relationship(lazy="joined")
