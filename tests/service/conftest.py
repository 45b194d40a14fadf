"""Service fixtures: a migrated database, one rolled-back transaction per test, the app.

The database is SQLite unless TEST_DATABASE_URL names another (CI runs the suite on both);
each test runs inside a transaction that is rolled back, and use-case commits become
savepoint releases inside it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

from lca_models import ProjectInfo, build_score_table
from service import create_app
from service.persistence.database import make_engine
from service.persistence.migrations import upgrade_to_head
from service.services.accounts import organisations
from service.settings import Settings
from tests.service.clock import MovableClock
from tests.service.contract import ContractClient

_TMP = Path(tempfile.mkdtemp(prefix="gba-service-tests-"))
DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'test.sqlite3'}"


def _reset(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def database_url() -> str:
    """The URL of the test database."""
    return DATABASE_URL


@pytest.fixture(scope="session")
def db_engine(database_url: str) -> Iterator[Engine]:
    """An engine on a database freshly migrated to head."""
    engine = make_engine(database_url)
    _reset(engine)
    upgrade_to_head(database_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def connection(db_engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with db_engine.connect() as conn:
        transaction = conn.begin()
        yield conn
        transaction.rollback()


@pytest.fixture()
def session_factory(connection: Connection) -> sessionmaker[Session]:
    """Sessions that join the test's transaction; their commits become savepoints."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture()
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for setting up and inspecting test data."""
    with session_factory() as s:
        yield s


@pytest.fixture(scope="session")
def scored_project(shipped_project: ProjectInfo, brightway_dir: Path) -> ProjectInfo:
    """The shipped library with its score table built."""
    build_score_table(brightway_dir, shipped_project.library_version)
    return shipped_project


@pytest.fixture()
def settings(brightway_dir: Path, database_url: str) -> Settings:
    """Settings for a test app (built explicitly, never from the environment)."""
    return Settings(
        environment="development",
        database_url=database_url,
        brightway_dir=brightway_dir,
        secret_key="test-secret-key",
        key_passphrase="test-key-passphrase",
        service_url="http://gba.test",
        instance_dir=_TMP / "instance",
    )


@pytest.fixture()
def clock() -> MovableClock:
    """The app's clock; a test moves it with clock.advance(timedelta)."""
    return MovableClock()


@pytest.fixture()
def app(
    settings: Settings,
    session_factory: sessionmaker[Session],
    scored_project: ProjectInfo,
    clock: MovableClock,
) -> Flask:
    """The app, its sessions joined to the test's transaction; its client checks the contract."""
    app = create_app(settings, session_factory, clock)
    app.test_client_class = ContractClient
    return app


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


@pytest.fixture()
def make_user(session: Session) -> Callable[..., dict[str, Any]]:
    """Create an organisation and a user in it; return ids and a bearer header."""
    counter = iter(range(10**6))

    def make(
        kind: str = "manufacturer",
        role: str = "manufacturer",
        existing_org: str | None = None,
        **org: Any,
    ) -> dict[str, Any]:
        n = next(counter)
        if existing_org is None:
            if kind == "certification_body":
                org = {
                    "jurisdiction": "CN-GD",
                    "accreditation": "CNAS C000-P",
                    "did": f"did:web:example.test:bodies:b{n}",
                    "label_code": f"T{n}",
                } | org
            existing_org = organisations.create_organisation(session, kind, f"Org {n}", **org).id
        user, token = organisations.create_user(session, existing_org, role, f"u{n}@x.test")
        return {
            "org_id": existing_org,
            "user_id": user.id,
            "headers": {"Authorization": f"Bearer {token}"},
        }

    return make


@pytest.fixture()
def manufacturer(make_user: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """A manufacturer's user: {"org_id", "user_id", "headers"}."""
    return make_user()


@pytest.fixture()
def product_id(client: FlaskClient, headers: dict[str, str]) -> str:
    """A product of the `manufacturer` fixture, declared per piece."""
    response = client.post(
        "/api/v1/products",
        headers=headers,
        json={
            "sku": "P-1",
            "names": {"en": "Thing"},
            "declared_unit": {"amount": "1", "unit": "piece"},
        },
    )
    assert response.status_code == 201, response.json
    product: str = response.json["id"]
    return product


@pytest.fixture()
def headers(manufacturer: dict[str, Any]) -> dict[str, str]:
    """The bearer header of the `manufacturer` fixture's user."""
    result: dict[str, str] = manufacturer["headers"]
    return result
