"""Bitstring status lists: published signed, flipped on every change, changed only by the body."""

from __future__ import annotations

import pytest

from certificates.did import assertion_key, did_web_path
from certificates.jws import decode
from certificates.jws import verify as verify_jws
from certificates.status_list import Bitstring
from tests.service.helpers import assert_error
from tests.service.label_helpers import (
    HOSTED_DID,
    certifiers,
    cheap_key_sealing,
    issue_for,
    public,
    set_status,
)


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


@pytest.fixture()
def label(client, make_user, headers, product_id):
    """A label of a body whose DID document this app serves."""
    body = certifiers(make_user, did=HOSTED_DID, label_code="SZ")
    label_id = issue_for(client, headers, product_id, body)
    return {"id": label_id, "body": body, "public": public(client, label_id)}


def _published(client, entry):
    """GET the list an entry points at; verify it with the issuer's DID document key."""
    response = client.get(entry["statusListCredential"].removeprefix("http://gba.test"))
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    token = response.get_data(as_text=True)
    header = decode(token).header
    assert header["typ"] == "vc+jwt" and header["kid"].startswith(HOSTED_DID + "#")
    document = client.get(did_web_path(HOSTED_DID))
    assert document.status_code == 200, document.json
    payload = verify_jws(token, assertion_key(document.json, header["kid"]))
    assert payload["issuer"]["id"] == HOSTED_DID
    assert payload["id"] == entry["statusListCredential"]
    subject = payload["credentialSubject"]
    assert subject["statusPurpose"] == entry["statusPurpose"]
    bits = Bitstring.decode(subject["encodedList"])
    assert bits.size >= 131_072
    return token, bits.get(int(entry["statusListIndex"]))


def _states(client, label):
    entries = {e["statusPurpose"]: e for e in label["public"]["credential_status"]}
    return {purpose: _published(client, entry) for purpose, entry in entries.items()}


def test_the_bits_follow_suspension_reinstatement_and_revocation(client, label):
    decider = label["body"]["decider"]["headers"]
    before = _states(client, label)
    assert {p: bit for p, (_, bit) in before.items()} == {
        "revocation": False,
        "suspension": False,
    }
    steps = [
        ("suspend", {"revocation": False, "suspension": True}),
        ("reinstate", {"revocation": False, "suspension": False}),
        ("suspend", {"revocation": False, "suspension": True}),
        ("revoke", {"revocation": True, "suspension": True}),
    ]
    for action, expected in steps:
        response = set_status(client, label["id"], action, decider)
        assert response.status_code == 200, response.json
        after = _states(client, label)
        assert {p: bit for p, (_, bit) in after.items()} == expected, action
        changed = "revocation" if action == "revoke" else "suspension"
        assert after[changed][0] != before[changed][0], f"{action} did not re-sign the list"
        before = after
    assert public(client, label["id"])["status"] == "revoked"


def test_revocation_is_final(client, label):
    decider = label["body"]["decider"]["headers"]
    assert set_status(client, label["id"], "revoke", decider).status_code == 200
    for action in ("reinstate", "suspend", "revoke"):
        assert_error(set_status(client, label["id"], action, decider), 409)
    assert public(client, label["id"])["status"] == "revoked"


def test_reinstating_a_valid_label_conflicts(client, label):
    decider = label["body"]["decider"]["headers"]
    assert_error(set_status(client, label["id"], "reinstate", decider), 409)


def test_only_a_decision_maker_of_the_issuing_body_changes_status(
    client, label, make_user, headers
):
    other = certifiers(make_user)
    callers = [
        (label["body"]["reviewer"]["headers"], 403),
        (other["decider"]["headers"], 403),
        (other["reviewer"]["headers"], 403),
        (headers, 403),  # the manufacturer of the product
        ({}, 401),
        ({"Authorization": "Bearer not-a-token"}, 401),
    ]
    for action in ("suspend", "revoke"):
        for caller, status in callers:
            assert_error(set_status(client, label["id"], action, caller), status)
    assert public(client, label["id"])["status"] == "valid"
    assert _states(client, label)["suspension"][1] is False


def test_an_unknown_status_list_is_404(client):
    assert_error(client.get("/api/v1/status-lists/status_list_nope"), 404)
