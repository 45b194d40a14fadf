"""The served OpenAPI document as a checker of real responses.

`ContractClient` is the test apps' client: every JSON answer of a documented operation is
validated against the document's schema for its status (or the `default` error response), so
each test of the suite also checks the contract of the responses it receives.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from openapi_schema_validator import OAS30Validator
from werkzeug.exceptions import HTTPException
from werkzeug.test import TestResponse

_RULE_PARAMETER = re.compile(r"<(?:[^<>]*:)?(\w+)>")
_SPECS: dict[str, dict[str, Any]] = {}
# (METHOD, path template, status) of every response checked, for the contract test to count.
CHECKED: Counter[tuple[str, str, int]] = Counter()


def served_spec(app: Flask) -> dict[str, Any]:
    """Return the document the app serves (built once per test session)."""
    if "spec" not in _SPECS:
        response = FlaskClient(app).get("/api/openapi.json")
        assert response.status_code == 200
        _SPECS["spec"] = response.get_json()
    return _SPECS["spec"]


def inline_refs(node: Any, spec: dict[str, Any]) -> Any:
    """Return node with every local $ref replaced by what it points at."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return inline_refs(target, spec)
        return {key: inline_refs(value, spec) for key, value in node.items()}
    if isinstance(node, list):
        return [inline_refs(item, spec) for item in node]
    return node


def response_schema(
    spec: dict[str, Any], template: str, method: str, status: int
) -> dict[str, Any] | None:
    """Return the JSON schema documented for a status of an operation, or None if there is none."""
    operation = spec["paths"].get(template, {}).get(method.lower())
    if operation is None:
        return None
    responses = operation["responses"]
    documented = responses.get(str(status)) or (None if status < 400 else responses.get("default"))
    if documented is None:
        return None
    documented = inline_refs(documented, spec)
    schema = documented.get("content", {}).get("application/json", {}).get("schema")
    return None if schema is None else dict(schema)


def template_of(app: Flask, path: str, method: str) -> str | None:
    """Return the OpenAPI path template of a request path, or None when nothing routes it."""
    try:
        rule, _ = app.url_map.bind("gba.test").match(path, method, return_rule=True)
    except HTTPException:
        return None
    return _RULE_PARAMETER.sub(r"{\1}", rule.rule)


def check_response(app: Flask, method: str, path: str, response: TestResponse) -> None:
    """Fail when a JSON answer of a documented operation does not match its schema."""
    if not path.startswith("/api/v1/") or not response.is_json:
        return
    spec = served_spec(app)
    template = template_of(app, path, method)
    if template is None:
        return
    schema = response_schema(spec, template, method, response.status_code)
    if schema is None:
        # test_openapi_contract.py lists every success answer the document leaves untyped.
        return
    errors = sorted(OAS30Validator(schema).iter_errors(response.get_json()), key=str)
    assert not errors, f"{method} {template} {response.status_code}: " + "; ".join(
        f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]
    )
    CHECKED[(method.upper(), template, response.status_code)] += 1


class ContractClient(FlaskClient):
    """A test client that checks every API answer against the served OpenAPI document."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        """Send the request, then check the answer's body against the document."""
        response = super().open(*args, **kwargs)
        request = response.request
        check_response(self.application, request.method, request.path, response)
        return response
