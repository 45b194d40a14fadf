"""Appending hash-chained audit events and verifying the chains."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.audit import GENESIS, ChainBreak, EventContent, event_hash, first_break
from service.domain.ids import new_id
from service.domain.timestamps import utc_text
from service.persistence.certification import Application, AuditEvent

__all__ = ["AuditEvent", "events_of", "record", "timestamp", "verify_chains"]


def timestamp(moment: datetime) -> str:
    """Return the exact text form of a time that an event's hash covers."""
    return utc_text(moment, microseconds=True)


def _content(event: AuditEvent) -> EventContent:
    return EventContent(
        application_id=event.application_id,
        seq=event.seq,
        kind=event.kind,
        actor_id=event.actor_id,
        payload=event.payload,
        created_at=timestamp(event.created_at),
    )


def record(
    session: Session,
    application: Application,
    kind: str,
    actor_id: str | None,
    payload: dict[str, Any],
    now: datetime,
) -> AuditEvent:
    """Append an event to the application's chain (the caller's unit of work commits it)."""
    session.flush()
    last = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.application_id == application.id)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    previous_hash = last.hash if last else GENESIS
    # Microseconds are kept by both SQLite and PostgreSQL, so the hashed text round-trips.
    event = AuditEvent(
        id=new_id("event"),
        application_id=application.id,
        seq=(last.seq if last else 0) + 1,
        kind=kind,
        actor_id=actor_id,
        payload=payload,
        created_at=now,
        previous_hash=previous_hash,
        hash="",
    )
    event.hash = event_hash(previous_hash, _content(event))
    session.add(event)
    return event


def events_of(session: Session, application_id: str) -> list[AuditEvent]:
    """Return an application's events in order."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.application_id == application_id)
        .order_by(AuditEvent.seq)
    )
    return list(session.scalars(query))


def verify_chains(session: Session) -> list[ChainBreak]:
    """Walk every application's chain; return the first break of each broken chain."""
    breaks = []
    for application_id in session.scalars(select(Application.id).order_by(Application.id)):
        events = events_of(session, application_id)
        found = first_break([(_content(e), e.previous_hash, e.hash) for e in events])
        if found is not None:
            breaks.append(found)
    return breaks
