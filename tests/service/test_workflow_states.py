"""The state machine through the API: legal steps answer 2xx, illegal ones 409 naming the state."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.persistence.certification import Application
from tests.service.helpers import activity_line, assert_error
from tests.service.workflow_helpers import act, application_in, calculated_bom, make_people, step

STATES = [
    "draft",
    "submitted",
    "in_review",
    "changes_requested",
    "resubmitted",
    "recommended",
    "approved",
    "rejected",
    "withdrawn",
]
# Each API step, and the states it is legal in with the state it leads to. "recommend" and
# "request_changes" on a (re)submitted application take it into review first.
LEGAL: dict[str, dict[str, str]] = {
    "submit": {"draft": "submitted"},
    "assign": {"submitted": "in_review", "resubmitted": "in_review"},
    "recommend": {
        "submitted": "recommended",
        "resubmitted": "recommended",
        "in_review": "recommended",
    },
    "request_changes": {
        "submitted": "changes_requested",
        "resubmitted": "changes_requested",
        "in_review": "changes_requested",
    },
    "revise": {"changes_requested": "resubmitted"},
    "approve": {"recommended": "approved"},
    "reject": {"recommended": "rejected"},
    "withdraw": {s: "withdrawn" for s in STATES[:6]},
}
LEGAL_CASES = [(state, name) for name, states in LEGAL.items() for state in states]


@pytest.fixture()
def people(session, make_user, manufacturer):
    return make_people(session, make_user, manufacturer)


def _state(client, people, application_id):
    response = client.get(
        f"/api/v1/applications/{application_id}", headers=people["owner"]["headers"]
    )
    return response.get_json()["state"]


@pytest.mark.parametrize(("state", "name"), LEGAL_CASES)
def test_every_legal_step(client, people, state, name):
    application = application_in(client, people, state)
    response = step(client, people, application["id"], name, application["product_id"])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["state"] == LEGAL[name][state]
    assert _state(client, people, application["id"]) == LEGAL[name][state]


@pytest.mark.parametrize("state", STATES)
def test_every_illegal_step_is_409_naming_the_state(client, people, state):
    application = application_in(client, people, state)
    app_id = application["id"]
    illegal = [name for name, states in LEGAL.items() if state not in states]
    assert illegal
    for name in illegal:
        if name == "revise":
            # A valid newer calculated BOM, so that only the state is wrong.
            newer = calculated_bom(
                client, people["owner"]["headers"], application["product_id"], activity_line()
            )
            response = act(client, people["owner"], app_id, "revisions", {"bom_id": newer})
        else:
            response = step(client, people, app_id, name, application["product_id"])
        body = assert_error(response, 409)
        assert body["code"] == "conflict"
        assert f"an application that is {state}" in body["message"], (name, body)
        assert _state(client, people, app_id) == state, name


@pytest.mark.parametrize("state", ["approved", "rejected", "withdrawn"])
def test_comments_are_closed_on_a_final_application(client, people, state):
    application = application_in(client, people, state)
    for who in ("owner", "reviewer", "decision_maker"):
        response = act(client, people[who], application["id"], "comments", {"text": "late"})
        body = assert_error(response, 409)
        assert state in body["message"]


def test_allowed_actions_follow_the_state(client, people):
    application = application_in(client, people, "recommended")
    detail = client.get(
        f"/api/v1/applications/{application['id']}", headers=people["owner"]["headers"]
    ).get_json()
    assert detail["allowed_actions"] == ["approve", "reject", "withdraw"]
    approved = step(client, people, application["id"], "approve").get_json()
    assert approved["allowed_actions"] == []


def test_a_second_reviewer_cannot_take_over_an_application_in_review(client, people, make_user):
    application = application_in(client, people, "in_review")
    colleague = make_user(
        "certification_body", "reviewer", existing_org=people["reviewer"]["org_id"]
    )
    response = act(
        client, colleague, application["id"], "review", {"outcome": "recommend_approval"}
    )
    assert_error(response, 409)
    assert _state(client, people, application["id"]) == "in_review"


def test_the_reviewer_of_a_resubmission_may_change(client, people, make_user, session):
    application = application_in(client, people, "resubmitted")
    colleague = make_user(
        "certification_body", "reviewer", existing_org=people["reviewer"]["org_id"]
    )
    response = act(
        client, colleague, application["id"], "review", {"outcome": "recommend_approval"}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["reviewer_id"] == colleague["user_id"]


def test_a_rejection_needs_a_reason(client, people):
    application = application_in(client, people, "recommended")
    response = act(
        client, people["decision_maker"], application["id"], "decision", {"decision": "reject"}
    )
    assert_error(response, 422, "/note")
    assert _state(client, people, application["id"]) == "recommended"


def test_a_decision_records_who_decided_and_why(client, people, session):
    application = application_in(client, people, "rejected")
    stored = session.scalars(select(Application).where(Application.id == application["id"])).one()
    assert stored.decided_by_id == people["decision_maker"]["user_id"]
    assert stored.reviewer_id == people["reviewer"]["user_id"]
    assert stored.decision_note == "why"


def test_the_queue_filters_by_state(client, people):
    submitted = application_in(client, people, "submitted")
    in_review = application_in(client, people, "in_review")
    headers = people["reviewer"]["headers"]
    listed = client.get("/api/v1/applications?status=submitted", headers=headers).get_json()
    assert [a["id"] for a in listed["items"]] == [submitted["id"]]
    listed = client.get("/api/v1/applications?status=in_review", headers=headers).get_json()
    assert [a["id"] for a in listed["items"]] == [in_review["id"]]
    everything = client.get("/api/v1/applications", headers=headers).get_json()
    assert {a["id"] for a in everything["items"]} == {submitted["id"], in_review["id"]}
    assert_error(
        client.get("/api/v1/applications?status=nonsense", headers=headers), 422, "/status"
    )
