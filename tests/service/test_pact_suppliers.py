"""Suppliers' footprints in BOMs: labels verified on entry, PACT data flagged, the cascade."""

from __future__ import annotations

import copy
import uuid
from decimal import Decimal

import pytest

from certificates.jws import decode
from tests.service.helpers import activity_line, bom_doc, create_product
from tests.service.label_helpers import (
    approve,
    certifiers,
    cheap_key_sealing,
    issue_for,
    set_status,
)

SUPPLIER_LINE = {"ref": "cells", "stage": "raw_materials", "amount": "0.25", "unit": "kg"}


@pytest.fixture()
def chain(client, make_user, monkeypatch):
    """A supplier with a certified label per kg of cells, and a buyer manufacturer."""
    cheap_key_sealing(monkeypatch)
    body = certifiers(make_user)
    supplier = make_user()
    cells = create_product(client, supplier["headers"], declared=("1", "kg"))
    label = issue_for(client, supplier["headers"], cells, body, amount="2")
    buyer = make_user()
    product = create_product(client, buyer["headers"], mass_kg="0.42")
    return {
        "body": body,
        "supplier": supplier,
        "cells": cells,
        "label": label,
        "buyer": buyer,
        "product": product,
    }


def _bom(client, chain, supplier, **line):
    lines = [activity_line(), SUPPLIER_LINE | {"supplier": supplier} | line]
    return client.post(
        f"/api/v1/products/{chain['product']}/boms",
        headers=chain["buyer"]["headers"],
        json=bom_doc(*lines),
    )


def test_a_supplier_label_is_verified_on_entry_and_counted(client, chain):
    created = _bom(client, chain, {"label_id": chain["label"].lower()})
    assert created.status_code == 201, created.json
    line = created.json["document"]["lines"][1]
    assert line["supplier"] == {"label_id": chain["label"], "verification": "verified"}
    calc = client.post(
        f"/api/v1/boms/{created.json['id']}/calculations", headers=chain["buyer"]["headers"]
    )
    assert calc.status_code == 201, calc.json
    result = calc.json
    # 2 kWh x 0.6205 (own electricity) + 0.25 kg x (2 kWh x 0.6205 per kg of cells).
    expected = Decimal("2") * Decimal("0.6205") + Decimal("0.25") * Decimal("1.241")
    assert abs(Decimal(result["total_kg_co2e"]) - expected) < Decimal("0.00001")
    suppliers = result["suppliers"]
    assert suppliers["lines"][0]["label_id"] == chain["label"]
    assert suppliers["lines"][0]["verification"] == "verified"
    assert abs(Decimal(suppliers["share"]) - Decimal("0.3103") / Decimal("1.5513")) < Decimal(
        "0.001"
    )


def test_bad_supplier_lines_are_422_naming_the_field(client, chain):
    wrong_unit = _bom(client, chain, {"label_id": chain["label"]}, unit="kWh")
    assert wrong_unit.status_code == 422 and "/lines/1/unit" in wrong_unit.json["errors"]
    unknown = _bom(client, chain, {"label_id": "GBA-GDXX-2026-000001-0"})
    assert unknown.status_code == 422
    assert "/lines/1/supplier/label_id" in unknown.json["errors"]
    both = _bom(client, chain, {"label_id": chain["label"], "pact_id": str(uuid.uuid4())})
    assert both.status_code == 422
    suspended = set_status(client, chain["label"], "suspend", chain["body"]["decider"]["headers"])
    assert suspended.status_code == 200
    refused = _bom(client, chain, {"label_id": chain["label"]})
    assert refused.status_code == 422
    assert "suspended" in refused.json["errors"]["/lines/1/supplier/label_id"][0]


def _pact_footprint(unit="kilogram", status="Active", pf_id=None):
    return {
        "id": pf_id or str(uuid.uuid4()),
        "specVersion": "3.0.0",
        "created": "2026-01-01T00:00:00Z",
        "status": status,
        "companyName": "Cell Supplier Ltd",
        "companyIds": ["urn:uuid:5a1e3c8e-1111-4222-8333-944455556666"],
        "productDescription": "Cells",
        "productIds": ["urn:gtin:06901234567892"],
        "productNameCompany": "Cells",
        "pcf": {
            "declaredUnitOfMeasurement": unit,
            "declaredUnitAmount": "1",
            "productMassPerDeclaredUnit": "1",
            "referencePeriodStart": "2025-01-01T00:00:00Z",
            "referencePeriodEnd": "2026-01-01T00:00:00Z",
            "pcfExcludingBiogenicUptake": "4.0",
            "pcfIncludingBiogenicUptake": "4.0",
            "fossilGhgEmissions": "3.5",
            "fossilCarbonContent": "0",
            "ipccCharacterizationFactors": ["AR6"],
            "crossSectoralStandards": ["ISO14067"],
            "exemptedEmissionsPercent": "0",
        },
    }


