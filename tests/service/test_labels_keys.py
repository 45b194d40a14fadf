"""Signing keys: rotation and revocation from the CLI, the DID document, encryption at rest."""

from __future__ import annotations

import base64
import json
import logging

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select

from certificates.did import did_web_path
from certificates.errors import KeyUnavailable
from certificates.jws import decode
from certificates.keys import b64url, decrypt_private_key
from service.persistence.labels import SigningKey
from service.services.labels import transparency
from tests.service.label_helpers import (
    HOSTED_DID,
    certifiers,
    cheap_key_sealing,
    issue_for,
    public,
    run_cli,
    verify,
)

PASSPHRASE = b"test-key-passphrase"  # tests/service/conftest.py settings


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


@pytest.fixture()
def hosted(client, make_user, headers, product_id):
    """A body whose DID names the test host, with one label issued."""
    body = certifiers(make_user, did=HOSTED_DID, label_code="SZ")
    label_id = issue_for(client, headers, product_id, body)
    return body | {"label": label_id, "credential": public(client, label_id)["credential"]}


def _kid(credential):
    return decode(credential).header["kid"]


def _did_kids(client):
    response = client.get(did_web_path(HOSTED_DID))
    assert response.status_code == 200, response.json
    document = response.json
    assert document["id"] == HOSTED_DID
    for method in document["verificationMethod"]:
        assert set(method["publicKeyJwk"]) == {"kty", "crv", "x"}  # never a private member
    return document["assertionMethod"]


def _cli(app, *args):
    result = run_cli(app, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_the_hosted_did_document_is_served_at_its_did_web_path(client, hosted):
    assert did_web_path(HOSTED_DID) == "/bodies/sz/did.json"
    assert _did_kids(client) == [_kid(hosted["credential"])]
    assert client.get("/bodies/nobody/did.json").status_code == 404
    bodies = client.get("/api/v1/bodies").json["items"]
    served = [b for b in bodies if b["did"] == HOSTED_DID]
    assert served and served[0]["did_document"] == "http://gba.test/bodies/sz/did.json"


def test_rotation_adds_a_key_that_signs_new_labels_while_old_labels_verify(
    app, client, hosted, headers, product_id
):
    old_kid = _kid(hosted["credential"])
    assert old_kid.startswith(f"{HOSTED_DID}#key-")
    output = _cli(app, "keys", "rotate", "--org", hosted["body"])
    new_kid = f"{old_kid}-2"
    assert new_kid in output
    assert _did_kids(client) == [old_kid, new_kid]
    label_id = issue_for(client, headers, product_id, hosted, amount="3")
    credential = public(client, label_id)["credential"]
    assert _kid(credential) == new_kid
    for token in (hosted["credential"], credential):
        result = verify(client, token)
        assert result["verified"] is True, result


def test_revoking_a_key_revokes_its_labels_and_unpublishes_it(
    app, client, hosted, headers, product_id
):
    old_kid = _kid(hosted["credential"])
    _cli(app, "keys", "rotate", "--org", hosted["body"])
    newer = issue_for(client, headers, product_id, hosted, amount="3")
    output = _cli(app, "keys", "revoke", "--kid", old_kid, "--reason", "laptop stolen")
    assert hosted["label"] in output and newer not in output
    assert old_kid not in _did_kids(client)
    shown = public(client, hosted["label"])
    assert shown["status"] == "revoked" and "laptop stolen" in shown["status_reason"]
    result = verify(client, hosted["credential"])
    assert result["verified"] is False and result["status"] == "revoked", result
    assert verify(client, public(client, newer)["credential"])["verified"] is True
    again = run_cli(app, "keys", "revoke", "--kid", old_kid, "--reason", "x")
    assert again.exit_code != 0 and "already revoked" in again.output


def test_revoking_the_active_key_gives_the_body_a_fresh_one(app, client, hosted, headers):
    old_kid = _kid(hosted["credential"])
    _cli(app, "keys", "revoke", "--kid", old_kid, "--reason", "compromised")
    kids = _did_kids(client)
    assert old_kid not in kids and len(kids) == 1
    assert verify(client, hosted["credential"])["status"] == "revoked"


def test_unknown_org_and_kid_are_cli_errors(app):
    assert run_cli(app, "keys", "rotate", "--org", "organisation_nope").exit_code == 1
    assert run_cli(app, "keys", "revoke", "--kid", "x#y", "--reason", "r").exit_code == 1


def _secrets(session):
    """Every form in which a stored private key could leak, for every key in the database."""
    found = []
    for key in session.scalars(select(SigningKey)):
        envelope = key.private_key_pem
        private = decrypt_private_key(envelope, PASSPHRASE)
        raw = private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")
        found.append(
            {
                "envelope": envelope,
                "raw": raw,
                "forms": [raw.hex(), b64url(raw), base64.b64encode(raw).decode(), pem],
                "ciphertext": json.loads(envelope)["ciphertext"],
            }
        )
    return found


def test_private_keys_are_stored_sealed(session, hosted):
    secrets = _secrets(session)
    assert len(secrets) >= 2  # the body's key and the operator's
    for secret in secrets:
        envelope = secret["envelope"]
        assert secret["raw"] not in envelope
        assert not any(form.encode() in envelope for form in secret["forms"])
        assert b"PRIVATE KEY" not in envelope
        sealed = json.loads(envelope)
        assert sealed["cipher"]["name"] == "AES-256-GCM" and sealed["kdf"]["name"] == "scrypt"
        with pytest.raises(KeyUnavailable):
            decrypt_private_key(envelope, b"not-the-passphrase")


def test_private_keys_never_reach_the_logs(
    app, client, session, make_user, headers, product_id, caplog, monkeypatch
):
    caplog.set_level(logging.DEBUG)
    body = certifiers(make_user, did=HOSTED_DID, label_code="SZ")
    label_id = issue_for(client, headers, product_id, body)
    _cli(app, "keys", "rotate", "--org", body["body"])
    verify(client, public(client, label_id)["credential"])

    def broken(*args, **kwargs):
        raise RuntimeError("log down")

    # An unexpected error after signing is logged with its traceback: still no key in it.
    monkeypatch.setattr(transparency, "append", broken)
    failed = client.post(
        "/api/v1/labels/" + label_id + "/suspension",
        headers=body["decider"]["headers"],
        json={"reason": "x"},
    )
    assert failed.status_code == 500
    text = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "RuntimeError" in text  # the traceback was captured
    assert "PRIVATE KEY" not in text and PASSPHRASE.decode() not in text
    for secret in _secrets(session):
        assert secret["envelope"].decode() not in text and secret["ciphertext"] not in text
        assert not any(form in text for form in secret["forms"])
