"""The transparency log: an entry per issuance, status and key change; checkpoints and proofs."""

from __future__ import annotations

import base64

import pytest

from certificates.jws import decode
from certificates.log import (
    InclusionReceipt,
    NoteVerifier,
    hash_leaf,
    open_checkpoint,
    verify_consistency,
    verify_inclusion,
    verify_receipt,
)
from tests.service.helpers import assert_error
from tests.service.label_helpers import (
    HOSTED_DID,
    certifiers,
    cheap_key_sealing,
    issue_for,
    public,
    run_cli,
    set_status,
)


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


def _log_key(client):
    key = client.get("/api/v1/log/key").json
    assert key["origin"] == "gba.test/gba-footprint/log"
    return key["origin"], NoteVerifier.from_key_string(key["verifier_key"])


def _checkpoint(client):
    response = client.get("/api/v1/log/checkpoint")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    origin, verifier = _log_key(client)
    return open_checkpoint(response.get_data(as_text=True), [verifier], origin=origin)


def _entries(client, did):
    response = client.get("/api/v1/log/entries", query_string={"issuer": did})
    assert response.status_code == 200, response.json
    return response.json["items"]


def _unb64(items):
    return [base64.b64decode(item) for item in items]


def _dcc(shown):
    """Return the compact JWS of a public label's enveloped UNTP DCC."""
    return shown["untp_dcc"]["id"].removeprefix("data:application/vc+jwt,")


def test_every_issuance_status_change_and_key_change_is_logged(
    app, client, make_user, headers, product_id
):
    body = certifiers(make_user, did=HOSTED_DID, label_code="SZ")
    other = certifiers(make_user)
    label_id = issue_for(client, headers, product_id, body)
    other_label = issue_for(client, headers, product_id, other, amount="3")
    shown = public(client, label_id)
    decider = body["decider"]["headers"]
    assert set_status(client, label_id, "suspend", decider).status_code == 200
    assert set_status(client, label_id, "reinstate", decider).status_code == 200
    assert run_cli(app, "keys", "rotate", "--org", body["body"]).exit_code == 0
    kid = decode(shown["credential"]).header["kid"]
    assert run_cli(app, "keys", "revoke", "--kid", kid, "--reason", "leak").exit_code == 0
    entries = _entries(client, HOSTED_DID)
    # A key is logged before the first entry signed with it (LABELS.md: key changes are logged).
    assert [e["kind"] for e in entries] == [
        "key_added",
        "label",
        "label_dcc",  # the label's UNTP DCC, logged beside it
        "label_suspend",
        "label_reinstate",
        "key_added",
        "key_revoked",
        "label_revoke",
    ]
    assert entries[0]["subject"] == kid
    assert entries[1]["subject"] == label_id and entries[1]["entry"] == shown["credential"]
    assert entries[1]["index"] == InclusionReceipt.from_json(shown["log_receipt"]).index
    assert entries[2]["subject"] == label_id and entries[2]["entry"] == _dcc(shown)
    assert [e["subject"] for e in entries[5:7]] == [f"{kid}-2", kid]
    assert all(e["issuer"] == HOSTED_DID for e in entries)
    indexes = [e["index"] for e in entries]
    assert indexes == sorted(indexes)
    others = _entries(client, public(client, other_label)["issuer"]["id"])
    assert [e["kind"] for e in others] == ["key_added", "label", "label_dcc"]
    assert others[1]["subject"] == other_label
    assert _entries(client, "did:web:nobody.test") == []
    assert _checkpoint(client).tree_size == entries[-1]["index"] + 1


def test_receipts_and_proofs_verify(client, make_user, headers, product_id):
    body = certifiers(make_user)
    first = issue_for(client, headers, product_id, body)
    old = _checkpoint(client)
    second = issue_for(client, headers, product_id, body, amount="3")
    assert set_status(client, first, "suspend", body["decider"]["headers"]).status_code == 200
    new = _checkpoint(client)
    assert new.tree_size > old.tree_size
    origin, verifier = _log_key(client)
    for label_id in (first, second):
        shown = public(client, label_id)
        receipt = InclusionReceipt.from_json(shown["log_receipt"])
        entry = shown["credential"].encode("ascii")
        assert verify_receipt(receipt, entry, [verifier], origin=origin) == []
        assert receipt.tree_size == new.tree_size
        assert verify_receipt(receipt, entry + b"x", [verifier], origin=origin) != []
        proof = client.get(
            "/api/v1/log/proof/inclusion",
            query_string={"index": receipt.index, "tree_size": new.tree_size},
        )
        assert proof.status_code == 200, proof.json
        path = _unb64(proof.json["audit_path"])
        assert verify_inclusion(hash_leaf(entry), receipt.index, new.tree_size, path, new.root_hash)
        assert not verify_inclusion(
            hash_leaf(entry + b"x"), receipt.index, new.tree_size, path, new.root_hash
        )
    consistency = client.get(
        "/api/v1/log/proof/consistency",
        query_string={"first": old.tree_size, "second": new.tree_size},
    )
    assert consistency.status_code == 200, consistency.json
    proof = _unb64(consistency.json["proof"])
    assert verify_consistency(old.tree_size, new.tree_size, old.root_hash, new.root_hash, proof)
    assert not verify_consistency(old.tree_size, new.tree_size, new.root_hash, new.root_hash, proof)


def test_proof_requests_outside_the_tree_are_422(client, make_user, headers, product_id):
    issue_for(client, headers, product_id, certifiers(make_user))
    size = _checkpoint(client).tree_size
    inclusion = "/api/v1/log/proof/inclusion"
    assert_error(client.get(inclusion, query_string={"index": size, "tree_size": size}), 422)
    assert_error(client.get(inclusion, query_string={"index": 0, "tree_size": size + 1}), 422)
    assert_error(client.get(inclusion, query_string={"index": -1, "tree_size": 1}), 422)
    consistency = "/api/v1/log/proof/consistency"
    assert_error(client.get(consistency, query_string={"first": 2, "second": 1}), 422)
    assert_error(client.get(consistency, query_string={"first": 1}), 422)
