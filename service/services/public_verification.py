"""The answer of the public verification API: checks, status, reasons and endorsements."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from service.errors import DependencyUnavailable
from service.services.context import IssuerConfig
from service.services.endorsements import checked_endorsements, endorsement_tokens
from service.services.trust import fetch_json
from service.services.verification import ServiceResolver, verify_credential


def _endorsement_tokens(
    session: Session, resolver: ServiceResolver, payload: dict[str, Any], token: str
) -> list[str]:
    label_id = str(payload.get("credentialSubject", {}).get("labelId", ""))
    label = resolver.local_label(label_id)
    if label is not None and label[0] == token.strip():
        return endorsement_tokens(session, label_id)
    base = str(payload.get("id", "")).split("/l/", 1)[0]
    try:
        found = fetch_json(f"{base}/api/v1/labels/{label_id}")
    except DependencyUnavailable:
        return []
    return [str(e["credential"]) for e in found.get("endorsements", []) if "credential" in e]


def verify_submitted(session: Session, config: IssuerConfig, token: str) -> dict[str, Any]:
    """Verify a credential and say which check failed (MalformedCredential if not a JWS)."""
    resolver = ServiceResolver(session, config)
    report = verify_credential(session, config, token, resolver)
    body: dict[str, Any] = {
        "verified": report.verified,
        "status": report.status,
        "checks": report.checks,
        "errors": report.errors,
        "endorsements": [],
    }
    if report.payload is not None:
        subject = report.payload.get("credentialSubject", {})
        body["label_id"] = subject.get("labelId")
        body["issuer"] = report.payload.get("issuer")
        if report.checks["signature"]:
            label_id = str(subject.get("labelId", ""))
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
    return body
