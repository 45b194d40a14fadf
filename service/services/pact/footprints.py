"""Reading PACT v3 footprints: a client sees only its manufacturer's certified labels."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.pact_query import FootprintQuery, matches
from service.persistence.certification import Application
from service.persistence.labels import Label
from service.persistence.pact import PactClient
from service.services.context import IssuerConfig
from service.services.labels.issuance import verification_url
from service.services.pact.errors import NotFound
from service.services.pact.footprint_model import (
    EXTENSION_VERSION,
    NOT_COVERED,
    SPEC_VERSION,
    LabelRow,
    carbon_footprint,
    company_id,
    footprint_id,
    pact_status,
    product_urns,
    publishable,
)

# A manufacturer's labels are read whole and filtered in memory (not yet measured at scale);
# beyond this many the newest only are served, so that a listing stays within a request's budget.
MAX_LABELS_READ = 2000
EXTENSION_PATH = "/pact/extensions/gba-label/1.0.0/schema.json"


def label_rows(session: Session, org_id: str) -> list[LabelRow]:
    """Return the manufacturer's labels in issue order, each with its place in history."""
    query = (
        select(Label, Application)
        .join(Application, Application.id == Label.application_id)
        .where(Application.manufacturer_org_id == org_id)
        .order_by(Label.created_at.desc(), Label.id.desc())
        .limit(MAX_LABELS_READ)
    )
    pairs = [(row[0], row[1]) for row in reversed(session.execute(query).all())]
    by_product: dict[str, list[str]] = {}
    rows: list[LabelRow] = []
    for label, application in pairs:
        earlier = by_product.setdefault(label.product_id, [])
        rows.append(LabelRow(label, application, tuple(earlier), None))
        earlier.append(label.id)
    latest = {ids[-1] for ids in by_product.values()}
    following: dict[str, str] = {}
    for ids in by_product.values():
        following.update(itertools.pairwise(ids))
    return [
        LabelRow(r.label, r.application, r.preceding_label_ids, following.get(r.label.id))
        if r.label.id not in latest
        else r
        for r in rows
        if publishable(r.application)
    ]


def _extension(row: LabelRow, config: IssuerConfig) -> dict[str, Any]:
    label = row.label
    data: dict[str, Any] = {
        "labelId": label.id,
        "credential": label.credential,
        "credentialMediaType": "application/vc+jwt",
        "verificationUrl": verification_url(config, label.id),
        "issuer": label.body.did or "",
        "labelStatus": label.status,
        "biogenicEmissions": row.application.calculation.result["parts"]["biogenic"],
        "dataQualityRating": row.application.calculation.result["data_quality"]["rating"],
        "notCovered": list(NOT_COVERED),
    }
    if label.status_reason and label.status in ("revoked", "suspended"):
        data["statusReason"] = label.status_reason
    if row.superseded_by:
        data["supersededBy"] = footprint_id(row.superseded_by)
    return {
        "specVersion": EXTENSION_VERSION,
        "dataSchema": f"{config.service_url}{EXTENSION_PATH}",
        "data": data,
    }


def build_footprint(row: LabelRow, config: IssuerConfig) -> dict[str, Any]:
    """Return the ProductFootprint of one label (JSON, decimals as strings)."""
    application, label = row.application, row.label
    product = application.product
    names = product.names
    name = names.get("en") or next(iter(names.values()))
    footprint: dict[str, Any] = {
        "id": footprint_id(label.id),
        "specVersion": SPEC_VERSION,
        "created": label.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": pact_status(row),
        "validityPeriodStart": label.valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "validityPeriodEnd": label.valid_until.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "companyName": application.manufacturer.name,
        "companyIds": [company_id(application.manufacturer_org_id)],
        "productDescription": " / ".join(names[lang] for lang in sorted(names)),
        "productIds": product_urns(application),
        "productNameCompany": name,
        "comment": (
            f"Certified label {label.id}; verify its credential (extension) offline. "
            f"Not determined by the calculation: {', '.join(NOT_COVERED)}."
        ),
        "pcf": carbon_footprint(application, label),
        "extensions": [_extension(row, config)],
    }
    if row.preceding_label_ids:
        footprint["precedingPfIds"] = [footprint_id(i) for i in row.preceding_label_ids]
    return footprint


def _all(session: Session, client: PactClient, config: IssuerConfig) -> Iterable[dict[str, Any]]:
    for row in label_rows(session, client.org_id):
        yield build_footprint(row, config)


def list_footprints(
    session: Session,
    client: PactClient,
    config: IssuerConfig,
    query: FootprintQuery,
    offset: int,
    limit: int,
) -> tuple[list[dict[str, Any]], bool]:
    """Return one page of matching footprints, newest first, and whether more follow."""
    found = [f for f in _all(session, client, config) if matches(f, query)]
    found.reverse()
    return found[offset : offset + limit], len(found) > offset + limit


def get_footprint(
    session: Session, client: PactClient, config: IssuerConfig, pf_id: str
) -> dict[str, Any]:
    """Return one footprint the client may see, or raise NotFound."""
    wanted = pf_id.strip().lower()
    for row in label_rows(session, client.org_id):
        if footprint_id(row.label.id) == wanted:
            return build_footprint(row, config)
    raise NotFound(f"footprint with id {pf_id[:80]!r} does not exist")
