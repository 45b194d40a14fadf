"""Who may call each workflow endpoint: one table of endpoint x caller.

Each case builds an application in the state the endpoint needs, so that "allowed" is really
a 2xx. 401 without a token; 404 whenever the application (or evidence) is not the caller's to
see: another manufacturer's, or addressed to another body; 403 when the caller sees it but their
role, or a conflict of interest, does not let them act.
"""

from __future__ import annotations

from typing import Any

import pytest

from service.errors import Forbidden
from service.services.certification import applications
from service.services.context import Caller
from tests.service.helpers import activity_line, assert_error, create_product
from tests.service.workflow_helpers import (
    CALLERS,
    PDF,
    application_in,
    calculated_bom,
    make_people,
    upload,
)

# The state each endpoint is called in ("none": a calculated BOM, no application yet).
SETUP = {
    "apply": "none",
    "list": "submitted",
    "detail": "submitted",
    "submit": "draft",
    "assign": "submitted",
    "comment": "submitted",
    "comments": "submitted",
    "review": "submitted",
    "revise": "changes_requested",
    "decide": "recommended",
    "withdraw": "submitted",
    "events": "submitted",
    "upload": "submitted",
    "evidence": "submitted",
    "evidence_content": "submitted",
}

# fmt: off
# Columns follow CALLERS: anonymous, owner, other_manufacturer, reviewer, decision_maker,
# other_reviewer, other_decision_maker, conflicted_reviewer, conflicted_decision_maker, admin.
MATRIX: dict[str, tuple[int, ...]] = {
    "apply":            (401, 201, 404, 403, 403, 403, 403, 403, 403, 403),
    "list":             (401, 200, 200, 200, 200, 200, 200, 200, 200, 403),
    "detail":           (401, 200, 404, 200, 200, 404, 404, 200, 200, 404),
    "submit":           (401, 200, 404, 403, 403, 404, 404, 403, 403, 404),
    "assign":           (401, 403, 404, 200, 403, 404, 404, 403, 403, 404),
    "comment":          (401, 201, 404, 201, 201, 404, 404, 403, 403, 404),
    "comments":         (401, 200, 404, 200, 200, 404, 404, 200, 200, 404),
    "review":           (401, 403, 404, 200, 403, 404, 404, 403, 403, 404),
    "revise":           (401, 200, 404, 403, 403, 404, 404, 403, 403, 404),
    "decide":           (401, 403, 404, 403, 200, 404, 404, 403, 403, 404),
    "withdraw":         (401, 200, 404, 403, 403, 404, 404, 403, 403, 404),
    "events":           (401, 200, 404, 200, 200, 404, 404, 200, 200, 404),
    "upload":           (401, 201, 404, 403, 403, 403, 403, 403, 403, 403),
    "evidence":         (401, 200, 404, 200, 200, 404, 404, 200, 200, 404),
    "evidence_content": (401, 200, 404, 200, 200, 404, 404, 200, 200, 404),
}
# fmt: on
# Who finds the application in GET /applications.
SEES_IN_LIST = {
    "owner",
    "reviewer",
    "decision_maker",
    "conflicted_reviewer",
    "conflicted_decision_maker",
}
CASES = [
    pytest.param(endpoint, caller, outcome, id=f"{endpoint}-{caller}")
    for endpoint, outcomes in MATRIX.items()
    for caller, outcome in zip(CALLERS, outcomes, strict=True)
]


@pytest.fixture()
def people(session, make_user, manufacturer):
    return make_people(session, make_user, manufacturer)


def _decide(app, session, who: Caller, application_id: str, decision: str, note: str):
    # applications.decide takes the issuer's configuration once labels are signed.
    issuer = getattr(app.extensions["gba"], "issuer", None)
    config = () if issuer is None else (issuer,)
    return applications.decide(session, who, *config, application_id, decision, note)


