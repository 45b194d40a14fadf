"""What this service publishes about itself: hosted bodies, DID documents, the log's key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from certificates import did_web_path
from service.domain.roles import OrgKind
from service.errors import NotFound
from service.persistence.models import Organisation
from service.services.context import IssuerConfig, utc_now
from service.services.labels import transparency
from service.services.labels.signing_keys import host_did
from service.services.labels.trust import log_verifier_key
from service.services.labels.verification import local_did_document


@dataclass(frozen=True)
class HostedBody:
    """A certification body hosted here; did_document is its URL when its DID names this host."""

    id: str
    did: str | None
    name: str
    jurisdiction: str | None
    accreditation: str | None
    label_code: str | None
    did_document: str | None


@dataclass(frozen=True)
class LogKey:
    """The log's origin line and the note verifier key of its checkpoints."""

    origin: str
    verifier_key: str


@dataclass(frozen=True)
class LogEntryView:
    """A log entry as a monitor reads it (entry bytes as UTF-8 text)."""

    index: int
    kind: str
    subject: str
    issuer: str | None
    created_at: datetime
    entry: str


def hosted_bodies(session: Session, config: IssuerConfig) -> list[HostedBody]:
    """Return the certification bodies hosted here whose DIDs name this service's host."""
    prefix = host_did(config)
    bodies = session.scalars(
        select(Organisation)
        .where(Organisation.kind == OrgKind.CERTIFICATION_BODY.value)
        .order_by(Organisation.name)
    )
    return [
        HostedBody(
            id=body.id,
            did=body.did,
            name=body.name,
            jurisdiction=body.jurisdiction,
            accreditation=body.accreditation,
            label_code=body.label_code,
            did_document=f"{config.service_url}{did_web_path(body.did)}"
            if body.did and body.did.startswith(prefix)
            else None,
        )
        for body in bodies
    ]


def did_document_at(session: Session, config: IssuerConfig, path: str) -> dict[str, Any]:
    """Return the DID document a did:web DID naming this host resolves to at path."""
    parts = [p for p in path.strip("/").split("/") if p]
    if parts == [".well-known", "did.json"]:
        did = host_did(config)
        transparency.note_signer(session, config, utc_now())  # makes the operator key once
        session.commit()
    elif parts and parts[-1] == "did.json":
        did = host_did(config, *parts[:-1])
    else:
        raise NotFound(f"no DID document at {path}")
    return local_did_document(session, did, config)


def log_key(session: Session, config: IssuerConfig) -> LogKey:
    """Return the log's origin and the note verifier key of its checkpoints."""
    key = log_verifier_key(session, config, utc_now())
    session.commit()
    return LogKey(origin=transparency.origin(config), verifier_key=key)


def log_entries(session: Session, query: dict[str, Any]) -> list[LogEntryView]:
    """Return a monitor's page of log entries under one issuer."""
    found = transparency.entries_of(session, query["issuer"], query["start"], query["limit"])
    return [
        LogEntryView(
            index=e.idx,
            kind=e.kind,
            subject=e.subject,
            issuer=e.issuer_did,
            created_at=e.created_at,
            entry=e.entry.decode("utf-8", errors="replace"),
        )
        for e in found
    ]
