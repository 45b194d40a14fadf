"""POST /api/v1/verifications says which check fails: tampering, keys, trust, time, status."""

from __future__ import annotations

import string
from datetime import timedelta

import pytest

from certificates.credential import sign_credential
from certificates.jws import decode
from certificates.keys import LocalSigner, generate_private_key
from tests.service.helpers import assert_error
from tests.service.label_helpers import (
    CHECKS,
    certifiers,
    cheap_key_sealing,
    issue_for,
    public,
    set_status,
    verify,
)

B64URL = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"


@pytest.fixture()
def label(client, make_user, headers, product_id):
    """An issued label: its id, credential and the body's decider."""
    body = certifiers(make_user)
    label_id = issue_for(client, headers, product_id, body)
    return {"id": label_id, "credential": public(client, label_id)["credential"], "body": body}


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


def flip(token: str, part: int, where: float) -> str:
    """Replace one base64url character of a JWS part (0 header, 1 payload, 2 signature)."""
    parts = token.split(".")
    text = parts[part]
    i = min(int(len(text) * where), len(text) - 1)
    parts[part] = text[:i] + B64URL[B64URL.index(text[i]) ^ 1] + text[i + 1 :]
    return ".".join(parts)


@pytest.mark.parametrize("where", [0.0, 0.5, 1.0], ids=["first", "middle", "last"])
@pytest.mark.parametrize("part", [0, 1, 2], ids=["header", "payload", "signature"])
def test_any_flipped_character_fails(client, label, part, where):
    tampered = flip(label["credential"], part, where)
    assert tampered != label["credential"]
    response = client.post("/api/v1/verifications", json={"credential": tampered})
    if response.status_code == 422:  # the part no longer decodes to JSON: not a compact JWS
        assert_error(response, 422, "/credential")
        return
    assert response.status_code == 200, response.json
    assert set(response.json["checks"]) == CHECKS
    assert response.json["verified"] is False
    assert response.json["checks"]["signature"] is False


def test_the_untampered_credential_verifies(client, label):
    result = verify(client, label["credential"])
    assert result["verified"] is True and result["status"] == "valid", result
    assert all(result["checks"].values()) and result["errors"] == []
    assert result["label_id"] == label["id"]


def test_a_credential_signed_with_another_key_under_the_same_kid_fails(client, label):
    decoded = decode(label["credential"])
    forged = sign_credential(
        decoded.payload, LocalSigner(decoded.header["kid"], generate_private_key())
    )
    assert decode(forged).header == decoded.header
    result = verify(client, forged)
    assert result["verified"] is False and result["checks"]["signature"] is False
    assert result["checks"]["issuer_trusted"] is True  # the issuer is known; the key is not its


def test_an_issuer_missing_from_the_trust_list_fails(client, label):
    payload = decode(label["credential"]).payload
    stranger = "did:web:stranger.test:bodies:x"
    payload["issuer"] = {"id": stranger, "name": "Unknown body"}
    token = sign_credential(payload, LocalSigner(f"{stranger}#key-2026", generate_private_key()))
    result = verify(client, token)
    assert result["verified"] is False
    assert result["checks"]["issuer_trusted"] is False
    assert any(stranger in e for e in result["errors"]), result["errors"]


def test_a_kid_of_another_issuer_fails(client, label):
    decoded = decode(label["credential"])
    signer = LocalSigner("did:web:stranger.test#key-2026", generate_private_key())
    result = verify(client, sign_credential(decoded.payload, signer))
    assert result["checks"]["issuer_trusted"] is False and result["verified"] is False


def test_an_expired_label_fails_validity(client, label, clock):
    clock.advance(timedelta(days=731))
    result = verify(client, label["credential"])
    assert result["verified"] is False and result["status"] == "expired", result
    assert result["checks"]["validity_period"] is False
    assert result["checks"]["signature"] is True
    assert public(client, label["id"])["status"] == "expired"


def test_a_label_not_yet_valid_fails_validity(client, label, clock):
    clock.advance(timedelta(hours=-1))
    result = verify(client, label["credential"])
    assert result["verified"] is False and result["checks"]["validity_period"] is False


def test_a_label_still_verifies_after_its_status_list_went_stale(client, label, clock):
    # Status lists are signed for 24 hours; the verifier must not read a stale copy.
    clock.advance(timedelta(days=3))
    result = verify(client, label["credential"])
    assert result["verified"] is True and all(result["checks"].values()), result


@pytest.mark.parametrize("action", ["suspend", "revoke"])
def test_suspended_and_revoked_labels_fail_with_a_readable_status(client, label, action):
    response = set_status(client, label["id"], action, label["body"]["decider"]["headers"])
    assert response.status_code == 200, response.json
    result = verify(client, label["credential"])
    expected = {"suspend": "suspended", "revoke": "revoked"}[action]
    assert result["verified"] is False and result["status"] == expected, result
    assert result["checks"]["status"] is True
    assert result["checks"]["signature"] and result["checks"]["validity_period"]


@pytest.mark.parametrize(
    "credential",
    ["nope", "", "a.b", "a.b.c", "a.b.c.d", "e30.W10.AAAA", "x y.z.w", "ééé.b.c"],
)
def test_input_that_is_not_a_compact_jws_is_422(client, credential):
    response = client.post("/api/v1/verifications", json={"credential": credential})
    assert_error(response, 422, "/credential")


@pytest.mark.parametrize("body", [{}, {"credential": 5}, {"credential": ["a.b.c"]}, [], "x"])
def test_a_missing_or_mistyped_credential_is_422(client, body):
    assert_error(client.post("/api/v1/verifications", json=body), 422)


def test_no_body_at_all_is_refused_without_a_500(client):
    for response in (
        client.post("/api/v1/verifications"),
        client.post("/api/v1/verifications", data="{", content_type="application/json"),
        client.post("/api/v1/verifications", data="credential=x"),
    ):
        assert response.status_code in (400, 415, 422), response.get_data(as_text=True)
        assert_error(response, response.status_code)


def test_a_structurally_odd_but_decodable_jws_is_a_failed_verification(client):
    # {"alg":"none"}.{}.AAAA: a JWS, just not a label credential; no check passes.
    result = verify(client, "eyJhbGciOiJub25lIn0.e30.AAAA")
    assert result["verified"] is False and not any(result["checks"].values())
