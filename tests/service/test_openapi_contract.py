"""The served OpenAPI document is valid, complete, and what the service really sends."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from tests.service.contract import CHECKED, inline_refs, response_schema
from tests.service.helpers import ELECTRICITY, activity_line, bom_doc
from tests.service.label_helpers import certifiers, issue_for

METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture()
def spec(client: FlaskClient) -> dict[str, Any]:
    """The document as served."""
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = json.loads(response.get_data(as_text=True))
    return document


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _typed(response: dict[str, Any]) -> bool:
    content = response.get("content", {})
    return bool(content) and all("schema" in media for media in content.values())


def test_the_served_document_is_valid_openapi_3(spec):
    validate(spec)
    text = json.dumps(spec)
    assert '"format": null' not in text and '"pattern": null' not in text
    assert "formData" not in text  # an OpenAPI 2 location Swagger UI cannot send


def test_every_success_response_has_a_schema(spec):
    missing = [
        f"{method.upper()} {path} {status}"
        for path, method, operation in _operations(spec)
        for status, response in operation["responses"].items()
        if status.startswith("2") and not _typed(inline_refs(response, spec))
    ]
    assert missing == []
    assert len(_operations(spec)) >= 45


def test_the_error_schema_is_what_is_sent(spec):
    error = spec["components"]["schemas"]["Error"]
    assert error["properties"]["code"]["type"] == "string"
    assert error["properties"]["status"]["type"] == "integer"
    assert set(error["required"]) == {"code", "status", "message", "errors"}
    for path, method, operation in _operations(spec):
        assert "default" in operation["responses"], f"{method} {path}"


def test_public_operations_need_no_token_and_the_others_do(spec):
    public = {
        (path, method)
        for path, method, operation in _operations(spec)
        if operation.get("security") == []
    }
    assert ("/api/v1/verifications", "post") in public
    assert ("/api/v1/labels/{label_id}", "get") in public
    assert ("/api/v1/status-lists/{list_id}", "get") in public
    assert ("/api/v1/trust-list", "get") in public
    assert ("/api/v1/log/checkpoint", "get") in public
    assert ("/api/v1/products", "post") not in public
    assert ("/api/v1/labels/{label_id}/revocation", "post") not in public


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/api/v1/products/{product_id}/boms/import", {"file", "system_boundary", "site_region"}),
        ("/api/v1/evidence", {"file", "application_id"}),
    ],
)
def test_uploads_are_one_multipart_request_body_swagger_ui_can_send(spec, path, fields):
    operation = spec["paths"][path]["post"]
    assert all(p["in"] == "path" for p in operation.get("parameters", []))
    schema = inline_refs(operation["requestBody"]["content"]["multipart/form-data"]["schema"], spec)
    assert fields <= set(schema["properties"])
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    assert "file" in schema["required"]


def test_the_main_requests_have_examples(spec):
    for path in ("/api/v1/products", "/api/v1/products/{product_id}/boms", "/api/v1/verifications"):
        content = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        assert "example" in content, path


def test_a_body_unlike_the_document_is_caught(spec):
    # The checker the client runs on every answer is no rubber stamp.
    schema = response_schema(spec, "/api/v1/products/{product_id}", "get", 200)
    assert schema is not None
    assert not list(OAS30Validator(schema).iter_errors({"id": "p", "sku": "S"}))
    assert list(OAS30Validator(schema).iter_errors({"id": 7, "created_at": "yesterday?"}))
    error = response_schema(spec, "/api/v1/products/{product_id}", "get", 404)
    assert error is not None
    assert list(OAS30Validator(error).iter_errors({"code": 404, "status": "not_found"}))


def test_the_main_flows_answer_as_documented(
    app: Flask, client: FlaskClient, headers: dict[str, str], product_id: str, make_user: Any
):
    CHECKED.clear()
    body = certifiers(make_user, did="did:web:gba.test:bodies:sz")
    label_id = issue_for(client, headers, product_id, body)
    bom = client.post(
        f"/api/v1/products/{product_id}/boms", headers=headers, json=bom_doc(activity_line())
    ).json
    csv = f"ref,stage,activity,amount,unit,data\np,production,{ELECTRICITY},1,kWh,primary\n"
    form = {
        "system_boundary": "cradle-to-gate",
        "reference_period_start": "2025-01-01",
        "reference_period_end": "2025-12-31",
        "site_name": "Plant",
        "site_region": "CN-GD",
        "file": (io.BytesIO(csv.encode()), "bom.csv"),
    }
    client.post(f"/api/v1/products/{product_id}/boms/import", headers=headers, data=form)
    client.post(f"/api/v1/boms/{bom['id']}/calculations", headers=headers)
    client.get(f"/api/v1/boms/{bom['id']}/calculations", headers=headers)
    client.get("/api/v1/library/substances", headers=headers)
    client.get("/api/v1/library/activities?q=electricity", headers=headers)
    applications = client.get("/api/v1/applications", headers=headers).json["items"]
    application_id = applications[0]["id"]
    client.get(f"/api/v1/applications/{application_id}", headers=headers)
    client.get(f"/api/v1/applications/{application_id}/events", headers=headers)
    client.get(f"/api/v1/applications/{application_id}/comments", headers=headers)
    evidence = {"file": (io.BytesIO(b"reading,kwh\n1,2\n"), "meter.csv")}
    uploaded = client.post("/api/v1/evidence", headers=headers, data=evidence)
    client.get(f"/api/v1/evidence/{uploaded.json['id']}", headers=headers)
    public = client.get(f"/api/v1/labels/{label_id}").json
    client.post("/api/v1/verifications", json={"credential": public["credential"]})
    client.get("/api/v1/bodies")
    client.get("/api/v1/log/key")
    client.get("/api/v1/log/proof/inclusion?index=0&tree_size=1")
    client.get(f"/api/v1/log/entries?issuer={public['issuer']['id']}")
    decider = body["decider"]["headers"]
    client.get("/api/v1/labels", headers=decider)
    client.post(f"/api/v1/labels/{label_id}/suspension", headers=decider, json={"reason": "x"})
    client.get("/api/v1/products/nope", headers=headers)
    client.post("/api/v1/products", headers=headers, json={"sku": ""})
    documented_successes = {
        (method, path) for method, path, status in CHECKED if 200 <= status < 300
    }
    assert {
        ("POST", "/api/v1/products/{product_id}/boms/import"),
        ("POST", "/api/v1/boms/{bom_id}/calculations"),
        ("GET", "/api/v1/applications/{application_id}"),
        ("POST", "/api/v1/applications/{application_id}/decision"),
        ("POST", "/api/v1/evidence"),
        ("GET", "/api/v1/labels/{label_id}"),
        ("POST", "/api/v1/verifications"),
        ("GET", "/api/v1/log/entries"),
        ("POST", "/api/v1/labels/{label_id}/suspension"),
    } <= documented_successes
    assert len(documented_successes) >= 20
    assert ("GET", "/api/v1/products/{product_id}", 404) in CHECKED
    assert ("POST", "/api/v1/products", 422) in CHECKED
