"""A label's history (issued, suspended, reinstated, revoked), read from the transparency log,
and the read models of the pages where people see labels: a product's and a body's."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.roles import Role
from service.errors import Forbidden
from service.persistence.labels import Label, LogEntry
from service.services.context import Caller, utc_now
from service.services.footprints.products import visible_product
from service.services.labels.lifecycle import find_label, status_of

# Log entry kinds of a label's life (service/services/labels/lifecycle.py writes label_<action>).
_KINDS = ("label", "label_suspend", "label_reinstate", "label_revoke")
CERTIFIERS = (Role.REVIEWER, Role.DECISION_MAKER)


def history(session: Session, label_id: str) -> list[dict[str, Any]]:
    """Return a label's events, oldest first: what happened, when, why, and the log index."""
    entries = session.scalars(
        select(LogEntry)
        .where(LogEntry.subject == label_id, LogEntry.kind.in_(_KINDS))
        .order_by(LogEntry.idx)
    )
    events = []
    for entry in entries:
        if entry.kind == "label":
            action, reason = "issue", None
        else:
            stated = json.loads(entry.entry)
            action, reason = stated["action"], stated["reason"]
        events.append(
            {"action": action, "at": entry.created_at, "reason": reason, "log_index": entry.idx}
        )
    return events


def label_admin_page(session: Session, caller: Caller, label_id: str) -> dict[str, Any]:
    """Return what the issuing body sees of one of its labels: status, history, what it may do."""
    label = find_label(session, label_id)
    if caller.role not in CERTIFIERS or caller.org_id != label.body_org_id:
        raise Forbidden("only the issuing certification body manages a label")
    status = status_of(label, utc_now())
    page = {
        "label": label,
        "status": status,
        "history": history(session, label.id),
        "may_act": caller.role == Role.DECISION_MAKER,
        "actions": {
            "valid": ("suspend", "revoke"),
            "suspended": ("reinstate", "revoke"),
        }.get(label.status, ()),
    }
    session.commit()
    return page


def product_labels(session: Session, caller: Caller, product_id: str) -> list[dict[str, Any]]:
    """Return the labels of one of the caller's products with status and surveillance notes."""
    visible_product(session, caller, product_id)
    now = utc_now()
    labels = session.scalars(
        select(Label).where(Label.product_id == product_id).order_by(Label.created_at.desc())
    )
    return [
        {
            "label_id": label.id,
            "status": status_of(label, now),
            "reason": label.status_reason,
            "valid_until": label.valid_until,
            "certified_kg_co2e": label.certified_kg_co2e,
            "body": label.body.name,
            "surveillance_note": label.surveillance_note,
        }
        for label in labels
    ]
