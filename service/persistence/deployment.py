"""Facts about the deployment itself that must not change under its data (e.g. SERVICE_URL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.persistence.base import Base


class DeploymentFact(Base):
    """A value recorded at the first start, checked at every later one."""

    __tablename__ = "deployment_facts"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime]
