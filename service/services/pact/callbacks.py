"""Answering a RequestCreatedEvent: build the fulfilled or rejected event, log each attempt.

The job layer (service/jobs/tasks.py) runs prepare_answer, then delivers with retries and
backoff, recording every attempt here; no transaction stays open while a partner is called.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.domain.pact_query import FootprintQuery, matches, parse_moment
from service.persistence.jobs import Job
from service.persistence.pact import PactClient, PactEvent, PactPartner
from service.services.context import IssuerConfig, utc_now
from service.services.operations import jobs
from service.services.pact.events import REQUEST_FULFILLED, REQUEST_REJECTED
from service.services.pact.footprints import build_footprint, label_rows

# A request naming only this product id asks to be rejected (PACT conformance test 14.A).
NULL_PRODUCT = "urn:pact:null"
MAX_FOOTPRINTS_SENT = 100


@dataclass(frozen=True)
class Delivery:
    """An answer ready to send, and where to."""

    job_id: str
    out_event_id: str
    request_row_id: str
    base_url: str
    client_id: str
    client_secret: str
    event: dict[str, Any]


def _query(data: dict[str, Any]) -> FootprintQuery:
    def lowered(name: str) -> frozenset[str]:
        return frozenset(v.strip().lower() for v in data.get(name) or [] if v.strip())

    moments = {
        attribute: parse_moment(name, data[name])
        for name, attribute in (
            ("validOn", "valid_on"),
            ("validAfter", "valid_after"),
            ("validBefore", "valid_before"),
        )
        if isinstance(data.get(name), str)
    }
    return FootprintQuery(
        product_ids=lowered("productId"),
        company_ids=lowered("companyId"),
        geographies=lowered("geography"),
        classifications=lowered("classification"),
        statuses=lowered("status"),
        **moments,
    )


def answer_for(
    session: Session, client: PactClient, config: IssuerConfig, request: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Return the type and data of the answer to a request event."""
    data = request["data"]
    footprints: list[dict[str, Any]] = []
    if [p.lower() for p in data.get("productId") or []] != [NULL_PRODUCT]:
        query = _query(data)
        for row in reversed(label_rows(session, client.org_id)):
            footprint = build_footprint(row, config)
            if matches(footprint, query):
                footprints.append(footprint)
            if len(footprints) == MAX_FOOTPRINTS_SENT:
                break
    if footprints:
        return REQUEST_FULFILLED, {"requestEventId": request["id"], "pfs": footprints}
    error = {"code": "NotFound", "message": "no footprint matches the request"}
    return REQUEST_REJECTED, {"requestEventId": request["id"], "error": error}


def _write_first(session: Session, job_id: str) -> None:
    """Take the write lock before reading: a SQLite transaction that read first may fail at
    once, not wait, when it then writes while another writer is busy (see jobs.claim)."""
    session.execute(update(Job).where(Job.id == job_id).values(total=Job.total))


def prepare_answer(session: Session, config: IssuerConfig, job_id: str) -> Delivery | None:
    """Build (once) the answer event of the job's request; None if it was delivered already."""
    _write_first(session, job_id)
    job = session.get(Job, job_id)
    incoming = session.get(PactEvent, job.params["event"]) if job else None
    if incoming is None or incoming.client_id is None or incoming.partner_id is None:
        return None
    partner = session.get(PactPartner, incoming.partner_id)
    client = session.get(PactClient, incoming.client_id)
    if partner is None or client is None or incoming.state == "answered":
        return None
    answer = (incoming.detail or "").removeprefix("answer:")
    out = session.get(PactEvent, answer) if answer else None
    if out is None:
        kind, data = answer_for(session, client, config, incoming.body)
        now = utc_now()
        event = {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": f"{config.service_url}/pact",
            "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "type": kind,
            "data": data,
        }
        out = PactEvent(
            id=new_id("pact_event"),
            direction="out",
            event_id=event["id"],
            type=kind,
            source=event["source"],
            client_id=client.id,
            partner_id=partner.id,
            state="queued",
            attempts=0,
            body=event,
            detail=None,
            created_at=now,
            updated_at=now,
        )
        session.add(out)
        incoming.detail = f"answer:{out.id}"
    session.commit()
    return Delivery(
        job_id,
        out.id,
        incoming.id,
        partner.base_url,
        partner.client_id,
        partner.client_secret,
        out.body,
    )


def record_attempt(session: Session, delivery: Delivery, error: str | None, final: bool) -> None:
    """Log one delivery attempt; mark the answer delivered, or failed after the last one."""
    _write_first(session, delivery.job_id)
    out = session.get(PactEvent, delivery.out_event_id)
    if out is None:
        return
    out.attempts += 1
    out.updated_at = utc_now()
    out.detail = error
    if error is None:
        out.state = "delivered"
        incoming = session.get(PactEvent, delivery.request_row_id)
        if incoming is not None:
            incoming.state = "answered"
    elif final:
        out.state = "failed"
    session.commit()


def finish_answer(session: Session, job_id: str, attempts: int) -> None:
    """Record the callback job's success and how many attempts it took."""
    _write_first(session, job_id)
    jobs.finish(session, job_id, {"attempts": attempts}, done=1)