def test_a_pact_footprint_is_unverified_supplier_data(client, chain):
    headers = chain["buyer"]["headers"]
    footprint = _pact_footprint()
    received = client.post("/api/v1/supplier-footprints", headers=headers, json=footprint)
    assert received.status_code == 201, received.json
    created = _bom(client, chain, {"pact_id": footprint["id"]})
    assert created.status_code == 201, created.json
    assert created.json["document"]["lines"][1]["supplier"]["verification"] == "unverified"
    calc = client.post(f"/api/v1/boms/{created.json['id']}/calculations", headers=headers).json
    expected = Decimal("2") * Decimal("0.6205") + Decimal("0.25") * Decimal("4.0")
    assert abs(Decimal(calc["total_kg_co2e"]) - expected) < Decimal("0.00001")
    assert calc["suppliers"]["lines"][0]["verification"] == "unverified"
    # Units must match the footprint's declared unit.
    per_piece = _pact_footprint(unit="piece")
    client.post("/api/v1/supplier-footprints", headers=headers, json=per_piece)
    mismatch = _bom(client, chain, {"pact_id": per_piece["id"]})
    assert mismatch.status_code == 422 and "/lines/1/unit" in mismatch.json["errors"]
    # Another manufacturer cannot use it.
    other = _bom(
        client,
        chain | {"buyer": chain["supplier"], "product": chain["cells"]},
        {"pact_id": footprint["id"]},
    )
    assert other.status_code == 422
    bad = copy.deepcopy(footprint)
    bad["pcf"]["declaredUnitOfMeasurement"] = "square meter"
    refused = client.post(
        "/api/v1/supplier-footprints", headers=headers, json=bad | {"id": str(uuid.uuid4())}
    )
    assert refused.status_code == 422
    assert "/pcf/declaredUnitOfMeasurement" in refused.json["errors"]


def _certify(client, chain, supplier):
    created = _bom(client, chain, supplier)
    headers = chain["buyer"]["headers"]
    client.post(f"/api/v1/boms/{created.json['id']}/calculations", headers=headers)
    body = chain["body"]
    applied = client.post(
        f"/api/v1/boms/{created.json['id']}/applications",
        headers=headers,
        json={"certification_body": body["body"]},
    ).json
    client.post(
        f"/api/v1/applications/{applied['id']}/review",
        headers=body["reviewer"]["headers"],
        json={"outcome": "recommend_approval", "note": "ok"},
    )
    decided = approve(client, body, applied["id"])
    assert decided.status_code == 200, decided.json
    return decided.json["label_id"]


def _flagged(client, chain):
    listed = client.get(
        "/api/v1/labels?surveillance=true", headers=chain["body"]["decider"]["headers"]
    )
    assert listed.status_code == 200, listed.json
    return {item["label_id"]: item["surveillance_note"] for item in listed.json["items"]}


def test_the_credential_names_supplier_labels_and_revocation_cascades(client, chain, session):
    from service.services.footprints.supplier_uses import supplier_alerts

    label = _certify(client, chain, {"label_id": chain["label"]})
    credential = client.get(f"/api/v1/labels/{label}").json["credential"]
    assert decode(credential).payload["credentialSubject"]["supplierLabels"] == [chain["label"]]
    assert label not in _flagged(client, chain)
    revoked = set_status(
        client, chain["label"], "revoke", chain["body"]["decider"]["headers"], "false data"
    )
    assert revoked.status_code == 200
    flagged = _flagged(client, chain)
    assert chain["label"] in flagged[label] and "revoked" in flagged[label]
    (alert,) = supplier_alerts(session, chain["product"])
    assert alert.ref == chain["label"] and "false data" in (alert.flag or "")
    # The manufacturer sees it on the product page, in its language.
    with client.session_transaction() as cookie:
        cookie["user_id"] = chain["buyer"]["user_id"]
        cookie["email"], cookie["role"] = "buyer@x.test", "manufacturer"
    for lang, heading in (("en", "Supplier inputs changed"), ("zh_Hant", "供應商輸入已變更")):
        page = client.get(f"/products/{chain['product']}?lang={lang}")
        assert page.status_code == 200
        assert heading in page.text and chain["label"] in page.text


