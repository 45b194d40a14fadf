"""Each body's accreditation as a UNTP Digital Identity Anchor, linked from its DID document."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from certificates.accreditation import parse_accreditation
from certificates.credential import sign_credential
from certificates.dia import DIA_TYPES, identity_anchor_credential
from certificates.did import assertion_key, did_document, did_web_path
from certificates.jws import decode, verify
from certificates.keys import LocalSigner, generate_private_key
from service.persistence.labels import LogEntry
from service.persistence.untp import AccreditationAnchor
from tests.service.label_helpers import HOSTED_DID, certifiers, cheap_key_sealing, run_cli
from tests.untp_files import dia_problems, requires_untp

ANCHOR_TYPE = "DigitalIdentityAnchor"


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


@pytest.fixture()
def accreditor():
    """An accreditation body with its own did:web, served on a loopback port."""
    documents: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = documents.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/did+json")
            self.end_headers()
            self.wfile.write(body or b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    did = f"did:web:127.0.0.1%3A{server.server_address[1]}"
    signer = LocalSigner(f"{did}#key-1", generate_private_key())
    documents["/.well-known/did.json"] = json.dumps(
        did_document(did, [("key-1", signer.public_jwk())])
    ).encode()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"did": did, "signer": signer}
    server.shutdown()
    server.server_close()


@pytest.fixture()
def body(make_user):
    return certifiers(make_user, did=HOSTED_DID, label_code="SZ")


def _anchor_url(client):
    document = client.get(did_web_path(HOSTED_DID)).json
    (service,) = [s for s in document["service"] if s["type"] == ANCHOR_TYPE]
    assert service["id"] == f"{HOSTED_DID}#identity-anchor"
    return service["serviceEndpoint"]


def _dia(accreditor, subject_did=HOSTED_DID, issuer=None):
    payload = identity_anchor_credential(
        "https://cnas.example/dia/1",
        issuer or {"id": accreditor["did"], "name": "CNAS"},
        subject_did,
        "Org 0",
        parse_accreditation("CNAS C000-P"),
        ["https://cnas.example/scopes/product-certification"],
        "2026-01-01T00:00:00Z",
        "2099-01-01T00:00:00Z",
    )
    return sign_credential(payload, accreditor["signer"])


@requires_untp
def test_the_did_document_and_trust_list_link_to_a_valid_identity_anchor(client, body):
    url = _anchor_url(client)
    assert url == f"http://gba.test/api/v1/bodies/{body['body']}/identity-anchor"
    trust = decode(client.get("/api/v1/trust-list").text).payload
    (entry,) = [e for e in trust["credentialSubject"]["trustedIssuers"] if e["did"] == HOSTED_DID]
    assert entry["identityAnchor"] == url
    response = client.get(url.removeprefix("http://gba.test"))
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
    decoded = decode(response.text)
    payload = decoded.payload
    assert dia_problems(payload) == []
    # Until the accreditor's own DIA is recorded, the operator states what the body registered.
    operator = client.get("/.well-known/did.json").json
    assert payload["issuer"]["id"] == operator["id"] == "did:web:gba.test"
    assert verify(response.text, assertion_key(operator, decoded.header["kid"])) == payload
    subject = payload["credentialSubject"]
    assert subject["id"] == HOSTED_DID and subject["registeredId"] == "C000-P"
    assert subject["registerType"] == "Accreditation"
    assert subject["idScheme"]["id"] == "https://www.cnas.org.cn/"


@requires_untp
def test_an_accreditors_dia_is_recorded_logged_and_published(
    app, client, session, body, accreditor, tmp_path
):
    token = _dia(accreditor)
    assert dia_problems(decode(token).payload) == []
    path = tmp_path / "dia.jwt"
    path.write_text(token, encoding="ascii")
    result = run_cli(
        app, "trust", "record-anchor", "--org", body["body"], "--credential", str(path)
    )
    assert result.exit_code == 0, result.output
    assert "C000-P" in result.output
    published = client.get(_anchor_url(client).removeprefix("http://gba.test"))
    assert published.text == token
    assert decode(published.text).payload["type"] == DIA_TYPES
    logged = session.scalar(select(LogEntry).where(LogEntry.kind == "accreditation_anchor"))
    assert logged.entry == token.encode("ascii") and logged.issuer_did == HOSTED_DID


def test_anchors_that_do_not_hold_are_refused(app, client, session, body, accreditor, tmp_path):
    forged = _dia(accreditor)
    head, payload, signature = forged.split(".")
    cases = {
        "about another DID": _dia(accreditor, subject_did="did:web:other.test"),
        "self-issued": _dia(accreditor, issuer={"id": HOSTED_DID, "name": "Org 0"}),
        "bad signature": f"{head}.{payload}.{'A' * len(signature)}",
        "not a DIA": client.get("/api/v1/trust-list").text,
        "not a JWS": "not a credential",
    }
    for why, token in cases.items():
        path = tmp_path / "dia.jwt"
        path.write_text(token, encoding="ascii")
        result = run_cli(
            app, "trust", "record-anchor", "--org", body["body"], "--credential", str(path)
        )
        assert result.exit_code != 0 and "Error: " in result.output, (why, result.output)
    assert session.scalar(select(func.count()).select_from(AccreditationAnchor)) == 0
    missing = run_cli(app, "trust", "record-anchor", "--org", "org_x", "--credential", str(path))
    assert missing.exit_code != 0 and "no certification body" in missing.output
    assert client.get("/api/v1/bodies/org_x/identity-anchor").status_code == 404
