"""Receiving PACT v3 events (CloudEvents 1.0, structured JSON): check, log, start answers."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.domain.pact_query import QueryError, parse_moment
from service.persistence.jobs import Job
from service.persistence.pact import PactClient, PactEvent
from service.services.context import utc_now
from service.services.operations import jobs
from service.services.pact.errors import BadRequest
from service.services.pact.partners import find_partner

PREFIX = "org.wbcsd.pact.ProductFootprint."
REQUEST_CREATED = f"{PREFIX}RequestCreatedEvent.3"
REQUEST_FULFILLED = f"{PREFIX}RequestFulfilledEvent.3"
REQUEST_REJECTED = f"{PREFIX}RequestRejectedEvent.3"
PUBLISHED = f"{PREFIX}PublishedEvent.3"
TYPES = (REQUEST_CREATED, REQUEST_FULFILLED, REQUEST_REJECTED, PUBLISHED)
_FILTER_LISTS = ("productId", "companyId", "geography", "classification")
_FILTER_MOMENTS = ("validOn", "validAfter", "validBefore")
MAX_VALUES = 100
MAX_TEXT = 2000
CALLBACK_JOB = "pact_callback"
REFRESH_JOB = "pact_refresh"


def _text(event: dict[str, Any], name: str, limit: int = MAX_TEXT) -> str:
    value = event.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise BadRequest(f"/{name} must be a non-empty string of at most {limit} characters")
    return value


def _strings(data: dict[str, Any], name: str) -> None:
    value = data.get(name)
    if value is None:
        return
    if not isinstance(value, list) or len(value) > MAX_VALUES:
        raise BadRequest(f"/data/{name} must be a list of at most {MAX_VALUES} strings")
    for index, item in enumerate(value):
        if not isinstance(item, str) or len(item) > MAX_TEXT:
            raise BadRequest(f"/data/{name}/{index} must be a string")


def _check_request(data: dict[str, Any]) -> None:
    for name in (*_FILTER_LISTS, "status"):
        _strings(data, name)
    for index, status in enumerate(data.get("status") or []):
        if status not in ("Active", "Deprecated"):
            raise BadRequest(f"/data/status/{index} must be Active or Deprecated")
    for name in _FILTER_MOMENTS:
        if name in data:
            value = data[name]
            try:
                parse_moment(name, value if isinstance(value, str) else "")
            except QueryError:
                raise BadRequest(f"/data/{name} must be an RFC 3339 date-time") from None
    if "comment" in data and not isinstance(data["comment"], str):
        raise BadRequest("/data/comment must be a string")


def _check_published(data: dict[str, Any]) -> None:
    ids = data.get("pfIds")
    if not isinstance(ids, list) or not ids or len(ids) > MAX_VALUES:
        raise BadRequest("/data/pfIds must be a non-empty list of footprint ids")
    for index, value in enumerate(ids):
        try:
            uuid.UUID(value if isinstance(value, str) and len(value) <= 64 else "")
        except ValueError:
            raise BadRequest(f"/data/pfIds/{index} must be a UUID") from None


def check_event(event: object) -> dict[str, Any]:
    """Return the event if it is a well-formed PACT v3 CloudEvent, else raise BadRequest."""
    if not isinstance(event, dict):
        raise BadRequest("the body must be a CloudEvents JSON object")
    if event.get("specversion") != "1.0":
        raise BadRequest('/specversion must be "1.0"')
    kind = _text(event, "type", 200)
    if kind not in TYPES:
        raise BadRequest(f"/type must be one of {', '.join(TYPES)}")
    _text(event, "id", 200)
    _text(event, "source", 500)
    try:
        parse_moment("time", _text(event, "time", 64))
    except QueryError:
        raise BadRequest("/time must be an RFC 3339 date-time") from None
    data = event.get("data")
    if not isinstance(data, dict):
        raise BadRequest("/data must be an object")
    if kind == REQUEST_CREATED:
        _check_request(data)
    elif kind == PUBLISHED:
        _check_published(data)
    elif not isinstance(data.get("requestEventId"), str):
        raise BadRequest("/data/requestEventId must be a string")
    return event


def receive_event(session: Session, client: PactClient, body: object) -> Job | None:
    """Accept an event; return the job to run (a request's answer, or reading a registered
    supplier's published footprints), or None."""
    event = check_event(body)
    partner = find_partner(session, event["source"])
    if event["type"] not in (REQUEST_CREATED, PUBLISHED):
        partner = None  # answers to requests we never make: logged only
    if event["type"] == REQUEST_CREATED and partner is None:
        # Never call a URL that is not a registered partner.
        raise BadRequest(f"/source {event['source'][:200]!r} is not a registered partner")
    # End the reading transaction before writing: on SQLite a transaction that read first
    # fails at once, rather than waits, if a callback job is writing at that moment.
    session.commit()
    now = utc_now()
    row = PactEvent(
        id=new_id("pact_event"),
        direction="in",
        event_id=event["id"],
        type=event["type"],
        source=event["source"],
        client_id=client.id,
        partner_id=partner.id if partner else None,
        state="queued" if partner else "received",
        attempts=0,
        body=event,
        detail=None,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.commit()
    if partner is None:
        return None
    # One job per event: a retried POST of the same event finds the same job. A request is
    # answered; a registered supplier's published footprints are read again (REFRESH_JOB).
    kind = CALLBACK_JOB if event["type"] == REQUEST_CREATED else REFRESH_JOB
    key = hashlib.sha256(f"{client.id}\n{event['source']}\n{event['id']}".encode()).hexdigest()
    job, run = jobs.start_job(session, kind, f"{kind}:{key}", {"event": row.id}, None)
    return job if run else None
