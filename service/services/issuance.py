"""Where a label is issued when an application is approved (signed labels: the next issue)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.persistence.certification import Application
from service.services import audit
from service.services.context import Caller, utc_now


def on_approved(session: Session, application: Application, caller: Caller) -> str | None:
    """Mark an approved application ready for its label; return the label id once issued.

    This is the one call where label issuance happens, inside the approval's unit of work.
    Until signed labels exist the application is recorded as ready and no id is returned.
    """
    audit.record(
        session,
        application,
        "ready_for_label",
        caller.user_id,
        {
            "calculation_id": application.calculation_id,
            "total_kg_co2e": application.calculation.total_kg_co2e,
        },
        utc_now(),
    )
    return None
