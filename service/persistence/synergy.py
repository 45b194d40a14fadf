"""Stored synergy assessments: two calculations of a product compared for carbon and pollution."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.persistence.base import Base
from service.persistence.models import ID, Calculation, Product


class SynergyAssessment(Base):
    """Whether an alternative calculation cuts CO2e and air pollutants against a baseline."""

    __tablename__ = "synergy_assessments"
    __table_args__ = (Index("ix_synergy_assessments_product", "product_id", "created_at"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    baseline_calculation_id: Mapped[str] = mapped_column(ForeignKey("calculations.id"))
    alternative_calculation_id: Mapped[str] = mapped_column(ForeignKey("calculations.id"))
    # Space-separated classifications of the four pollutants, padded (" synergy trade_off "),
    # so that a body's list filters by one with an indexed-free LIKE on a short column.
    classifications: Mapped[str] = mapped_column(String(200))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]

    product: Mapped[Product] = relationship(lazy="joined")
    baseline: Mapped[Calculation] = relationship(
        foreign_keys=[baseline_calculation_id], lazy="joined"
    )
    alternative: Mapped[Calculation] = relationship(
        foreign_keys=[alternative_calculation_id], lazy="joined"
    )
