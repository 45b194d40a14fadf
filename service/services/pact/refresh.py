"""Reading again the footprints a registered supplier says it published (PublishedEvent).

The event arrives with one of our clients' tokens, so it names the manufacturer whose
received footprints it concerns; the footprints are read from the supplier's registered base
URL only, and a newly `Deprecated` one cascades (supplier_uses.flag_dependents).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from service.errors import ValidationFailed
from service.persistence.jobs import Job
from service.persistence.pact import PactClient, PactEvent, PactPartner
from service.services.context import utc_now
from service.services.operations import jobs
from service.services.pact.suppliers import store_footprint


@dataclass(frozen=True)
class Refresh:
    """Whose footprints to read again, from where."""

    event_row_id: str
    org_id: str
    partner_id: str
    base_url: str
    client_id: str
    client_secret: str
    pf_ids: tuple[str, ...]


def refresh_plan(session: Session, job_id: str) -> Refresh | None:
    """Return what a refresh job reads, or None when there is nothing to do."""
    job = session.get(Job, job_id)
    event = session.get(PactEvent, job.params["event"]) if job else None
    if event is None or event.partner_id is None or event.client_id is None:
        return None
    partner = session.get(PactPartner, event.partner_id)
    client = session.get(PactClient, event.client_id)
    if partner is None or client is None:
        return None
    return Refresh(
        event.id,
        client.org_id,
        partner.id,
        partner.base_url,
        partner.client_id,
        partner.client_secret,
        tuple(str(pf_id).lower() for pf_id in event.body["data"]["pfIds"]),
    )


def store_refreshed(
    session: Session, job_id: str, plan: Refresh, fetched: list[Any], errors: list[str]
) -> None:
    """Store what was read (status changes cascade), log the outcome, finish the job."""
    session.execute(update(Job).where(Job.id == job_id).values(total=Job.total))  # write first
    stored = []
    for footprint in fetched:
        try:
            if not isinstance(footprint, dict):
                raise ValidationFailed("not a footprint", {"/": ["must be an object"]})
            stored.append(store_footprint(session, plan.org_id, footprint, plan.partner_id).pf_id)
        except ValidationFailed as error:
            session.rollback()
            errors.append(f"refused: {error.message}")
    event = session.get(PactEvent, plan.event_row_id)
    if event is not None:
        event.state = "refreshed" if not errors else "failed"
        event.detail = "; ".join(errors)[:2000] or None
        event.attempts += 1
        event.updated_at = utc_now()
    jobs.finish(session, job_id, {"stored": stored, "errors": errors}, done=len(stored))
