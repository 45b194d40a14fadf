"""Helpers of the signed-label tests: issuing for a given body, verifying, cheap keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient

from certificates import keys
from tests.service.helpers import activity_line, bom_doc

CHECKS = {"signature", "issuer_trusted", "validity_period", "status", "log_inclusion"}
# A body whose did:web names the test app's own host (settings.service_url is http://gba.test),
# so the app serves its DID document at /bodies/sz/did.json.
HOSTED_DID = "did:web:gba.test:bodies:sz"


def certifiers(make_user: Callable[..., dict[str, Any]], **org: Any) -> dict[str, Any]:
    """A certification body (org fields may be overridden) with a reviewer and a decider."""
    reviewer = make_user("certification_body", "reviewer", **org)
    decider = make_user("certification_body", "decision_maker", existing_org=reviewer["org_id"])
    return {"body": reviewer["org_id"], "reviewer": reviewer, "decider": decider}


def recommend(
    client: FlaskClient,
    headers: dict[str, str],
    product_id: str,
    body: dict[str, Any],
    amount: str = "2",
) -> str:
    """Calculate a BOM, apply to the body and have it recommended; return the application id."""
    bom = client.post(
        f"/api/v1/products/{product_id}/boms",
        headers=headers,
        json=bom_doc(activity_line(amount=amount)),
    ).json
    assert client.post(f"/api/v1/boms/{bom['id']}/calculations", headers=headers).status_code == 201
    applied = client.post(
        f"/api/v1/boms/{bom['id']}/applications",
        headers=headers,
        json={"certification_body": body["body"]},
    )
    assert applied.status_code == 201, applied.json
    reviewed = client.post(
        f"/api/v1/applications/{applied.json['id']}/review",
        headers=body["reviewer"]["headers"],
        json={"outcome": "recommend_approval", "note": "ok"},
    )
    assert reviewed.status_code == 200, reviewed.json
    return str(applied.json["id"])


def approve(client: FlaskClient, body: dict[str, Any], application_id: str) -> Any:
    """POST the approval decision; return the response."""
    return client.post(
        f"/api/v1/applications/{application_id}/decision",
        headers=body["decider"]["headers"],
        json={"decision": "approve", "note": "ok"},
    )


def issue_for(
    client: FlaskClient,
    headers: dict[str, str],
    product_id: str,
    body: dict[str, Any],
    amount: str = "2",
) -> str:
    """Issue a label for the product by the given body; return the label id."""
    decided = approve(client, body, recommend(client, headers, product_id, body, amount))
    assert decided.status_code == 200, decided.json
    return str(decided.json["label_id"])


def public(client: FlaskClient, label_id: str) -> dict[str, Any]:
    """GET the public label JSON, which must exist."""
    response = client.get(f"/api/v1/labels/{label_id}")
    assert response.status_code == 200, response.json
    result: dict[str, Any] = response.json
    return result


def verify(client: FlaskClient, credential: str) -> dict[str, Any]:
    """POST a credential to the verification API; it must answer 200 with every check named."""
    response = client.post("/api/v1/verifications", json={"credential": credential})
    assert response.status_code == 200, response.json
    body: dict[str, Any] = response.json
    assert set(body["checks"]) == CHECKS, body
    return body


def set_status(
    client: FlaskClient, label_id: str, action: str, headers: dict[str, str], reason: str = "x"
) -> Any:
    """Suspend, reinstate or revoke through the API; return the response."""
    path, method = {
        "suspend": ("suspension", client.post),
        "reinstate": ("suspension", client.delete),
        "revoke": ("revocation", client.post),
    }[action]
    return method(f"/api/v1/labels/{label_id}/{path}", headers=headers, json={"reason": reason})


def run_cli(app: Flask, *args: str) -> Result:
    """Invoke a CLI verb as `flask --app service ...` does: inside an app context."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def cheap_key_sealing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seal new keys with scrypt N = 2^10 instead of 2^15.

    Each issuance in a fresh test transaction seals and opens two keys (the body's and the
    operator's), and scrypt at N = 2^15 takes about 0.2 s a time on the shared CI machine.
    The envelope records its parameters, so only the cost changes; test_keys.py checks the
    production parameters and the encryption itself.
    """
    monkeypatch.setattr(keys, "_SCRYPT_N", 2**10)
