"""Read model of the public verification page (the QR code's target): one call per page."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from certificates import KeyUnavailable, did_web_url
from service.errors import NotFound
from service.services.context import IssuerConfig
from service.services.labels.endorsements import checked_endorsements
from service.services.labels.lifecycle import public_label
from service.services.labels.signing_keys import host_did


def _local(config: IssuerConfig, url: str) -> str:
    """Return a URL of this service as a path (links then work behind any host name)."""
    if url.startswith(config.service_url + "/"):
        return url.removeprefix(config.service_url)
    return url


def _did_document(config: IssuerConfig, did: str) -> str | None:
    """Return where the issuer's DID document is published, if the DID is a did:web."""
    try:
        scheme = "http" if config.service_url.startswith("http:") else "https"
        url = did_web_url(did, scheme if did.startswith(host_did(config)) else "https")
    except KeyUnavailable:
        return None
    return _local(config, url)


def _links(config: IssuerConfig, found: dict[str, Any]) -> dict[str, Any]:
    label_id = found["label_id"]
    api = f"/api/v1/labels/{label_id}"
    receipt = found["log_receipt"]
    return {
        "credential": api,
        "did_document": _did_document(config, found["issuer"]["id"] or ""),
        "status_lists": [
            {"purpose": entry.get("statusPurpose", ""), "url": _local(config, url)}
            for entry in found["credential_status"]
            if isinstance(url := entry.get("statusListCredential"), str)
        ],
        "log_inclusion": (
            f"/api/v1/log/proof/inclusion?index={receipt['index']}&tree_size={receipt['tree_size']}"
        ),
        "checkpoint": "/api/v1/log/checkpoint",
        "certificate": f"{api}/certificate.pdf",
        # The label as a UNTP Digital Conformity Credential, and its resolver linkset.
        "dcc": f"{api}/dcc" if found.get("untp_dcc") else None,
        "linkset": f"/l/{label_id}?linkType=all",
        "label_svg": f"{api}/label.svg",
    }


def label_page(session: Session, config: IssuerConfig, label_id: str) -> dict[str, Any] | None:
    """Return what the verification page shows of a label, or None for an unknown or bad ID.

    Endorsements are shown only when they verify now (signature, trusted endorser, the
    label's digest), so a stored but forged or expired endorsement never appears.
    """
    try:
        found = public_label(session, label_id)
    except NotFound:
        session.rollback()
        return None
    tokens = [str(e["credential"]) for e in found["endorsements"]]
    checks = (
        checked_endorsements(session, config, found["label_id"], found["credential"], tokens)
        if tokens
        else []
    )
    # End the read transaction: nothing stays open while the page renders.
    session.commit()
    return {
        "label_id": found["label_id"],
        "status": found["status"],
        "status_reason": found["status_reason"],
        "issuer": found["issuer"],
        "subject": found["subject"],
        "valid_from": found["valid_from"],
        "valid_until": found["valid_until"],
        "log_index": found["log_receipt"]["index"],
        "endorsements": [
            {"endorser": c.endorser, "name": c.endorser_name, "recognised_in": c.recognised_in}
            for c in checks
            if c.valid
        ],
        "links": _links(config, found),
    }
