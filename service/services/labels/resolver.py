"""What a label's QR URL and a product's GTIN resolve to: an RFC 9264 linkset (UNTP IDR)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from certificates import GS1_LINK_TYPES, UNTP_LINK_TYPES, decode
from service.errors import NotFound
from service.persistence.labels import Label
from service.persistence.models import Product
from service.persistence.untp import LabelDcc
from service.services.context import IssuerConfig
from service.services.labels.dcc import certificate_url, dcc_url, label_credential_url
from service.services.labels.lifecycle import find_label

LINKSET_TYPE = "application/linkset+json"
JWT_TYPE = "application/vc+jwt"
# Link relation types: UNTP's link type vocabulary for its credentials, GS1's Web Vocabulary
# (the GS1 Digital Link resolver standard) for the page and certificate, and the VC 2.0
# status vocabulary term for a status list credential.
DCC_REL = f"{UNTP_LINK_TYPES}dcc"
DPP_REL = f"{UNTP_LINK_TYPES}dpp"
PAGE_REL = f"{GS1_LINK_TYPES}defaultLink"
CERTIFICATE_REL = f"{GS1_LINK_TYPES}certificationInfo"
STATUS_REL = "https://www.w3.org/ns/credentials/status#statusListCredential"
PAGE_LANGUAGES = ["zh-Hans", "zh-Hant", "en", "pt"]


def _target(href: str, media_type: str, title: str, **extra: Any) -> dict[str, Any]:
    return {"href": href, "type": media_type, "title": title, **extra}


def label_linkset(
    session: Session, config: IssuerConfig, label_id: str, anchor: str | None = None
) -> dict[str, Any]:
    """Return the RFC 9264 JSON linkset of a label (NotFound for an unknown label).

    anchor: the URL that was resolved (the label's QR URL unless a GTIN was).
    """
    label = find_label(session, label_id)
    page = f"{config.service_url}/l/{label.id}"
    links: dict[str, Any] = {"anchor": anchor or page}
    if session.get(LabelDcc, label.id) is not None:
        links[DCC_REL] = [
            _target(dcc_url(config, label.id), JWT_TYPE, "UNTP Digital Conformity Credential")
        ]
    links[PAGE_REL] = [
        _target(page, "text/html", "Label verification page", hreflang=list(PAGE_LANGUAGES))
    ]
    links[CERTIFICATE_REL] = [
        _target(certificate_url(config, label.id), "application/pdf", "Certificate (PDF)"),
        _target(label_credential_url(config, label.id), JWT_TYPE, "Label credential"),
    ]
    status = decode(label.credential).payload.get("credentialStatus", [])
    links[STATUS_REL] = [
        _target(entry["statusListCredential"], JWT_TYPE, f"{entry['statusPurpose']} status list")
        for entry in status
    ]
    # No product passport (UNTP DPP) is published by this service yet: no DPP_REL link.
    return {"linkset": [links]}


def label_for_gtin(session: Session, gtin: str) -> str:
    """Return the newest label of the product with this GTIN (NotFound if none)."""
    digits = gtin.strip()
    if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        raise NotFound(f"{gtin[:20]!r} is not a GTIN")
    candidates = {digits, digits.lstrip("0"), digits.zfill(14)} | {
        digits.lstrip("0").zfill(n) for n in (8, 12, 13)
    }
    found = session.scalar(
        select(Label.id)
        .join(Product, Product.id == Label.product_id)
        .where(Product.gtin.in_(candidates))
        .order_by(Label.created_at.desc(), Label.id.desc())
        .limit(1)
    )
    if found is None:
        raise NotFound(f"no label for GTIN {digits}")
    return found


def label_jwt(session: Session, label_id: str) -> str:
    """Return the credential a label's URL answers for application/vc+jwt: its DCC.

    Labels issued before DCCs existed answer with their label credential.
    """
    label = find_label(session, label_id)
    dcc = session.get(LabelDcc, label.id)
    return label.credential if dcc is None else dcc.credential