def test_superseded_labels_and_deprecated_footprints_cascade(client, chain, session):
    label = _certify(client, chain, {"label_id": chain["label"]})
    # The supplier certifies a new version of its cells: the old label is superseded.
    issue_for(client, chain["supplier"]["headers"], chain["cells"], chain["body"], amount="3")
    assert "superseded" in _flagged(client, chain)[label]
    headers = chain["buyer"]["headers"]
    footprint = _pact_footprint()
    client.post("/api/v1/supplier-footprints", headers=headers, json=footprint)
    pact_label = _certify(client, chain, {"pact_id": footprint["id"]})
    # The reviewer saw the PACT line flagged as unverified supplier data.
    decider = chain["body"]["decider"]["headers"]
    listed = client.get("/api/v1/labels", headers=decider).json["items"]
    (application_id,) = [i["application_id"] for i in listed if i["label_id"] == pact_label]
    reviewer = chain["body"]["reviewer"]["headers"]
    sheet = client.get(f"/api/v1/applications/{application_id}", headers=reviewer).json
    codes = {(f["code"], f["line_ref"]) for f in sheet["flags"]}
    assert ("unverified_supplier_data", "cells") in codes
    assert pact_label not in _flagged(client, chain)
    deprecated = client.post(
        "/api/v1/supplier-footprints", headers=headers, json=footprint | {"status": "Deprecated"}
    )
    assert deprecated.status_code == 201
    assert "deprecated" in _flagged(client, chain)[pact_label]


def test_pulling_a_registered_supplier_partners_footprints(client, chain, session):
    from service.services import pact
    from tests.service.pact_listener import CLIENT_ID, CLIENT_SECRET, Listener

    headers = chain["buyer"]["headers"]
    with Listener() as supplier:
        good = [_pact_footprint(), _pact_footprint(unit="piece")]
        bad = _pact_footprint(unit="hour")
        supplier.footprints = [*good, bad]
        supplier.foreign_link = "https://elsewhere.example/3/footprints?offset=9"
        unknown = client.post(
            "/api/v1/supplier-footprints/pull", headers=headers, json={"partner": supplier.url}
        )
        assert unknown.status_code == 422 and "/partner" in unknown.json["errors"]
        pact.add_partner(session, supplier.url, CLIENT_ID, CLIENT_SECRET, True)
        pulled = client.post(
            "/api/v1/supplier-footprints/pull", headers=headers, json={"partner": supplier.url}
        )
        assert pulled.status_code == 200, pulled.json
        assert pulled.json["received"] == [f["id"] for f in good]
        assert pulled.json["refused"][0]["index"] == 2
        assert supplier.footprint_gets == 3  # the off-host link was not followed
    created = _bom(client, chain, {"pact_id": good[0]["id"]})
    assert created.status_code == 201, created.json


def test_a_published_event_from_the_supplier_refreshes_and_cascades(app, client, chain, session):
    from dataclasses import replace

    from service import create_app
    from service.services import pact
    from tests.service.pact_listener import CLIENT_ID, CLIENT_SECRET, Listener

    state = app.extensions["gba"]
    inline_app = create_app(replace(state.settings, jobs_backend="inline"), state.session_factory)
    inline = inline_app.test_client()
    headers = chain["buyer"]["headers"]
    footprint = _pact_footprint()
    client.post("/api/v1/supplier-footprints", headers=headers, json=footprint)
    label = _certify(client, chain, {"pact_id": footprint["id"]})
    # The supplier holds credentials we issued for the buyer, and is a registered partner.
    supplier_client, secret = pact.create_client(session, chain["buyer"]["org_id"], "Cells Ltd")
    token = inline.post(
        "/pact/auth/token",
        data={"grant_type": "client_credentials"},
        auth=(supplier_client.id, secret),
    ).json["access_token"]
    with Listener() as supplier:
        pact.add_partner(session, supplier.url, CLIENT_ID, CLIENT_SECRET, True)
        supplier.footprints = [footprint | {"status": "Deprecated"}]
        published = inline.post(
            "/pact/3/events",
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/cloudevents+json",
            },
            json={
                "specversion": "1.0",
                "id": str(uuid.uuid4()),
                "source": supplier.url,
                "time": "2026-12-01T10:30:00Z",
                "type": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3",
                "data": {"pfIds": [footprint["id"]]},
            },
        )
        assert published.status_code == 200, published.json
    assert "deprecated" in _flagged(client, chain)[label]
