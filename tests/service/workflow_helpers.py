"""Builders for the certification workflow tests: the people involved and applications driven
through the API into any state (plain functions, no fixtures)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.test import TestResponse, encode_multipart

from service.services.accounts import organisations
from tests.service.helpers import activity_line, bom_doc, calculate, create_bom, create_product

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64)) + b"\xff\xd9"
CSV = b"date,kWh\n2025-01-31,12000\n2025-02-28,11800\n"

# Who may call the workflow endpoints; "owner" is the applying manufacturer, "reviewer" and
# "decision_maker" belong to the addressed body, "conflicted_*" too but are affiliated with the
# manufacturer, "other_*" belong to another manufacturer or another body.
CALLERS = (
    "anonymous",
    "owner",
    "other_manufacturer",
    "reviewer",
    "decision_maker",
    "other_reviewer",
    "other_decision_maker",
    "conflicted_reviewer",
    "conflicted_decision_maker",
    "admin",
)


def make_people(
    session: Session, make_user: Callable[..., dict[str, Any]], owner: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Everyone of CALLERS, each {"org_id", "user_id", "headers"} ("anonymous" has no token)."""
    reviewer = make_user("certification_body", "reviewer")
    body = reviewer["org_id"]
    other_reviewer = make_user("certification_body", "reviewer")
    people = {
        "anonymous": {"org_id": None, "user_id": None, "headers": {}},
        "owner": owner,
        "other_manufacturer": make_user(),
        "reviewer": reviewer,
        "decision_maker": make_user("certification_body", "decision_maker", existing_org=body),
        "other_reviewer": other_reviewer,
        "other_decision_maker": make_user(
            "certification_body", "decision_maker", existing_org=other_reviewer["org_id"]
        ),
        "admin": make_user("operator", "admin"),
    }
    for role in ("reviewer", "decision_maker"):
        user, token = organisations.create_user(
            session,
            body,
            role,
            f"conflicted-{role}@{body}.test",
            affiliations=[owner["org_id"]],
        )
        people[f"conflicted_{role}"] = {
            "org_id": body,
            "user_id": user.id,
            "headers": {"Authorization": f"Bearer {token}"},
        }
    session.commit()
    return people


def calculated_bom(
    client: FlaskClient,
    headers: dict[str, str],
    product_id: str,
    *lines: dict[str, Any],
) -> str:
    """Create a BOM version of the product, calculate it, and return its id."""
    bom = create_bom(client, headers, product_id, bom_doc(*lines))
    calculate(client, headers, bom["id"])
    return str(bom["id"])


def apply(
    client: FlaskClient, headers: dict[str, str], bom_id: str, body_org: str, **extra: Any
) -> TestResponse:
    """POST an application for a label on the BOM to the body."""
    return client.post(
        f"/api/v1/boms/{bom_id}/applications",
        headers=headers,
        json={"certification_body": body_org} | extra,
    )


def act(
    client: FlaskClient,
    who: dict[str, Any],
    application_id: str,
    step: str,
    body: dict[str, Any] | None = None,
) -> TestResponse:
    """POST to one of an application's workflow endpoints (submission, review, ...)."""
    return client.post(
        f"/api/v1/applications/{application_id}/{step}", headers=who["headers"], json=body or {}
    )


# The API steps that lead from the state before to each state, after apply (submitted).
PATHS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "submitted": (),
    "in_review": ("assign",),
    "changes_requested": ("assign", "request_changes"),
    "resubmitted": ("assign", "request_changes", "revise"),
    "recommended": ("assign", "recommend"),
    "approved": ("assign", "recommend", "approve"),
    "rejected": ("assign", "recommend", "reject"),
    "withdrawn": ("withdraw",),
}


def step(
    client: FlaskClient,
    people: dict[str, dict[str, Any]],
    application_id: str,
    name: str,
    product_id: str | None = None,
) -> TestResponse:
    """Take one named workflow step as the person entitled to it."""
    owner, reviewer, decider = people["owner"], people["reviewer"], people["decision_maker"]
    if name == "submit":
        return act(client, owner, application_id, "submission")
    if name == "assign":
        return act(client, reviewer, application_id, "assignment")
    if name in ("recommend", "request_changes"):
        outcome = "recommend_approval" if name == "recommend" else "request_changes"
        return act(client, reviewer, application_id, "review", {"outcome": outcome, "note": "n"})
    if name == "revise":
        assert product_id is not None
        newer = calculated_bom(client, owner["headers"], product_id, activity_line(amount="2.5"))
        return act(client, owner, application_id, "revisions", {"bom_id": newer})
    if name in ("approve", "reject"):
        return act(client, decider, application_id, "decision", {"decision": name, "note": "why"})
    if name == "withdraw":
        return act(client, owner, application_id, "withdrawal", {"reason": "not now"})
    raise AssertionError(f"unknown step {name}")


def application_in(
    client: FlaskClient,
    people: dict[str, dict[str, Any]],
    state: str,
    *lines: dict[str, Any],
    **extra: Any,
) -> dict[str, Any]:
    """Create a product, a calculated BOM of these lines, and an application in the state.

    Returns {"id", "product_id", "bom_id", "body_org"}.
    """
    owner = people["owner"]
    product_id = create_product(client, owner["headers"])
    bom_id = calculated_bom(client, owner["headers"], product_id, *lines)
    body_org = people["reviewer"]["org_id"]
    applied = apply(client, owner["headers"], bom_id, body_org, submit=state != "draft", **extra)
    assert applied.status_code == 201, applied.get_json()
    application_id = applied.get_json()["id"]
    for name in PATHS[state]:
        response = step(client, people, application_id, name, product_id)
        assert response.status_code == 200, (name, response.get_json())
    detail = client.get(f"/api/v1/applications/{application_id}", headers=owner["headers"])
    assert detail.get_json()["state"] == state
    return {"id": application_id, "product_id": product_id, "bom_id": bom_id, "body_org": body_org}


def upload(
    client: FlaskClient,
    headers: dict[str, str],
    content: bytes,
    filename: str,
    application_id: str | None = None,
) -> TestResponse:
    """POST an evidence file as multipart/form-data.

    The body is encoded in memory: the test client would otherwise spool a large body to a
    temporary file it never closes (a ResourceWarning, an error under filterwarnings).
    """
    fields: dict[str, Any] = {"file": FileStorage(io.BytesIO(content), filename)}
    if application_id is not None:
        fields["application_id"] = application_id
    boundary, body = encode_multipart(fields)
    return client.post(
        "/api/v1/evidence",
        headers=headers,
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
