"""A body's accreditation as a UNTP Digital Identity Anchor: recorded from its accreditor.

Each body's DID document and trust list entry link here. The statement published is the
accreditation body's own DIA when one has been recorded (and is in force); otherwise the
operator's signed statement of the accreditation the body registered with, which says so in
its issuer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from certificates import (
    CLOCK_SKEW,
    CertificateError,
    assertion_key,
    decode,
    identity_anchor_credential,
    parse_accreditation,
    parse_time,
    read_identity_anchor,
    sign_credential,
    verify_jws,
)
from service.domain.ids import new_id
from service.domain.roles import OrgKind
from service.errors import NotFound, ValidationFailed
from service.persistence.models import Organisation
from service.persistence.untp import AccreditationAnchor
from service.services.context import IssuerConfig, utc_now
from service.services.labels import transparency
from service.services.labels.dcc import identity_anchor_url, scheme
from service.services.labels.signing_keys import ensure_key, operator, signer_for
from service.services.labels.verification import ServiceResolver

# As long as the trust list it complements (trust.TRUST_LIST_VALIDITY): re-signed when fetched.
STATEMENT_VALIDITY = timedelta(days=1)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _body(session: Session, org_id: str) -> Organisation:
    body = session.get(Organisation, org_id)
    if body is None or body.kind != OrgKind.CERTIFICATION_BODY.value or not body.did:
        raise NotFound(f"no certification body {org_id[:60]}")
    return body


def recorded(session: Session, org_id: str, now: datetime) -> AccreditationAnchor | None:
    """Return the newest recorded accreditor's DIA of a body that is still in force."""
    return session.scalar(
        select(AccreditationAnchor)
        .where(AccreditationAnchor.org_id == org_id, AccreditationAnchor.valid_until > now)
        .order_by(AccreditationAnchor.recorded_at.desc())
        .limit(1)
    )


def published_anchor(session: Session, config: IssuerConfig, org_id: str) -> str:
    """Return a body's accreditation identity anchor (vc+jwt): its accreditor's, or ours."""
    body = _body(session, org_id)
    now = utc_now().replace(microsecond=0)
    found = recorded(session, org_id, now)
    if found is not None:
        session.commit()
        return found.credential
    operator_org = operator(session, config, now)
    payload = identity_anchor_credential(
        identity_anchor_url(config, org_id),
        {"id": operator_org.did or "", "name": operator_org.name},
        body.did or "",
        body.name,
        parse_accreditation(body.accreditation or ""),
        [scheme(config).id],
        _iso(now),
        _iso(now + STATEMENT_VALIDITY),
    )
    token = sign_credential(
        payload, signer_for(ensure_key(session, operator_org, config, now), config)
    )
    session.commit()
    return token


def record(session: Session, config: IssuerConfig, org_id: str, token: str) -> AccreditationAnchor:
    """Record an accreditation body's DIA of a body once it verifies; log it; commit."""
    body = _body(session, org_id)
    now = utc_now().replace(microsecond=0)
    try:
        decoded = decode(token)
        anchor = read_identity_anchor(decoded.payload)
    except CertificateError as error:
        raise ValidationFailed(str(error), {"/credential": [str(error)]}) from None
    if anchor.subject_did != body.did:
        message = f"the identity anchor is about {anchor.subject_did[:100]}, not {body.did}"
        raise ValidationFailed(message, {"/credentialSubject/id": [message]})
    if anchor.issuer_did in (body.did, operator(session, config, now).did):
        message = "an accreditation is stated by the accreditation body, not by ourselves"
        raise ValidationFailed(message, {"/issuer/id": [message]})
    kid = str(decoded.header.get("kid", ""))
    try:
        if kid.split("#", 1)[0] != anchor.issuer_did:
            raise CertificateError("the key ID does not belong to the issuer")
        resolver = ServiceResolver(session, config)
        verify_jws(token, assertion_key(resolver.did_document(anchor.issuer_did), kid))
        start, end = parse_time(anchor.valid_from), parse_time(anchor.valid_until)
    except (CertificateError, ValueError) as error:
        raise ValidationFailed(str(error), {"/credential": [str(error)]}) from None
    if not start - CLOCK_SKEW <= now <= end + CLOCK_SKEW:
        raise ValidationFailed("not in force now", {"/validUntil": ["not in force now"]})
    row = AccreditationAnchor(
        id=new_id("accreditation_anchor"),
        org_id=body.id,
        issuer_did=anchor.issuer_did,
        issuer_name=anchor.issuer_name,
        registered_id=anchor.registered_id,
        credential=token.strip(),
        valid_until=end,
        recorded_at=now,
    )
    session.add(row)
    transparency.append(
        session, config, "accreditation_anchor", row.id, body.did, token.encode("ascii"), now
    )
    session.commit()
    return row
