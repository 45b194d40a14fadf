"""A committed database both this process and real Celery worker processes use.

SQLite file in WAL mode by default; with TEST_DATABASE_URL, a schema of its own in that
PostgreSQL database (dropped afterwards), so nothing committed here leaks into the other
tests' database. The Redis database (TEST_REDIS_URL, DB 15 by default) is this suite's alone:
flushed before and after.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from lca_models import ProjectInfo, build_score_table
from service import create_app
from service.persistence.database import make_engine
from service.persistence.migrations import upgrade_to_head
from service.services.accounts import organisations
from service.services.library import versions as library_versions
from service.settings import Settings
from tests.jobs.workers import BOMS, ROOT, kill, worker_args
from tests.service.helpers import activity_line, bom_doc
from tests.service.library_versions_data import RELEASE, raised_grid_library

REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
SCHEMA = "gba_jobs_tests"


def _redis() -> Any:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not answering at {REDIS_URL} (.ci/run starts it)")
    return client


@pytest.fixture(scope="module")
def redis_db() -> Iterator[Any]:
    """Redis DB 15, empty."""
    client = _redis()
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def jobs_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database whose commits other processes see."""
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        admin = make_engine(base)
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        url = f"{base}?options=-csearch_path%3D{SCHEMA}"
    else:
        path = tmp_path_factory.mktemp("jobs-db") / "jobs.sqlite3"
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA journal_mode=WAL")  # kept in the file
        url, admin = f"sqlite:///{path}", None
    upgrade_to_head(url)
    yield url
    if admin is not None:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="module")
def jobs_settings(
    jobs_database_url: str, brightway_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """Settings of this process's app (the workers read the same from their environment)."""
    return Settings(
        environment="development",
        database_url=jobs_database_url,
        brightway_dir=brightway_dir,
        secret_key="jobs-test-secret",
        key_passphrase="jobs-test-passphrase",
        instance_dir=tmp_path_factory.mktemp("jobs-instance"),
        jobs_backend="celery",
        redis_url=REDIS_URL,
        jobs_visibility_timeout=3,
        jobs_lease_seconds=6,  # a lost worker's part is sent again within seconds
        job_parts=2,  # re-scoring jobs are sent as two parts
    )


def worker_environment(settings: Settings) -> dict[str, str]:
    """The environment a worker process builds the same settings from."""
    return os.environ | {
        "GBA_ENV": "development",
        "DATABASE_URL": settings.database_url,
        "BRIGHTWAY_DIR": str(settings.brightway_dir),
        "GBA_INSTANCE_DIR": str(settings.instance_dir),
        "SECRET_KEY": settings.secret_key,
        "KEY_PASSPHRASE": settings.key_passphrase,
        "JOBS_BACKEND": "celery",
        "REDIS_URL": settings.redis_url,
        "JOBS_VISIBILITY_TIMEOUT": str(settings.jobs_visibility_timeout),
        "JOBS_LEASE_SECONDS": str(settings.jobs_lease_seconds),
        "JOB_PARTS": str(settings.job_parts),
        "LOG_FORMAT": "json",  # as in production
    }


@pytest.fixture(scope="module")
def jobs_app(jobs_settings: Settings, shipped_project: ProjectInfo) -> Iterator[Flask]:
    """The app on the committed database, both library versions loaded, the second current."""
    build_score_table(jobs_settings.brightway_dir, shipped_project.library_version)
    app = create_app(jobs_settings)
    state = app.extensions["gba"]
    with state.session_factory() as session:
        library_versions.record_shipped(session, state.runtime)
        library_versions.load_open(session, state.runtime, raised_grid_library(), RELEASE, True)
    yield app
    state.session_factory.kw["bind"].dispose()  # close its connections before the schema goes


@pytest.fixture(scope="module")
def users(jobs_app: Flask) -> dict[str, dict[str, str]]:
    """An operator admin and a manufacturer, with bearer headers."""
    found = {}
    with jobs_app.extensions["gba"].session_factory() as session:
        for kind, role in (("operator", "admin"), ("manufacturer", "manufacturer")):
            org = organisations.create_organisation(session, kind, f"{kind} org")
            user, token = organisations.create_user(session, org.id, role, f"{role}@jobs.test")
            found[role] = {"user_id": user.id, "Authorization": f"Bearer {token}"}
    return found


@pytest.fixture()
def start_worker(
    jobs_settings: Settings, redis_db: Any, tmp_path: Path
) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start worker processes (each in its own process group); kill them all afterwards."""
    started: list[subprocess.Popen[bytes]] = []
    logs: list[Any] = []

    def start(slow: bool = False, concurrency: int = 1, seconds_per_bom: float = 0.03) -> Any:
        if slow:
            command = [sys.executable, str(ROOT / "tests" / "jobs" / "slow_worker.py")]
        else:
            command = [sys.executable, "-m", "celery", "-A", "service.jobs.celery_app"]
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        logs.append(log)
        process = subprocess.Popen(  # noqa: S603  (our own fixed command line)
            [*command, *worker_args(concurrency)],
            cwd=ROOT,
            env=worker_environment(jobs_settings)
            | {"GBA_TEST_SECONDS_PER_BOM": str(seconds_per_bom)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        kill(process)
    for log in logs:
        log.close()


@pytest.fixture(scope="module")
def amounts(jobs_app: Flask, users: dict[str, dict[str, str]]) -> dict[str, Decimal]:
    """BOMS products of one grid-electricity line each; BOM id -> kWh."""
    client = jobs_app.test_client()
    headers = {"Authorization": users["manufacturer"]["Authorization"]}
    found = {}
    for i in range(1, BOMS + 1):
        product = client.post(
            "/api/v1/products",
            headers=headers,
            json={
                "sku": f"W-{i}",
                "names": {"en": "w"},
                "declared_unit": {"amount": "1", "unit": "piece"},
            },
        ).json["id"]
        amount = f"{i}.5"
        bom = client.post(
            f"/api/v1/products/{product}/boms",
            headers=headers,
            json=bom_doc(activity_line(amount=amount)),
        )
        assert bom.status_code == 201, bom.json
        found[bom.json["id"]] = Decimal(amount)
    return found
