"""Issuing a label when an application is approved, inside the approval's unit of work."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from certificates import (
    JURISDICTION_CODES,
    LabelId,
    credential_digest,
    label_credential,
    sign_credential,
    status_entry,
)
from service.domain.timestamps import utc_text
from service.errors import Conflict
from service.persistence.certification import Application
from service.persistence.labels import Label
from service.services.certification import audit
from service.services.context import Caller, IssuerConfig, utc_now
from service.services.footprints.synergy import since_previous_label
from service.services.labels import dcc as untp_dcc
from service.services.labels import transparency
from service.services.labels.signing_keys import ensure_key, signer_for
from service.services.labels.status_lists import allocate, list_url
from service.services.labels.subject import label_subject


def verification_url(config: IssuerConfig, label_id: str) -> str:
    """Return the short verification URL a label's QR code carries."""
    return f"{config.service_url}/l/{label_id}"


def _iso(moment: datetime) -> str:
    return utc_text(moment)


def _next_label_id(session: Session, application: Application, year: int) -> tuple[str, int]:
    body = application.body
    if not body.label_code or body.jurisdiction not in JURISDICTION_CODES:
        raise Conflict(f"{body.name} has no label code; set one with `orgs set-label-code`")
    last = session.scalar(
        select(func.max(Label.serial)).where(Label.body_org_id == body.id, Label.year == year)
    )
    serial = (last or 0) + 1
    return str(
        LabelId(JURISDICTION_CODES[body.jurisdiction], body.label_code, year, serial)
    ), serial


def on_approved(
    session: Session, application: Application, caller: Caller, config: IssuerConfig
) -> str:
    """Issue the label of an approved application and return its ID (the caller commits).

    Everything happens in the approval's transaction: the ID, the status list entries, the
    signed credential, the log entry and its checkpoint. A failure anywhere leaves nothing,
    and labels.application_id is unique, so a retried approval can never issue twice.
    """
    if session.scalar(select(Label.id).where(Label.application_id == application.id)):
        raise Conflict("this application already has a label")
    now = utc_now().replace(microsecond=0)
    body = application.body
    label_id, serial = _next_label_id(session, application, now.year)
    revocation_list, revocation_index = allocate(session, body, "revocation", config, now)
    suspension_list, suspension_index = allocate(session, body, "suspension", config, now)
    # The body's scheme may set its own validity; the default is 2 years (DOMAIN.md, step 8).
    validity_days = body.label_validity_days or config.label_validity_days
    valid_until = now + timedelta(days=validity_days)
    payload = label_credential(
        verification_url(config, label_id),
        {"id": body.did or "", "name": body.name},
        _iso(now),
        _iso(valid_until),
        [
            status_entry(list_url(config, revocation_list.id), "revocation", revocation_index),
            status_entry(list_url(config, suspension_list.id), "suspension", suspension_index),
        ],
        label_subject(
            application, label_id, since_previous_label(session, application.calculation)
        ),
    )
    key = ensure_key(session, body, config, now)
    signer = signer_for(key, config)
    token = sign_credential(payload, signer)
    log_index = transparency.append(
        session, config, "label", label_id, body.did, token.encode("ascii"), now
    )
    session.add(
        Label(
            id=label_id,
            body_org_id=body.id,
            application_id=application.id,
            product_id=application.product_id,
            calculation_id=application.calculation_id,
            year=now.year,
            serial=serial,
            kid=key.kid,
            credential=token,
            credential_sha256=credential_digest(token),
            certified_kg_co2e=application.calculation.total_kg_co2e,
            valid_from=now,
            valid_until=valid_until,
            revocation_list_id=revocation_list.id,
            revocation_index=revocation_index,
            suspension_list_id=suspension_list.id,
            suspension_index=suspension_index,
            status="valid",
            status_reason=None,
            status_changed_at=None,
            log_index=log_index,
            surveillance_note=None,
            created_at=now,
        )
    )
    # The label's UNTP Digital Conformity Credential, beside it: same key, same status entries.
    untp_dcc.issue(
        session,
        config,
        untp_dcc.dcc_facts(
            config, application, label_id, token, (now, valid_until), payload["credentialStatus"]
        ),
        signer,
        now,
    )
    audit.record(
        session,
        application,
        "label_issued",
        caller.user_id,
        {
            "label_id": label_id,
            "kid": key.kid,
            "log_index": log_index,
            "credential_sha256": credential_digest(token),
        },
        now,
    )
    return label_id
