"""Tables of long work: library versions, keyed jobs with progress, re-scoring results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from service.persistence.base import Base
from service.persistence.models import ID


class LibraryVersion(Base):
    """A background library loaded into the Brightway project; old versions stay available."""

    __tablename__ = "library_versions"

    version: Mapped[str] = mapped_column(String(100), primary_key=True)
    # "open" (our versioned CSV files) or "brightway" (a database the deployer imported).
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    datasets: Mapped[int]
    # Licensed data (ecoinvent, CLCD) must say so wherever its results are shown.
    licence_note: Mapped[str | None] = mapped_column(Text)
    is_current: Mapped[bool]
    loaded_at: Mapped[datetime]
    # Licensed unit-process data: usable and searchable only by organisations granted it,
    # and never shown beyond product totals and the database's name and version.
    restricted: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What `lca library import` read, linked, cut off and converted (cut-offs included).
    import_report: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class LibraryGrant(Base):
    """An organisation allowed to search and use a restricted library version."""

    __tablename__ = "library_grants"

    version: Mapped[str] = mapped_column(ForeignKey("library_versions.version"), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    granted_at: Mapped[datetime]


class Job(Base):
    """A keyed, idempotent piece of long work and its progress."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_kind_state", "kind", "state"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    # The same key never starts a second job: retries find the first one.
    key: Mapped[str] = mapped_column(String(300), unique=True)
    state: Mapped[str] = mapped_column(String(16))  # queued, running, succeeded, failed
    done: Mapped[int]
    total: Mapped[int]
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class RescoreResult(Base):
    """One BOM's footprint on the old and the new library version, from a re-scoring job."""

    __tablename__ = "rescore_results"
    __table_args__ = (UniqueConstraint("job_id", "bom_id", name="uq_rescore_results_job_bom"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), index=True)
    bom_id: Mapped[str] = mapped_column(ForeignKey("bom_versions.id"))
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    old_kg_co2e: Mapped[str | None] = mapped_column(String(40))
    new_kg_co2e: Mapped[str | None] = mapped_column(String(40))
    change: Mapped[str | None] = mapped_column(String(40))
    label_id: Mapped[str | None] = mapped_column(String(40))
    certified_kg_co2e: Mapped[str | None] = mapped_column(String(40))
    label_change: Mapped[str | None] = mapped_column(String(40))
    flagged: Mapped[bool]
    error: Mapped[str | None] = mapped_column(Text)


class JobLease(Base):
    """Who runs one part of a job, until when: renewed by its worker's heartbeat.

    A lease whose time has passed belongs to a lost worker: its part is sent again. A lease
    with no holder is a message sent and not yet taken by a worker.
    """

    __tablename__ = "job_leases"

    job_id: Mapped[str] = mapped_column(ID, ForeignKey("jobs.id"), primary_key=True)
    part: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    holder: Mapped[str | None] = mapped_column(String(64))
    expires_at: Mapped[datetime]
