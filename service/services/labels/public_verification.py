"""The answer of the public verification API: checks, status, reasons and endorsements."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from certificates import label_id_of
from service.errors import DependencyUnavailable
from service.services.context import IssuerConfig, utc_now
from service.services.labels.endorsements import checked_endorsements, endorsement_tokens
from service.services.labels.trust import fetch_json
from service.services.labels.verification import ServiceResolver, verify_credential
from service.services.labels.verification_answers import AnswerCache, expires_at


def _endorsement_tokens(
    session: Session, resolver: ServiceResolver, payload: dict[str, Any], token: str
) -> list[str]:
    label_id = label_id_of(payload)
    label = resolver.local_label(label_id)
    if label is not None and label[0] == token.strip():
        return endorsement_tokens(session, label_id) if resolver.has_endorsements(label_id) else []
    base = str(payload.get("id", "")).split("/l/", 1)[0]
    try:
        found = fetch_json(f"{base}/api/v1/labels/{label_id}")
    except DependencyUnavailable:
        return []
    return [str(e["credential"]) for e in found.get("endorsements", []) if "credential" in e]


def verify_submitted(
    session: Session, config: IssuerConfig, token: str, answers: AnswerCache | None = None
) -> dict[str, Any]:
    """Verify a credential and say which check failed (MalformedCredential if not a JWS).

    With answers, an answer about one of this service's labels is served from (and kept in)
    that cache while nothing it depends on has changed (verification_answers).
    """
    epoch = answers.epoch() if answers is not None else None
    now = utc_now()
    if answers is not None and epoch is not None:
        found = answers.get(token, epoch, now)
        if found is not None:
            return found
    resolver = ServiceResolver(session, config, epoch)
    body, payload = _verify(session, config, token, resolver)
    if answers is not None and epoch is not None and _ours(resolver, body, token):
        answers.put(token, epoch, expires_at(payload, now), body)
        return dict(body)
    return body


def _ours(resolver: ServiceResolver, body: dict[str, Any], token: str) -> bool:
    """Whether the credential is one this service issued (stored as submitted)."""
    label = resolver.local_label(str(body.get("label_id") or ""))
    return label is not None and label[0] == token.strip()


def _verify(
    session: Session, config: IssuerConfig, token: str, resolver: ServiceResolver
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Return the answer and the credential's payload (None if it could not be read)."""
    report = verify_credential(session, config, token, resolver)
    body: dict[str, Any] = {
        "verified": report.verified,
        "status": report.status,
        "checks": report.checks,
        "errors": report.errors,
        "endorsements": [],
    }
    if report.payload is not None:
        body["label_id"] = label_id_of(report.payload) or None
        body["issuer"] = report.payload.get("issuer")
        body["credential_type"] = report.kind or None
        # Endorsements recognise the label credential (by its digest), not its DCC.
        if report.checks["signature"] and report.kind == "label":
            label_id = label_id_of(report.payload)
            checks = checked_endorsements(
                session,
                config,
                label_id,
                token,
                _endorsement_tokens(session, resolver, report.payload, token),
                resolver,
            )
            body["endorsements"] = [
                {"endorser": c.endorser, "name": c.endorser_name, "recognised_in": c.recognised_in}
                for c in checks
                if c.valid
            ]
    return body, report.payload
