"""Reading labels publicly, and a body suspending, reinstating or revoking them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from certificates import InvalidLabelId, decode, parse_label_id
from service.domain.canonical_json import canonical_json
from service.domain.label_status import StatusPurpose, status_at, status_change
from service.domain.roles import Role
from service.domain.timestamps import utc_text
from service.errors import Forbidden, LabelNotFound, LabelStatusRefused
from service.persistence.labels import Endorsement, Label
from service.persistence.untp import LabelDcc
from service.services.context import Caller, IssuerConfig, utc_now
from service.services.labels import transparency
from service.services.labels.dcc import enveloped
from service.services.labels.status_lists import set_bit

CERTIFIER_ROLES = (Role.REVIEWER, Role.DECISION_MAKER)


def status_of(label: Label, now: datetime) -> str:
    """Return valid, suspended, revoked or expired (revocation and suspension win over expiry)."""
    return status_at(label.status, label.valid_until, now).value


def find_label(session: Session, label_id: str) -> Label:
    """Return a label by ID in any letter case, or raise NotFound."""
    try:
        canonical = str(parse_label_id(label_id))
    except InvalidLabelId:
        raise LabelNotFound(f"no label {label_id}") from None
    label = session.get(Label, canonical)
    if label is None:
        raise LabelNotFound(f"no label {label_id}")
    return label


def public_label(session: Session, label_id: str) -> dict[str, Any]:
    """Return what anyone may know of a label: credential, status, endorsements, receipt."""
    label = find_label(session, label_id)
    now = utc_now()
    payload = decode(label.credential).payload
    endorsements = session.scalars(
        select(Endorsement).where(Endorsement.label_id == label.id).order_by(Endorsement.created_at)
    )
    body = label.body
    dcc = session.get(LabelDcc, label.id)
    return {
        "label_id": label.id,
        "status": status_of(label, now),
        "status_reason": label.status_reason,
        "credential": label.credential,
        "issuer": {
            "id": body.did,
            "name": body.name,
            "jurisdiction": body.jurisdiction,
            "accreditation": body.accreditation,
        },
        "subject": payload["credentialSubject"],
        "valid_from": payload["validFrom"],
        "valid_until": payload["validUntil"],
        "credential_status": payload["credentialStatus"],
        "endorsements": [
            {
                "endorser": e.endorser_did,
                "recognised_in": e.recognised_in,
                "credential": e.credential,
            }
            for e in endorsements
        ],
        "log_receipt": transparency.receipt(session, label.log_index).to_json(),
        "surveillance_note": label.surveillance_note,
        # The label as a UNTP Digital Conformity Credential (None for labels issued before).
        "untp_dcc": None if dcc is None else enveloped(dcc.credential),
        "untp_dcc_log_receipt": (
            None if dcc is None else transparency.receipt(session, dcc.log_index).to_json()
        ),
    }


def _issuing_certifier(caller: Caller, label: Label) -> None:
    if caller.role not in CERTIFIER_ROLES or caller.org_id != label.body_org_id:
        raise Forbidden("only the issuing certification body may change a label's status")
    if caller.role != Role.DECISION_MAKER:
        raise Forbidden("only a decision maker of the issuing body may change a label's status")


def change_status(
    session: Session,
    caller: Caller,
    config: IssuerConfig,
    label_id: str,
    action: str,
    reason: str,
) -> Label:
    """Suspend (reversible), reinstate or revoke (final) a label of the caller's body."""
    label = find_label(session, label_id)
    _issuing_certifier(caller, label)
    apply_status_change(session, config, label, action, reason)
    session.commit()
    return label


def apply_status_change(
    session: Session, config: IssuerConfig, label: Label, action: str, reason: str
) -> None:
    """Change a label's status, set its bit, re-sign the list and log it (the caller commits)."""
    change = status_change(label.status, action)
    if change is None:
        raise LabelStatusRefused(f"cannot {action} a label that is {label.status}")
    status, purpose, value = change.status.value, change.purpose, change.bit
    now = utc_now()
    if purpose == StatusPurpose.REVOCATION:
        set_bit(session, label.revocation_list_id, label.revocation_index, value, config, now)
    else:
        set_bit(session, label.suspension_list_id, label.suspension_index, value, config, now)
    label.status, label.status_reason, label.status_changed_at = status, reason, now
    entry = {
        "label_id": label.id,
        "action": action,
        "status": status,
        "reason": reason,
        "at": utc_text(now),
    }
    transparency.append(
        session,
        config,
        f"label_{action}",
        label.id,
        label.body.did,
        canonical_json(entry),
        now,
    )


@dataclass(frozen=True)
class BodyLabel:
    """A label in its issuing body's list, with its status read now."""

    label_id: str
    status: str
    certified_kg_co2e: str
    valid_until: datetime
    surveillance_note: str | None
    application_id: str


def body_labels(session: Session, caller: Caller, flagged_only: bool) -> list[BodyLabel]:
    """Return the labels the caller's body issued, optionally only those under surveillance."""
    if caller.role not in CERTIFIER_ROLES:
        raise Forbidden("only certifiers list their body's labels")
    query = select(Label).where(Label.body_org_id == caller.org_id)
    if flagged_only:
        query = query.where(Label.surveillance_note.is_not(None))
    now = utc_now()
    return [
        BodyLabel(
            label_id=label.id,
            status=status_of(label, now),
            certified_kg_co2e=label.certified_kg_co2e,
            valid_until=label.valid_until,
            surveillance_note=label.surveillance_note,
            application_id=label.application_id,
        )
        for label in session.scalars(query.order_by(Label.created_at.desc()))
    ]