def _request(client, people, endpoint: str) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    """Set the scene for an endpoint; return (method, url, request kwargs, scene)."""
    owner = people["owner"]["headers"]
    if SETUP[endpoint] == "none":
        product_id = create_product(client, owner)
        bom_id = calculated_bom(client, owner, product_id, activity_line())
        body = {"certification_body": people["reviewer"]["org_id"]}
        return "post", f"/api/v1/boms/{bom_id}/applications", {"json": body}, {}
    scene = application_in(client, people, SETUP[endpoint])
    url = f"/api/v1/applications/{scene['id']}"
    if endpoint in ("evidence", "evidence_content"):
        uploaded = upload(client, owner, PDF, "meter.pdf", scene["id"])
        assert uploaded.status_code == 201, uploaded.get_json()
        evidence_url = f"/api/v1/evidence/{uploaded.get_json()['id']}"
        suffix = "/content" if endpoint == "evidence_content" else ""
        return "get", evidence_url + suffix, {}, scene
    if endpoint == "revise":
        newer = calculated_bom(client, owner, scene["product_id"], activity_line(amount="3"))
        return "post", f"{url}/revisions", {"json": {"bom_id": newer}}, scene
    simple = {
        "list": ("get", "/api/v1/applications", {}),
        "detail": ("get", url, {}),
        "submit": ("post", f"{url}/submission", {}),
        "assign": ("post", f"{url}/assignment", {}),
        "comment": ("post", f"{url}/comments", {"json": {"line_ref": "power", "text": "why?"}}),
        "comments": ("get", f"{url}/comments", {}),
        "review": ("post", f"{url}/review", {"json": {"outcome": "request_changes", "note": "x"}}),
        "decide": ("post", f"{url}/decision", {"json": {"decision": "approve", "note": "ok"}}),
        "withdraw": ("post", f"{url}/withdrawal", {"json": {"reason": "later"}}),
        "events": ("get", f"{url}/events", {}),
        "upload": ("post", "/api/v1/evidence", {}),
    }
    method, target, kwargs = simple[endpoint]
    return method, target, kwargs, scene


@pytest.mark.parametrize(("endpoint", "caller", "outcome"), CASES)
def test_authorisation_matrix(client, people, endpoint, caller, outcome):
    method, url, kwargs, scene = _request(client, people, endpoint)
    headers = people[caller]["headers"]
    if endpoint == "upload":
        response = upload(client, headers, PDF, "meter.pdf", scene["id"])
    else:
        response = getattr(client, method)(url, headers=headers, **kwargs)
    if outcome >= 400:
        body = assert_error(response, outcome)
        if outcome == 404:
            # Nothing in the answer hints that the thing exists.
            assert "permission" not in body["message"].lower()
        return
    assert response.status_code == outcome, response.get_json()
    if endpoint == "list":
        listed = [a["id"] for a in response.get_json()["items"]]
        assert (scene["id"] in listed) == (caller in SEES_IN_LIST), listed
        if caller not in SEES_IN_LIST:
            assert listed == []


def test_refused_calls_change_nothing(client, people):
    application = application_in(client, people, "recommended")
    url = f"/api/v1/applications/{application['id']}"
    before = client.get(f"{url}/events", headers=people["owner"]["headers"]).get_json()
    for caller in CALLERS:
        headers = people[caller]["headers"]
        if caller != "decision_maker":
            decision = {"decision": "approve", "note": "x"}
            assert client.post(f"{url}/decision", headers=headers, json=decision).status_code >= 400
        if caller != "owner":
            assert client.post(f"{url}/withdrawal", headers=headers, json={}).status_code >= 400
    after = client.get(f"{url}/events", headers=people["owner"]["headers"]).get_json()
    assert after == before
    detail = client.get(url, headers=people["owner"]["headers"]).get_json()
    assert detail["state"] == "recommended"


def test_the_decider_must_not_be_the_reviewer(app, client, people, session):
    # Roles are single, so the API cannot present one person as both; the rule stands on its
    # own in the use case: a decision maker recorded as the application's reviewer is refused.
    application = application_in(client, people, "recommended")
    reviewer = people["reviewer"]
    as_decider = Caller(
        user_id=reviewer["user_id"],
        org_id=reviewer["org_id"],
        org_kind="certification_body",
        role="decision_maker",
    )
    with pytest.raises(Forbidden, match="must not be the reviewer"):
        _decide(app, session, as_decider, application["id"], "approve", "self-approval")
    session.rollback()
    detail = client.get(
        f"/api/v1/applications/{application['id']}", headers=people["owner"]["headers"]
    ).get_json()
    assert detail["state"] == "recommended"
    assert detail["decided_by_id"] is None


def test_a_decision_maker_who_did_not_review_may_decide(app, client, people, session):
    application = application_in(client, people, "recommended")
    decider = people["decision_maker"]
    caller = Caller(decider["user_id"], decider["org_id"], "certification_body", "decision_maker")
    decided, _label = _decide(app, session, caller, application["id"], "approve", "ok")
    assert decided.state == "approved"
    assert decided.decided_by_id == decider["user_id"] != decided.reviewer_id
