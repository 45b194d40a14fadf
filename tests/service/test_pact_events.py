"""PACT v3 events: requests answered at the requester's registered source, with retries."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from sqlalchemy import select

from service import create_app
from service.jobs import tasks
from service.persistence.jobs import Job
from service.persistence.pact import PactEvent
from service.services import pact
from tests.service.label_helpers import cheap_key_sealing
from tests.service.pact_listener import CLIENT_ID, CLIENT_SECRET, Listener
from tests.service.pact_schema import require_schema, validate, validate_error
from tests.service.pact_world import GTIN_A, build_world, token_for

BASE = "https://buyer.example:8443"
CREATED = "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"
PUBLISHED = "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"


@pytest.fixture()
def app(settings, session_factory, scored_project):
    """The app, with jobs run inside the call that starts them."""
    return create_app(replace(settings, jobs_backend="inline"), session_factory)


@pytest.fixture()
def world(client, make_user, session, monkeypatch):
    require_schema()
    cheap_key_sealing(monkeypatch)
    monkeypatch.setattr(tasks, "PACT_BACKOFF_SECONDS", (0.01, 0.01, 0.01, 0.01))
    return build_world(client, make_user, session)


@pytest.fixture()
def listener():
    with Listener() as running:
        yield running


def _event(kind: str, source: str, data: dict, event_id: str | None = None) -> dict:
    return {
        "specversion": "1.0",
        "id": event_id or str(uuid.uuid4()),
        "source": source,
        "time": "2026-12-01T10:30:00Z",
        "type": kind,
        "data": data,
    }


def _post(client, token, body, content_type="application/cloudevents+json; charset=UTF-8"):
    data = body if isinstance(body, bytes | str) else None
    return client.post(
        "/pact/3/events",
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
        data=data,
        json=None if data is not None else body,
        base_url=BASE,
    )


def test_a_request_is_fulfilled_at_its_source(client, world, listener, session):
    pact.add_partner(session, listener.url, CLIENT_ID, CLIENT_SECRET, True)
    token = token_for(client, world, BASE)
    request = _event(CREATED, listener.url, {"productId": [f"urn:gtin:{GTIN_A}"]})
    accepted = _post(client, token, request)
    assert accepted.status_code == 200 and accepted.data == b""
    (received,) = listener.wait_for(1)
    assert received["content_type"].startswith("application/cloudevents+json")
    answer = received["body"]
    validate(answer, "RequestFulfilledEvent")
    assert answer["data"]["requestEventId"] == request["id"]
    assert {f"urn:gtin:{GTIN_A}"} <= set(answer["data"]["pfs"][0]["productIds"])
    assert len(answer["data"]["pfs"]) == 2  # the current footprint and the one it replaced
    log = session.scalars(select(PactEvent).order_by(PactEvent.created_at)).all()
    assert [(e.direction, e.state, e.attempts) for e in log] == [
        ("in", "answered", 0),
        ("out", "delivered", 1),
    ]
    # The same request posted again is not answered twice.
    assert _post(client, token, request).status_code == 200
    assert len(listener.wait_for(2, seconds=0.5)) == 1


def test_a_null_or_unmatched_request_is_rejected(client, world, listener, session):
    pact.add_partner(session, listener.url, CLIENT_ID, CLIENT_SECRET, True)
    token = token_for(client, world, BASE)
    for data in ({"productId": ["urn:pact:null"]}, {"geography": ["XX"], "comment": "hi"}):
        request = _event(CREATED, f"{listener.url}/3/events", data)
        assert _post(client, token, request).status_code == 200
    first, second = listener.wait_for(2)
    for answer in (first["body"], second["body"]):
        validate(answer, "RequestRejectedEvent")
        assert answer["data"]["error"]["code"] == "NotFound"


def test_a_failing_partner_is_retried_then_given_up(client, world, session):
    token = token_for(client, world, BASE)
    with Listener(fail_first=2) as flaky:
        pact.add_partner(session, flaky.url, CLIENT_ID, CLIENT_SECRET, True)
        request = _event(CREATED, flaky.url, {"productId": [f"urn:gtin:{GTIN_A}"]})
        assert _post(client, token, request).status_code == 200
        assert len(flaky.wait_for(1)) == 1 and flaky.refused == ["503", "503"]
        out = session.scalars(select(PactEvent).where(PactEvent.direction == "out")).one()
        assert (out.state, out.attempts) == ("delivered", 3)
    with Listener(fail_first=99) as down:
        pact.add_partner(session, down.url, CLIENT_ID, CLIENT_SECRET, True)
        request = _event(CREATED, down.url, {"productId": [f"urn:gtin:{GTIN_A}"]})
        assert _post(client, token, request).status_code == 200
        assert len(down.refused) == 5 and not down.events
    failed = session.scalars(select(PactEvent).where(PactEvent.state == "failed")).one()
    assert failed.attempts == 5 and "503" in (failed.detail or "")
    job = session.scalars(select(Job).where(Job.kind == "pact_callback", Job.state == "failed"))
    assert "gave up after 5 attempts" in (job.one().error or "")


def test_unknown_sources_are_never_called(client, world, listener):
    token = token_for(client, world, BASE)
    request = _event(CREATED, listener.url, {"productId": [f"urn:gtin:{GTIN_A}"]})
    refused = _post(client, token, request)
    assert refused.status_code == 400
    validate_error(refused.json, "BadRequest")
    assert "not a registered partner" in refused.json["message"]
    assert listener.wait_for(1, seconds=0.3) == [] and listener.token_requests == 0


def test_published_events_and_malformed_ones(client, world):
    token = token_for(client, world, BASE)
    source = "https://webhook.example.com"
    published = _event(PUBLISHED, source, {"pfIds": [str(uuid.uuid4())]})
    accepted = _post(client, token, published)
    assert accepted.status_code == 200 and accepted.data == b""
    deep = "[" * 100_000 + "]" * 100_000
    malformed = [
        _event(PUBLISHED, source, {"pfIds": ["urn:gtin:4712345060507"]}),
        _event(PUBLISHED, source, {}),
        _event("org.example.Other", source, {}),
        _event(CREATED, source, {"validOn": "soon"}),
        _event(CREATED, source, {"status": ["Gone"]}),
        {**published, "specversion": "0.3"},
        {k: v for k, v in published.items() if k != "source"},
        {**published, "time": "yesterday"},
        ["not", "an", "object"],
        "{not json",
        deep,
        '{"a":' * 40 + "1" + "}" * 40,
    ]
    for body in malformed:
        response = _post(client, token, body)
        assert response.status_code == 400, (str(body)[:80], response.json)
        validate_error(response.json, "BadRequest")
    wrong_type = _post(client, token, published, content_type="text/plain")
    assert wrong_type.status_code == 400
    bad_token = _post(client, "invalid-access-token", published)
    assert bad_token.status_code == 401
    validate_error(bad_token.json, "BadRequest")
