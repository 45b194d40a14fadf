"""`flask backup create` / `backup restore` round trip on a committed database (SQLite, or a
schema of the TEST_DATABASE_URL PostgreSQL database): after losing everything and restoring,
the audit chains verify, the transparency log is consistent with the checkpoint taken before,
and the label still verifies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from certificates.log import verify_consistency
from lca_models import ProjectInfo
from service import create_app
from service.persistence.database import make_engine
from tests.service.committed_db import committed_database, committed_settings
from tests.service.helpers import activity_line, bom_doc, create_product
from tests.service.test_labels_log import _checkpoint, _unb64
from tests.service.test_races import people as _people_fixture

SCHEMA = "gba_backup_tests"


@pytest.fixture(scope="module")
def race_app(tmp_path_factory, brightway_dir: Path, scored_project: ProjectInfo):
    """The app on a committed database (named for the people fixture it shares)."""
    directory = tmp_path_factory.mktemp("backups")
    with committed_database(directory, SCHEMA) as url:
        app = create_app(committed_settings(url, brightway_dir, directory / "instance"))
        yield app
        app.extensions["gba"].changes.close()
        app.extensions["gba"].session_factory.kw["bind"].dispose()  # before the schema goes


people = _people_fixture


def _issue(app, people) -> str:
    client = app.test_client()
    product = create_product(client, people["owner"])
    bom = client.post(
        f"/api/v1/products/{product}/boms", headers=people["owner"], json=bom_doc(activity_line())
    ).json
    client.post(f"/api/v1/boms/{bom['id']}/calculations", headers=people["owner"])
    applied = client.post(
        f"/api/v1/boms/{bom['id']}/applications",
        headers=people["owner"],
        json={"certification_body": people["body"]["org_id"]},
    ).json
    client.post(
        f"/api/v1/applications/{applied['id']}/review",
        headers=people["reviewer"],
        json={"outcome": "recommend_approval", "note": "ok"},
    )
    decided = client.post(
        f"/api/v1/applications/{applied['id']}/decision",
        headers=people["decider"],
        json={"decision": "approve", "note": "ok"},
    )
    assert decided.status_code == 200, decided.json
    return str(decided.json["label_id"])


def _cli(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def _lose_everything(app) -> None:
    url = app.extensions["gba"].settings.database_url
    app.extensions["gba"].session_factory.kw["bind"].dispose()
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink()
        return
    admin = make_engine(os.environ["TEST_DATABASE_URL"])
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    admin.dispose()


def test_a_backup_restores_labels_audit_chains_and_the_log(race_app, people, tmp_path):
    label_id = _issue(race_app, people)
    client = race_app.test_client()
    credential = client.get(f"/api/v1/labels/{label_id}").json["credential"]
    before = _checkpoint(client)
    backup = tmp_path / "gba.backup"
    made = _cli(race_app, "backup", "create", str(backup))
    assert made.exit_code == 0, made.output
    assert backup.stat().st_size > 0

    _lose_everything(race_app)

    restored = _cli(race_app, "backup", "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    audit = _cli(race_app, "audit", "verify")
    assert audit.exit_code == 0, audit.output
    after = _checkpoint(client)
    assert after.tree_size == before.tree_size and after.root_hash == before.root_hash
    proof = client.get(
        "/api/v1/log/proof/consistency", query_string={"first": 1, "second": after.tree_size}
    )
    assert proof.status_code == 200, proof.json
    first = client.get("/api/v1/log/proof/inclusion", query_string={"index": 0, "tree_size": 1})
    assert first.status_code == 200
    verified = client.post("/api/v1/verifications", json={"credential": credential}).json
    assert verified["verified"] is True and verified["status"] == "valid", verified
    # The log keeps growing from where it was: a new label after the restore.
    newer = _issue(race_app, people)
    grown = _checkpoint(client)
    proof = client.get(
        "/api/v1/log/proof/consistency",
        query_string={"first": before.tree_size, "second": grown.tree_size},
    ).json
    assert verify_consistency(
        before.tree_size, grown.tree_size, before.root_hash, grown.root_hash, _unb64(proof["proof"])
    )
    assert newer != label_id


def test_restore_refuses_a_missing_file(race_app, tmp_path):
    result = _cli(race_app, "backup", "restore", str(tmp_path / "none"), "--yes")
    assert result.exit_code != 0
