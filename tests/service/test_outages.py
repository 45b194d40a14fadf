"""A database that cannot be reached is a 503 dependency_unavailable with Retry-After.

The fault is real: the app's database URL names a port nothing listens on, so every
connection attempt is refused, as while PostgreSQL restarts.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import text

from certificates.label_ids import JURISDICTION_CODES, LabelId
from service import create_app
from service.persistence.database import make_engine, make_session_factory
from tests.service.helpers import assert_error

DOWN = "postgresql://postgres@127.0.0.1:9/gba_down"  # the discard port: connection refused
LABEL = str(LabelId(JURISDICTION_CODES["CN-GD"], "XX", 2026, 1))  # well-formed, so it is looked up


@pytest.fixture()
def down_client(settings, scored_project):
    app = create_app(dataclasses.replace(settings, database_url=DOWN))
    yield app.test_client()
    app.extensions["gba"].changes.close()


@pytest.mark.parametrize("path", ["/api/v1/bodies", f"/api/v1/labels/{LABEL}", "/api/v1/products"])
def test_the_api_answers_503_with_retry_after_while_the_database_is_down(down_client, path):
    response = down_client.get(path, headers={"Authorization": "Bearer gba_x"})
    body = assert_error(response, 503)
    assert body["code"] == "dependency_unavailable"
    assert int(response.headers["Retry-After"]) > 0


def test_a_verification_answers_503_while_the_database_is_down(down_client):
    response = down_client.post("/api/v1/verifications", json={"credential": "a.b.c"})
    assert response.status_code in (422, 503)  # a malformed token needs no database
    if response.status_code == 503:
        assert response.headers["Retry-After"]


def test_pages_answer_a_503_page_with_retry_after(down_client):
    response = down_client.get(f"/l/{LABEL}", headers={"Accept": "text/html"})
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert int(response.headers["Retry-After"]) > 0


def test_pooled_connections_killed_by_a_restart_are_replaced_before_use(database_url):
    """pool_pre_ping: a pooled connection the server dropped is replaced, not used."""
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL)")
    name = "gba_outage_test"
    engine = make_engine(f"{database_url}?application_name={name}")
    factory = make_session_factory(engine)
    with factory() as session:
        session.execute(text("SELECT 1"))
    admin = make_engine(database_url)
    with admin.begin() as connection:
        killed = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name"
            ),
            {"name": name},
        ).scalar()
    assert killed == 1
    with factory() as session:  # the pooled connection is dead; pre-ping reconnects
        assert session.execute(text("SELECT 1")).scalar() == 1
    engine.dispose()
    admin.dispose()
