"""Endorsements: a recognised body recognising another body's label, and accepting them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from certificates import (
    EndorsementCheck,
    check_endorsement,
    endorsement_credential,
    sign_credential,
)
from service.domain.ids import new_id
from service.domain.roles import Role
from service.domain.timestamps import utc_text
from service.errors import Conflict, Forbidden, ValidationFailed
from service.persistence.labels import Endorsement
from service.persistence.models import Organisation
from service.services.context import Caller, IssuerConfig, utc_now
from service.services.labels import transparency
from service.services.labels.lifecycle import find_label
from service.services.labels.signing_keys import ensure_key, signer_for
from service.services.labels.trust import trusted_issuers
from service.services.labels.verification import ServiceResolver, verify_credential


def endorse(session: Session, caller: Caller, config: IssuerConfig, label_token: str) -> str:
    """Sign this body's endorsement of a valid label from a recognised issuer; return it."""
    if caller.role != Role.DECISION_MAKER:
        raise Forbidden("only a decision maker endorses labels for their body")
    body = session.get(Organisation, caller.org_id)
    assert body is not None  # the caller's organisation exists
    report = verify_credential(session, config, label_token)
    if not report.verified or report.payload is None:
        raise ValidationFailed(
            "only a verified, valid label can be endorsed",
            {"/credential": report.errors or [f"the label is {report.status}"]},
        )
    if report.kind != "label":
        raise ValidationFailed(
            "endorse the label credential, not its UNTP DCC",
            {"/credential": ["a UNTP Digital Conformity Credential is not endorsed"]},
        )
    if report.payload["issuer"]["id"] == body.did:
        raise Conflict("a body does not endorse its own labels")
    now = utc_now().replace(microsecond=0)
    label_id = str(report.payload["credentialSubject"]["labelId"])
    payload = endorsement_credential(
        f"{config.service_url}/api/v1/endorsements/{new_id('endorsement')}",
        {"id": body.did or "", "name": body.name},
        label_id,
        label_token,
        body.jurisdiction or "",
        utc_text(now),
        str(report.payload["validUntil"]),
    )
    token = sign_credential(payload, signer_for(ensure_key(session, body, config, now), config))
    transparency.append(
        session, config, "endorsement", label_id, body.did, token.encode("ascii"), now
    )
    _store(session, label_id, body.did or "", body.jurisdiction or "", token)
    session.commit()
    return token


def _store(session: Session, label_id: str, endorser: str, where: str, token: str) -> None:
    exists = session.scalar(
        select(Endorsement.id).where(
            Endorsement.label_id == label_id, Endorsement.credential == token
        )
    )
    if exists is None:
        session.add(
            Endorsement(
                id=new_id("endorsement"),
                label_id=label_id,
                endorser_did=endorser,
                recognised_in=where,
                credential=token,
                created_at=utc_now(),
            )
        )


def accept(session: Session, config: IssuerConfig, label_id: str, token: str) -> EndorsementCheck:
    """Record another body's endorsement of one of this service's labels, once verified."""
    label = find_label(session, label_id)
    check = check_endorsement(
        token,
        label.id,
        label.credential,
        trusted_issuers(session, config),
        ServiceResolver(session, config),
        utc_now(),
    )
    if not check.valid:
        raise ValidationFailed("the endorsement does not verify", {"/endorsement": check.errors})
    _store(session, label.id, check.endorser, check.recognised_in, token)
    session.commit()
    return check


def checked_endorsements(
    session: Session,
    config: IssuerConfig,
    label_id: str,
    label_token: str,
    tokens: list[str],
    resolver: ServiceResolver | None = None,
) -> list[EndorsementCheck]:
    """Verify each endorsement of a label; only valid ones count."""
    if not tokens:
        return []
    resolver = resolver or ServiceResolver(session, config)
    trust = resolver.trusted()
    now = utc_now()
    return [check_endorsement(t, label_id, label_token, trust, resolver, now) for t in tokens]


def endorsement_tokens(session: Session, label_id: str) -> list[str]:
    """Return the stored endorsements of a label."""
    query = select(Endorsement.credential).where(Endorsement.label_id == label_id)
    return list(session.scalars(query.order_by(Endorsement.created_at)))
