"""Facts recorded at a deployment's first start and checked at every later one.

SERVICE_URL is baked into every label's verification URL, status-list URL, DID and the log's
origin from the first label on: a deployment that changed it would issue labels nobody can
verify against the old ones. The first production start records it; a later start with
another value is refused.
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.persistence.deployment import DeploymentFact
from service.services.context import utc_now

SERVICE_URL = "service_url"


def service_url_problem(session: Session, url: str) -> str | None:
    """Record SERVICE_URL if it is the first start; return why a changed one is refused.

    Before the first migration there is nowhere to record it: the next start records it.
    """
    if not inspect(session.connection()).has_table(DeploymentFact.__tablename__):
        session.rollback()
        return None
    fact = session.get(DeploymentFact, SERVICE_URL)
    if fact is None:
        session.add(DeploymentFact(name=SERVICE_URL, value=url, recorded_at=utc_now()))
        try:
            session.commit()
        except IntegrityError:  # another host recorded it at the same moment
            session.rollback()
            fact = session.get(DeploymentFact, SERVICE_URL)
    session.commit()
    if fact is None or fact.value == url:
        return None
    return (
        f"SERVICE_URL is {url} but this database's labels, status lists and DIDs were issued "
        f"under {fact.value} (recorded {fact.recorded_at:%Y-%m-%d}); set SERVICE_URL back to "
        f"{fact.value}, or start a new deployment on a new database (deploy/README.md, TLS)"
    )
