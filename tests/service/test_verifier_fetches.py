"""The anonymous verifier fetches only what a recognised body publishes, over HTTPS, and
never tells the caller what a fetch found (a file's existence, a host's errors)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from certificates.credential import sign_credential
from certificates.jws import decode
from service.persistence.models import Organisation
from service.services.labels.signing_keys import active_key, signer_for
from tests.service.label_helpers import certifiers, cheap_key_sealing, issue_for, public, verify

FETCH_DETAILS = (
    "errno",
    "no such file",
    "not a directory",
    "passwd",
    "name or service",
    "urlopen",
    "refused",
)


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


@pytest.fixture()
def label(client, make_user, headers, product_id):
    body = certifiers(make_user)
    label_id = issue_for(client, headers, product_id, body)
    return {"id": label_id, "credential": public(client, label_id)["credential"], "body": body}


def _resigned(app, session, label, change) -> str:
    """The label's payload changed, signed with its body's real key (a body gone rogue, or a
    credential this service never stored)."""
    decoded = decode(label["credential"])
    payload = copy.deepcopy(decoded.payload)
    payload["credentialSubject"]["labelId"] = label["id"][:-1] + "Z"  # not one stored here
    change(payload)
    key = active_key(session, session.get(Organisation, label["body"]["body"]))
    return sign_credential(payload, signer_for(key, app.extensions["gba"].issuer))


def _details(result) -> str:
    return " ".join(result["errors"]).lower()


def test_a_file_url_as_the_credential_id_is_never_read(app, session, client, label, tmp_path):
    existing = tmp_path / "exists"
    existing.write_text('{"log_receipt": {}}')
    answers = []
    for target in (existing, tmp_path / "missing"):

        def point(payload, target=target):
            payload["id"] = f"{Path(target).as_uri()}/l/X"

        result = verify(client, _resigned(app, session, label, point))
        assert result["verified"] is False and result["checks"]["log_inclusion"] is False
        assert not any(word in _details(result) for word in FETCH_DETAILS), result["errors"]
        answers.append(result["errors"])
    assert answers[0] == answers[1]  # nothing tells whether the file exists


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/list",
        "https://elsewhere.invalid/api/v1/status-lists/x",
        "http://127.0.0.1:9/api/v1/status-lists/x",
    ],
)
def test_status_lists_are_fetched_only_from_recognised_hosts(app, session, client, label, url):
    def point(payload):
        for entry in payload["credentialStatus"]:
            entry["statusListCredential"] = url

    result = verify(client, _resigned(app, session, label, point))
    assert result["verified"] is False and result["checks"]["status"] is False
    assert result["status"] == "unknown"
    assert not any(word in _details(result) for word in FETCH_DETAILS), result["errors"]


def test_an_unsigned_token_never_yields_a_status(client, label):
    header, payload, _signature = label["credential"].split(".")
    result = client.post("/api/v1/verifications", json={"credential": f"{header}.{payload}."})
    assert result.status_code in (200, 422)
    if result.status_code == 200:
        assert result.json["status"] == "unknown" and result.json["verified"] is False
