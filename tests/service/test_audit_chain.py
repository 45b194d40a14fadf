"""The audit trail: every change appends a hash-chained event; tampering is found and named."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text, update

from service.domain.audit import GENESIS, EventContent, event_hash
from service.persistence.certification import AuditEvent
from service.services.certification.audit import verify_chains
from tests.service.helpers import activity_line
from tests.service.workflow_helpers import (
    PDF,
    act,
    application_in,
    calculated_bom,
    make_people,
    step,
    upload,
)

# What approval appends after the decision: the label's issuance.
ISSUANCE = {"label_issued", "ready_for_label"}


@pytest.fixture()
def people(session, make_user, manufacturer):
    return make_people(session, make_user, manufacturer)


def _events(client, people, application_id):
    response = client.get(
        f"/api/v1/applications/{application_id}/events", headers=people["owner"]["headers"]
    )
    assert response.status_code == 200, response.get_json()
    items: list[dict] = response.get_json()["items"]
    return items


def _full_history(client, people):
    """An application taken through every kind of event, approved at the end."""
    application = application_in(client, people, "draft")
    app_id, owner = application["id"], people["owner"]
    steps = [
        lambda: step(client, people, app_id, "submit"),
        lambda: upload(client, owner["headers"], PDF, "meter.pdf", app_id),
        lambda: step(client, people, app_id, "assign"),
        lambda: act(client, people["reviewer"], app_id, "comments", {"text": "photo?"}),
        lambda: act(client, owner, app_id, "comments", {"line_ref": "power", "text": "sent"}),
        lambda: step(client, people, app_id, "request_changes"),
        lambda: step(client, people, app_id, "revise", application["product_id"]),
        lambda: step(client, people, app_id, "recommend"),
        lambda: step(client, people, app_id, "approve"),
    ]
    for do in steps:
        response = do()
        assert response.status_code in (200, 201), response.get_json()
    return application


def test_every_change_appends_an_event(client, people):
    application = _full_history(client, people)
    events = _events(client, people, application["id"])
    kinds = [e["kind"] for e in events]
    assert kinds[:-1] == [
        "created",
        "submit",
        "evidence",
        "start_review",
        "comment",
        "comment",
        "request_changes",
        "resubmit",
        "start_review",
        "recommend_approval",
        "approve",
    ]
    assert kinds[-1] in ISSUANCE
    by_kind = {e["kind"]: e for e in events}
    assert by_kind["submit"]["payload"] == {"from": "draft", "to": "submitted"}
    assert by_kind["approve"]["payload"] == {"from": "recommended", "to": "approved", "note": "why"}
    assert by_kind["approve"]["actor_id"] == people["decision_maker"]["user_id"]
    assert by_kind["start_review"]["actor_id"] == people["reviewer"]["user_id"]
    assert by_kind["evidence"]["payload"]["filename"] == "meter.pdf"
    assert by_kind["resubmit"]["payload"]["bom_id"] != application["bom_id"]
    assert by_kind["created"]["payload"]["bom_id"] == application["bom_id"]


def test_withdrawal_and_rejection_are_recorded(client, people):
    withdrawn = application_in(client, people, "withdrawn")
    last = _events(client, people, withdrawn["id"])[-1]
    assert last["kind"] == "withdraw"
    assert last["payload"] == {"from": "submitted", "to": "withdrawn", "reason": "not now"}
    rejected = application_in(client, people, "rejected")
    assert [e["kind"] for e in _events(client, people, rejected["id"])][-1] == "reject"


def test_refused_requests_append_nothing(client, people):
    application = application_in(client, people, "submitted")
    before = _events(client, people, application["id"])
    step(client, people, application["id"], "approve")  # 409
    act(client, people["other_reviewer"], application["id"], "comments", {"text": "x"})  # 404
    act(client, people["owner"], application["id"], "comments", {"line_ref": "nope", "text": "x"})
    assert _events(client, people, application["id"]) == before


def test_the_events_form_a_hash_chain(client, people):
    application = _full_history(client, people)
    events = _events(client, people, application["id"])
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    previous = GENESIS
    for event in events:
        assert event["previous_hash"] == previous
        content = EventContent(
            application["id"],
            event["seq"],
            event["kind"],
            event["actor_id"],
            event["payload"],
            event["created_at"],
        )
        # The chain can be checked from the API's answer alone.
        assert event_hash(previous, content) == event["hash"]
        previous = event["hash"]


def test_the_detail_shows_the_same_events(client, people):
    application = application_in(client, people, "changes_requested")
    detail = client.get(
        f"/api/v1/applications/{application['id']}", headers=people["reviewer"]["headers"]
    ).get_json()
    assert detail["events"] == _events(client, people, application["id"])


def test_chains_are_per_application(client, people, session):
    first = application_in(client, people, "in_review")
    second = application_in(client, people, "submitted")
    assert [e["seq"] for e in _events(client, people, first["id"])] == [1, 2, 3]
    assert [e["seq"] for e in _events(client, people, second["id"])] == [1, 2]
    assert _events(client, people, second["id"])[0]["previous_hash"] == GENESIS
    assert verify_chains(session) == []


# --- tampering ----------------------------------------------------------------------------


def _tamper(session, sql: str, **params) -> None:
    """Change rows behind the application's back, in the test's transaction."""
    session.execute(text(sql), params)
    session.flush()
    session.expire_all()


def _set_payload_sql(session) -> str:
    if session.bind.dialect.name == "postgresql":
        return "UPDATE audit_events SET payload = CAST(:value AS JSON) WHERE id = :id"
    return "UPDATE audit_events SET payload = :value WHERE id = :id"


def _event_id(session, application_id: str, seq: int) -> str:
    return session.scalars(
        select(AuditEvent.id).where(
            AuditEvent.application_id == application_id, AuditEvent.seq == seq
        )
    ).one()


def _only_break(session, application_id):
    breaks = verify_chains(session)
    assert [b.application_id for b in breaks] == [application_id], breaks
    return breaks[0]


@pytest.fixture()
def history(client, people, session):
    """Two applications with intact chains; the first one is the one tampered with."""
    tampered = application_in(client, people, "changes_requested")
    act(client, people["reviewer"], tampered["id"], "comments", {"text": "original"})
    untouched = application_in(client, people, "recommended")
    assert verify_chains(session) == []
    return tampered["id"], untouched["id"]


def test_an_edited_payload_is_caught_at_that_event(session, history):
    application_id, _ = history
    _tamper(
        session,
        _set_payload_sql(session),
        value=json.dumps({"from": "in_review", "to": "recommended", "note": "n"}),
        id=_event_id(session, application_id, 4),
    )
    found = _only_break(session, application_id)
    assert (found.seq, found.reason) == (4, "content does not match hash")


def test_an_edited_kind_is_caught(session, history):
    application_id, _ = history
    _tamper(
        session,
        "UPDATE audit_events SET kind = 'recommend_approval' WHERE id = :id",
        id=_event_id(session, application_id, 4),
    )
    assert _only_break(session, application_id).seq == 4


def test_an_edited_time_is_caught(session, history):
    application_id, _ = history
    event = _event_id(session, application_id, 2)
    original = session.get(AuditEvent, event).created_at
    session.execute(
        update(AuditEvent.__table__)
        .where(AuditEvent.__table__.c.id == event)
        .values(created_at=original.replace(year=original.year - 1))
    )
    session.flush()
    session.expire_all()
    assert _only_break(session, application_id).seq == 2


def test_an_edited_actor_is_caught(session, history, people):
    application_id, _ = history
    _tamper(
        session,
        "UPDATE audit_events SET actor_id = :someone WHERE application_id = :app AND seq = 5",
        someone=people["decision_maker"]["user_id"],
        app=application_id,
    )
    assert _only_break(session, application_id).seq == 5


def test_a_rehashed_event_breaks_the_link_of_the_next(session, history):
    application_id, _ = history
    _tamper(
        session,
        "UPDATE audit_events SET hash = :fake WHERE application_id = :app AND seq = 3",
        fake="f" * 64,
        app=application_id,
    )
    found = _only_break(session, application_id)
    assert found.seq == 3  # its own hash no longer matches its content


def test_a_deleted_event_in_the_middle_is_caught(session, history):
    application_id, _ = history
    _tamper(
        session,
        "DELETE FROM audit_events WHERE application_id = :app AND seq = 2",
        app=application_id,
    )
    found = _only_break(session, application_id)
    assert found.seq == 3
    assert found.reason == "expected seq 2"


def test_a_deleted_first_event_is_caught(session, history):
    application_id, _ = history
    _tamper(
        session,
        "DELETE FROM audit_events WHERE application_id = :app AND seq = 1",
        app=application_id,
    )
    assert _only_break(session, application_id).seq == 2


# --- the command line ----------------------------------------------------------------------


def _verify(app):
    with app.app_context():
        return app.test_cli_runner().invoke(args=["audit", "verify"])


def test_the_cli_says_an_intact_database_is_intact(app, history):
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "every audit chain is intact" in result.output


def test_the_cli_says_an_empty_database_is_intact(app):
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "every audit chain is intact" in result.output


@pytest.mark.parametrize(
    ("sql", "broken_at"),
    [
        ("UPDATE audit_events SET kind = 'approve' WHERE application_id = :app AND seq = 3", 3),
        ("DELETE FROM audit_events WHERE application_id = :app AND seq = 4", 5),
    ],
)
def test_the_cli_names_the_broken_event_and_fails(app, session, history, sql, broken_at):
    application_id, untouched = history
    _tamper(session, sql, app=application_id)
    result = _verify(app)
    assert result.exit_code != 0
    assert f"BROKEN application {application_id} at event {broken_at}" in result.output
    assert untouched not in result.output
    assert "intact" not in result.output


def test_a_revision_keeps_the_chain_intact(client, people, session):
    application = application_in(client, people, "changes_requested")
    newer = calculated_bom(
        client, people["owner"]["headers"], application["product_id"], activity_line(amount="7")
    )
    act(client, people["owner"], application["id"], "revisions", {"bom_id": newer})
    assert verify_chains(session) == []
