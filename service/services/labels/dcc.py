"""A label's UNTP Digital Conformity Credential: issued, signed and logged with the label."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from certificates import (
    DccFacts,
    Party,
    Scheme,
    Signer,
    credential_digest,
    dcc_credential,
    decode,
    parse_accreditation,
    sign_credential,
)
from service.domain.decimals import to_text
from service.errors import NotFound
from service.persistence.certification import Application
from service.persistence.labels import Label
from service.persistence.untp import LabelDcc
from service.services.context import IssuerConfig, utc_now
from service.services.labels import transparency
from service.services.labels.signing_keys import OPERATOR_NAME, ensure_key, host_did, signer_for

CHARACTERISATION = "IPCC AR6 GWP100"  # as the label credential states it (label_subject)
# The scheme is the one LABELS.md describes; its version 1 took effect with the first signed
# labels (migration 0003, 2026-11-25).
SCHEME_NAME = "GBA carbon footprint label scheme"
SCHEME_VERSION = "1"
SCHEME_VALID_FROM = "2026-11-25"
ENVELOPE_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def label_credential_url(config: IssuerConfig, label_id: str) -> str:
    """Return where a label's own credential (vc+jwt) is published."""
    return f"{config.service_url}/api/v1/labels/{label_id}/credential"


def dcc_url(config: IssuerConfig, label_id: str) -> str:
    """Return where a label's DCC (vc+jwt) is published (also the DCC's id)."""
    return f"{config.service_url}/api/v1/labels/{label_id}/dcc"


def identity_anchor_url(config: IssuerConfig, org_id: str) -> str:
    """Return where a body's accreditation identity anchor (a UNTP DIA, vc+jwt) is published."""
    return f"{config.service_url}/api/v1/bodies/{org_id}/identity-anchor"


def certificate_url(config: IssuerConfig, label_id: str) -> str:
    """Return where a label's PDF certificate is published."""
    return f"{config.service_url}/api/v1/labels/{label_id}/certificate.pdf"


def product_uri(config: IssuerConfig, gtin: str | None, product_id: str) -> str:
    """Return a product's identifier: a GS1 Digital Link URI (ISO/IEC 18975) when it has a GTIN."""
    if gtin:
        return f"{config.service_url}/01/{gtin.zfill(14)}"
    return f"urn:gba-footprint:product:{product_id}"


def scheme(config: IssuerConfig) -> Scheme:
    """Return the certification scheme every label is issued under."""
    return Scheme(
        id=f"{config.service_url}/schemes/carbon-footprint-label/{SCHEME_VERSION}",
        name=SCHEME_NAME,
        description=(
            "Third-party certification of product carbon footprints (ISO 14067:2018, "
            "GB/T 24067-2024) by accredited bodies of Guangdong, Hong Kong and Macao"
        ),
        version=SCHEME_VERSION,
        valid_from=SCHEME_VALID_FROM,
        owner=Party(host_did(config), OPERATOR_NAME),
    )


def _metrics(result: dict[str, Any]) -> list[tuple[str, str]]:
    parts = result["parts"]
    total = Decimal(result["total_kg_co2e"])
    return [
        ("total excluding biogenic uptake", result["total_kg_co2e"]),
        ("total including biogenic uptake", to_text(total + Decimal(parts["biogenic_uptake"]))),
        ("fossil", parts["fossil"]),
        ("biogenic", parts["biogenic"]),
        ("land-use change", parts["land_use_change"]),
    ]


