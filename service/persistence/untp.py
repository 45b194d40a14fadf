"""Tables of the UN Transparency Protocol credentials beside each label."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.persistence.base import Base
from service.persistence.models import ID


class LabelDcc(Base):
    """A label's UNTP Digital Conformity Credential, signed and logged with the label."""

    __tablename__ = "label_dccs"

    label_id: Mapped[str] = mapped_column(ForeignKey("labels.id"), primary_key=True)
    credential: Mapped[str] = mapped_column(Text)
    credential_sha256: Mapped[str] = mapped_column(String(64))
    log_index: Mapped[int]
    created_at: Mapped[datetime]


class AccreditationAnchor(Base):
    """A UNTP Digital Identity Anchor of a body's accreditation, issued by its accreditor."""

    __tablename__ = "accreditation_anchors"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    issuer_did: Mapped[str] = mapped_column(String(300))
    issuer_name: Mapped[str] = mapped_column(String(200))
    registered_id: Mapped[str] = mapped_column(String(200))
    credential: Mapped[str] = mapped_column(Text)
    valid_until: Mapped[datetime]
    recorded_at: Mapped[datetime]
