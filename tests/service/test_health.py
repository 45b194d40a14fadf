"""Liveness and readiness probes: public, and naming whichever dependency fails."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from flask import Flask

from lca_models import ProjectNotBootstrapped, load_library
from service import create_app
from service.persistence.database import make_engine, make_session_factory
from service.services.context import LcaRuntime
from service.settings import Settings


@pytest.fixture()
def broken_db_app(settings: Settings, tmp_path: Path, scored_project: object) -> Flask:
    """An app whose session factory points at a database that cannot be opened."""
    engine = make_engine(f"sqlite:///{tmp_path / 'no-such-dir' / 'gba.sqlite3'}")
    return create_app(settings, make_session_factory(engine))


def test_liveness_answers_without_any_dependency(broken_db_app: Flask):
    response = broken_db_app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readiness_is_200_with_every_check_timed(client):
    response = client.get("/readyz")  # no token: probes are public
    assert response.status_code == 200, response.json
    body = response.json
    assert body["ready"] is True
    assert set(body["checks"]) == {"database", "engine"}  # Redis only with JOBS_BACKEND=celery
    for check in body["checks"].values():
        assert check["ok"] is True
        assert check["detail"] == "ok"
        assert check["duration_ms"] >= 0


def test_readiness_names_an_unreachable_database(broken_db_app: Flask):
    response = broken_db_app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.json
    assert body["code"] == "not_ready"
    assert body["status"] == 503
    assert "database" in body["message"]
    assert body["errors"] == {"/checks/database": ["OperationalError"]}
    assert body["checks"]["database"]["ok"] is False
    # The engine falls back to the shipped library's version and still answers.
    assert body["checks"]["engine"]["ok"] is True
    assert response.headers["Cache-Control"] == "no-store"


def test_readiness_names_a_missing_score_table(app: Flask, tmp_path: Path, monkeypatch):
    # bw2data's directory is process-global: never point the real engine at an empty directory.
    runtime = LcaRuntime(tmp_path, load_library())

    def missing(version: str) -> None:
        raise ProjectNotBootstrapped(f"no score table for {version} under {tmp_path}")

    monkeypatch.setattr(runtime.engine, "table", missing)
    app.extensions["gba"].runtime = runtime
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.json
    assert body["errors"] == {"/checks/engine": ["ProjectNotBootstrapped"]}
    assert body["checks"]["database"]["ok"] is True
    assert str(tmp_path) not in response.get_data(as_text=True)  # no internal detail


def test_readiness_checks_redis_when_jobs_run_on_celery(
    settings: Settings, session_factory, scored_project
):
    if not hasattr(settings, "jobs_backend"):
        pytest.skip("the jobs settings are not there yet")
    celery = dataclasses.replace(
        settings,
        jobs_backend="celery",
        redis_url="redis://127.0.0.1:1/0",  # nothing listens on port 1
    )
    response = create_app(celery, session_factory).test_client().get("/readyz")
    assert response.status_code == 503
    assert set(response.json["checks"]) == {"database", "redis", "engine"}
    assert list(response.json["errors"]) == ["/checks/redis"]