def dcc_facts(
    config: IssuerConfig,
    application: Application,
    label_id: str,
    label_token: str,
    times: tuple[datetime, datetime],
    status: list[dict[str, str]],
) -> DccFacts:
    """Gather what a label's DCC states from the approved application and the signed label."""
    body, product = application.body, application.product
    result = application.calculation.result
    document = application.bom.document
    declared = result["declared_unit"]
    names = dict(product.names)
    product_name = names.get("en") or next(iter(names.values()), product.sku)
    return DccFacts(
        credential_url=dcc_url(config, label_id),
        attestation_url=f"{config.service_url}/l/{label_id}",
        label_id=label_id,
        issuer=Party(body.did or "", body.name),
        accreditation=parse_accreditation(body.accreditation or ""),
        valid_from=times[0].strftime("%Y-%m-%dT%H:%M:%SZ"),
        valid_until=times[1].strftime("%Y-%m-%dT%H:%M:%SZ"),
        status=status,
        manufacturer=Party(
            f"urn:gba-footprint:organisation:{application.manufacturer_org_id}",
            application.manufacturer.name,
            application.manufacturer_org_id,
        ),
        product=Party(product_uri(config, product.gtin, product.id), product_name),
        gtin=product.gtin.zfill(14) if product.gtin else None,
        scheme=scheme(config),
        assessment_date=times[0].date().isoformat(),
        declared_unit=f"{declared['amount']} {declared['unit']}",
        boundary=str(document["system_boundary"]),
        method=CHARACTERISATION,
        metrics=_metrics(result),
        certificate_url=certificate_url(config, label_id),
        label_credential_url=label_credential_url(config, label_id),
        label_credential_sha256=credential_digest(label_token),
        pcr=product.pcr,
        anchor_url=identity_anchor_url(config, body.id),
    )


def issue(
    session: Session, config: IssuerConfig, facts: DccFacts, signer: Signer, now: datetime
) -> LabelDcc:
    """Sign a label's DCC and append it to the transparency log (the caller commits).

    It is signed by the same key, carries the label's own status list entries (so revoking
    or suspending the label revokes or suspends the DCC) and is logged as a "label_dcc".
    """
    token = sign_credential(dcc_credential(facts), signer)
    log_index = transparency.append(
        session, config, "label_dcc", facts.label_id, facts.issuer.id, token.encode("ascii"), now
    )
    row = LabelDcc(
        label_id=facts.label_id,
        credential=token,
        credential_sha256=credential_digest(token),
        log_index=log_index,
        created_at=now,
    )
    session.add(row)
    return row


def find_dcc(session: Session, label_id: str) -> LabelDcc:
    """Return the DCC of a label (by its canonical ID), or raise NotFound."""
    found = session.get(LabelDcc, label_id)
    if found is None:
        raise NotFound(f"label {label_id} has no UNTP credential")
    return found


def enveloped(token: str) -> dict[str, Any]:
    """Return a vc+jwt credential as a VC 2.0 EnvelopedVerifiableCredential."""
    return {
        "@context": [ENVELOPE_CONTEXT],
        "type": "EnvelopedVerifiableCredential",
        "id": f"data:application/vc+jwt,{token}",
    }


def issue_missing(session: Session, config: IssuerConfig, limit: int = 1000) -> list[str]:
    """Give labels issued before DCCs existed their DCC; return their IDs (commits each).

    Each DCC states the label's own validity and status list entries, so it is revoked or
    suspended with its label; it is signed with the body's current key (the label's may be
    retired). Revoked labels get none.
    """
    missing = session.scalars(
        select(Label)
        .outerjoin(LabelDcc, LabelDcc.label_id == Label.id)
        .where(LabelDcc.label_id.is_(None), Label.status != "revoked")
        .order_by(Label.created_at)
        .limit(limit)
    ).all()
    issued = []
    for label in missing:
        application = session.get(Application, label.application_id)
        assert application is not None  # labels.application_id is a foreign key
        status = decode(label.credential).payload["credentialStatus"]
        facts = dcc_facts(
            config,
            application,
            label.id,
            label.credential,
            (label.valid_from, label.valid_until),
            status,
        )
        now = utc_now().replace(microsecond=0)
        key = ensure_key(session, label.body, config, now)
        issue(session, config, facts, signer_for(key, config), now)
        session.commit()
        issued.append(label.id)
    return issued
