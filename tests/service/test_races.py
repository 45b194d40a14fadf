"""Concurrent requests on real threads against a committed database (SQLite or PostgreSQL).

Approvals at one body allocate label serials, BOM versions of one product allocate version
numbers: every request of a burst must succeed with a distinct number, never a 500.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from lca_models import ProjectInfo
from service import create_app
from service.services.accounts import organisations
from tests.service.committed_db import committed_database, committed_settings
from tests.service.helpers import activity_line, bom_doc, create_product

BURST = 8


@pytest.fixture(scope="module")
def race_app(
    tmp_path_factory: pytest.TempPathFactory, brightway_dir: Path, scored_project: ProjectInfo
) -> Iterator[Flask]:
    """The app on a committed database."""
    directory = tmp_path_factory.mktemp("races")
    with committed_database(directory, "gba_race_tests") as url:
        app = create_app(committed_settings(url, brightway_dir, directory / "instance"))
        yield app
        app.extensions["gba"].changes.close()
        app.extensions["gba"].session_factory.kw["bind"].dispose()  # before the schema goes


@pytest.fixture(scope="module")
def people(race_app: Flask) -> dict[str, dict[str, str]]:
    """A manufacturer, and a reviewer and decision maker of one body; their bearer headers."""
    with race_app.extensions["gba"].session_factory() as session:
        maker = organisations.create_organisation(session, "manufacturer", "Maker")
        body = organisations.create_organisation(
            session,
            "certification_body",
            "Body",
            jurisdiction="CN-GD",
            accreditation="CNAS C000-P",
            did="did:web:example.test:bodies:race",
            label_code="RC",
        )
        people = {"body": {"org_id": body.id}}
        for name, org, role in (
            ("owner", maker.id, "manufacturer"),
            ("reviewer", body.id, "reviewer"),
            ("decider", body.id, "decision_maker"),
        ):
            _user, token = organisations.create_user(session, org, role, f"{name}@race.test")
            people[name] = {"Authorization": f"Bearer {token}"}
        session.commit()
    return people


def _burst(app: Flask, call: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    """Run call(client, item) for every item on its own thread, all released at once."""
    gate = threading.Barrier(len(items))

    def run(item: Any) -> Any:
        client = app.test_client()
        gate.wait()
        return call(client, item)

    with ThreadPoolExecutor(len(items)) as pool:
        return list(pool.map(run, items))


def test_concurrent_approvals_at_one_body_all_issue_distinct_labels(
    race_app: Flask, people: dict[str, dict[str, str]]
) -> None:
    client = race_app.test_client()
    applications = []
    for n in range(BURST):
        product = create_product(client, people["owner"])  # one open application per product
        bom = client.post(
            f"/api/v1/products/{product}/boms",
            headers=people["owner"],
            json=bom_doc(activity_line(amount=str(n + 1))),
        ).json
        client.post(f"/api/v1/boms/{bom['id']}/calculations", headers=people["owner"])
        applied = client.post(
            f"/api/v1/boms/{bom['id']}/applications",
            headers=people["owner"],
            json={"certification_body": people["body"]["org_id"]},
        )
        assert applied.status_code == 201, applied.json
        reviewed = client.post(
            f"/api/v1/applications/{applied.json['id']}/review",
            headers=people["reviewer"],
            json={"outcome": "recommend_approval", "note": "ok"},
        )
        assert reviewed.status_code == 200, reviewed.json
        applications.append(applied.json["id"])

    def approve(client: Any, application_id: str) -> tuple[int, Any]:
        response = client.post(
            f"/api/v1/applications/{application_id}/decision",
            headers=people["decider"],
            json={"decision": "approve", "note": "ok"},
        )
        return response.status_code, response.json

    answers = _burst(race_app, approve, applications)
    assert [status for status, _ in answers] == [200] * BURST, answers
    labels = {body["label_id"] for _, body in answers}
    assert len(labels) == BURST
    serials = sorted(int(label.split("-")[3]) for label in labels)
    assert serials == list(range(1, BURST + 1))
    for label in labels:
        assert client.get(f"/api/v1/labels/{label}").status_code == 200


def test_concurrent_bom_versions_of_one_product_all_get_distinct_numbers(
    race_app: Flask, people: dict[str, dict[str, str]]
) -> None:
    client = race_app.test_client()
    product = create_product(client, people["owner"])

    def post(client: Any, n: int) -> tuple[int, Any]:
        response = client.post(
            f"/api/v1/products/{product}/boms",
            headers=people["owner"],
            json=bom_doc(activity_line(amount=str(n + 1))),
        )
        return response.status_code, response.json

    answers = _burst(race_app, post, list(range(2 * BURST)))
    assert [status for status, _ in answers] == [201] * (2 * BURST), answers
    versions = sorted(body["version"] for _, body in answers)
    assert versions == list(range(1, 2 * BURST + 1))
