"""Every label has a UNTP 0.6.1 Digital Conformity Credential, and its QR URL resolves to it."""

from __future__ import annotations

from hashlib import sha256
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from certificates.did import assertion_key, did_web_path
from certificates.jws import decode, verify
from service.persistence.labels import LogEntry
from service.persistence.untp import LabelDcc
from tests.service.label_helpers import (
    HOSTED_DID,
    certifiers,
    cheap_key_sealing,
    issue_for,
    public,
    run_cli,
    set_status,
)
from tests.service.label_helpers import verify as verify_api
from tests.untp_files import requires_untp, untp_problems

LINKSET = "application/linkset+json"
JWT = "application/vc+jwt"
GTIN = "06901234567892"
DCC_REL = "https://test.uncefact.org/vocabulary/linkTypes/dcc"


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


@pytest.fixture()
def gtin_product(client, headers):
    response = client.post(
        "/api/v1/products",
        headers=headers,
        json={
            "sku": "PB-1",
            "gtin": GTIN,
            "names": {"en": "Power bank", "zh-Hans": "移动电源"},
            "declared_unit": {"amount": "1", "unit": "piece"},
        },
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


@pytest.fixture()
def issued(client, make_user, headers, gtin_product):
    body = certifiers(make_user, did=HOSTED_DID, label_code="SZ")
    label_id = issue_for(client, headers, gtin_product, body)
    return {"label_id": label_id, "body": body}


def _dcc_token(client, label_id):
    envelope = public(client, label_id)["untp_dcc"]
    assert envelope["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    prefix = "data:application/vc+jwt,"
    assert envelope["id"].startswith(prefix)
    return envelope["id"].removeprefix(prefix)


def _path(url):
    return url.removeprefix("http://gba.test")


@requires_untp
def test_every_issued_dcc_passes_untp_validation_and_verifies_with_the_did_document(
    client, session, issued
):
    token = _dcc_token(client, issued["label_id"])
    decoded = decode(token)
    assert decoded.header["typ"] == "vc+jwt" and decoded.header["alg"] == "EdDSA"
    payload = decoded.payload
    assert untp_problems(payload) == []
    # Signature: with the key the body's DID document publishes (served by this service).
    document = client.get(did_web_path(HOSTED_DID)).json
    assert verify(token, assertion_key(document, decoded.header["kid"])) == payload
    subject = payload["credentialSubject"]
    assert subject["id"] == f"http://gba.test/l/{issued['label_id']}"
    assessment = subject["assessment"][0]
    assert assessment["conformityTopic"] == "environment.emissions"
    assert assessment["referenceStandard"]["name"].startswith("ISO 14067:2018")
    product = assessment["assessedProduct"][0]["product"]
    assert product["id"] == f"http://gba.test/01/{GTIN}" and product["registeredId"] == GTIN
    label = public(client, issued["label_id"])
    total = float(label["subject"]["pcfExcludingBiogenicUptake"])
    assert assessment["declaredValue"][0]["metricValue"] == {
        "type": ["Measure"],
        "value": total,
        "unit": "KGM",
    }
    # The same status list entries as the label's, and its own entry in the transparency log.
    assert payload["credentialStatus"] == label["credential_status"]
    row = session.get(LabelDcc, issued["label_id"])
    entry = session.scalar(select(LogEntry).where(LogEntry.idx == row.log_index))
    assert entry.kind == "label_dcc" and entry.entry == token.encode("ascii")
    assert label["untp_dcc_log_receipt"]["index"] == row.log_index
    # The evidence link is the label credential, by URL and SHA-256.
    evidence = subject["auditableEvidence"]
    fetched = client.get(_path(evidence["linkURL"]))
    assert fetched.status_code == 200 and fetched.mimetype == JWT
    assert sha256(fetched.data).hexdigest() == evidence["hashDigest"]
    # The certificate and the accreditation's identity anchor resolve too.
    certificate = client.get(_path(subject["conformityCertificate"]["linkURL"]))
    assert certificate.status_code == 200 and certificate.data.startswith(b"%PDF")
    (authorisation,) = subject["authorisation"]
    assert authorisation["issuingAuthority"]["name"].startswith("China National Accreditation")
    anchor = client.get(_path(authorisation["endorsementEvidence"]["linkURL"]))
    assert anchor.status_code == 200 and anchor.mimetype == JWT
    assert decode(anchor.text).payload["credentialSubject"]["id"] == HOSTED_DID
    assert payload["issuer"]["issuerAlsoKnownAs"][0]["registeredId"] == "C000-P"


@requires_untp
def test_the_label_credential_itself_is_not_a_dcc(client, issued):
    payload = decode(public(client, issued["label_id"])["credential"]).payload
    problems = untp_problems(payload)
    assert any(p.startswith("UNTP DCC schema /type") for p in problems), problems
    assert any(p.startswith("UNTP DCC schema /@context") for p in problems), problems


def test_the_verifier_accepts_both_and_revocation_shows_in_the_dcc(client, issued):
    label_id = issued["label_id"]
    label_token = public(client, label_id)["credential"]
    dcc_token = _dcc_token(client, label_id)
    for token, kind in ((label_token, "label"), (dcc_token, "dcc")):
        answer = verify_api(client, token)
        assert answer["verified"] is True, answer
        assert answer["credential_type"] == kind and answer["label_id"] == label_id
    decider = issued["body"]["decider"]["headers"]
    assert set_status(client, label_id, "suspend", decider).status_code == 200
    assert verify_api(client, dcc_token)["status"] == "suspended"
    assert set_status(client, label_id, "reinstate", decider).status_code == 200
    assert verify_api(client, dcc_token)["verified"] is True
    assert set_status(client, label_id, "revoke", decider).status_code == 200
    answer = verify_api(client, dcc_token)
    assert answer["status"] == "revoked" and answer["verified"] is False


def test_a_tampered_dcc_fails_its_signature(client, issued):
    token = _dcc_token(client, issued["label_id"])
    head, body, signature = token.split(".")
    tampered = f"{head}.{body}.{'A' * len(signature)}"
    answer = verify_api(client, tampered)
    assert answer["checks"]["signature"] is False and not answer["verified"]


def test_a_dcc_cannot_be_endorsed(client, make_user, issued):
    other = certifiers(make_user, jurisdiction="HK", accreditation="HKAS 001")
    response = client.post(
        "/api/v1/endorsements",
        headers=other["decider"]["headers"],
        json={"credential": _dcc_token(client, issued["label_id"])},
    )
    assert response.status_code == 422, response.json
    assert "not endorsed" in str(response.json), response.json


def _check_linkset(client, response, anchor):
    assert response.status_code == 200, response.data
    assert response.mimetype == LINKSET and "Accept" in response.vary
    linkset = response.json["linkset"]
    assert len(linkset) == 1 and linkset[0]["anchor"] == anchor
    context = linkset[0]
    rels = {k for k in context if k != "anchor"}
    assert DCC_REL in rels
    for rel in rels:
        assert rel.startswith("https://"), rel  # extension relation types are URIs (RFC 8288)
        assert isinstance(context[rel], list) and context[rel]
        for target in context[rel]:
            assert set(target) >= {"href", "type", "title"}, target
            got = client.get(_path(target["href"]), headers={"Accept": target["type"]})
            assert got.status_code == 200, (rel, target)
            assert got.mimetype == target["type"], (rel, target, got.mimetype)
    return context


def test_the_qr_url_resolves_by_content_negotiation(client, issued):
    label_id = issued["label_id"]
    page = client.get(f"/l/{label_id}", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert 'rel="linkset"' in page.headers["Link"]
    assert f'href="/api/v1/labels/{label_id}/dcc"' in page.text
    assert f'href="/l/{label_id}?linkType=all"' in page.text
    chinese = client.get(f"/l/{label_id}?lang=zh_Hant", headers={"Accept": "text/html"})
    assert "UNTP 合格評定憑證" in chinese.text
    context = _check_linkset(
        client,
        client.get(f"/l/{label_id}", headers={"Accept": LINKSET}),
        f"http://gba.test/l/{label_id}",
    )
    assert client.get(unquote(page.headers["Link"].split(">")[0][1:])).mimetype == LINKSET
    jwt = client.get(f"/l/{label_id}", headers={"Accept": JWT})
    assert jwt.mimetype == JWT and jwt.text == _dcc_token(client, label_id)
    assert context[DCC_REL][0]["type"] == JWT
    unknown = client.get("/l/GBA-GDXX-2026-000001-0", headers={"Accept": LINKSET})
    assert unknown.status_code == 404 and unknown.mimetype == "application/problem+json"


def test_the_gtin_resolves_like_the_qr_url(client, issued):
    label_id = issued["label_id"]
    _check_linkset(
        client,
        client.get(f"/01/{GTIN}", headers={"Accept": LINKSET}),
        f"http://gba.test/01/{GTIN}",
    )
    assert client.get(f"/01/{GTIN}?linkType=all").mimetype == LINKSET
    page = client.get(f"/01/{GTIN}", headers={"Accept": "text/html"})
    assert page.status_code == 307 and page.headers["Location"].endswith(f"/l/{label_id}")
    assert client.get(f"/01/{GTIN}", headers={"Accept": JWT}).text == _dcc_token(client, label_id)
    assert client.get("/01/09999999999999", headers={"Accept": LINKSET}).status_code == 404
    assert client.get("/01/not-a-gtin", headers={"Accept": LINKSET}).status_code == 404


def test_labels_issued_before_dccs_keep_verifying_and_can_get_one(app, client, session, issued):
    label_id = issued["label_id"]
    session.delete(session.get(LabelDcc, label_id))
    session.flush()
    found = public(client, label_id)
    assert found["untp_dcc"] is None
    assert verify_api(client, found["credential"])["verified"] is True
    jwt = client.get(f"/l/{label_id}", headers={"Accept": JWT})
    assert jwt.text == found["credential"]
    linkset = client.get(f"/l/{label_id}", headers={"Accept": LINKSET}).json["linkset"][0]
    assert DCC_REL not in linkset
    assert client.get(f"/api/v1/labels/{label_id}/dcc").status_code == 404
    # The deployer gives earlier labels their DCC, with the label's own status entries.
    result = run_cli(app, "untp", "issue-missing-dccs")
    assert result.exit_code == 0 and label_id in result.output, result.output
    token = _dcc_token(client, label_id)
    assert decode(token).payload["credentialStatus"] == found["credential_status"]
    assert decode(token).payload["validUntil"] == found["valid_until"]
    assert verify_api(client, token)["verified"] is True
    assert "0 DCC(s) issued" in run_cli(app, "untp", "issue-missing-dccs").output
