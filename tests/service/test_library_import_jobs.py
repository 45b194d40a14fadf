"""A database import run as a job: progress, stored report, and a failure that registers nothing."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from lca_models.project import use_directory
from service.persistence.jobs import Job, LibraryVersion
from service.settings import Settings
from tests.lca_models.imports import jsonld_fixture as fx


@pytest.fixture()
def settings(settings: Settings) -> Settings:
    """Jobs run inside the command that starts them (the in-process pool needs real sessions)."""
    return dataclasses.replace(settings, jobs_backend="inline")


def _enqueue(app: Flask, path: Path, version: str) -> Any:
    with app.app_context():
        return app.test_cli_runner().invoke(
            args=[
                "lca",
                "library",
                "import",
                str(path),
                "--format",
                "openlca-jsonld",
                "--version",
                version,
                "--enqueue",
            ]
        )


def test_an_import_job_records_its_steps_and_the_version(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    version = f"jl-job-{uuid.uuid4().hex[:8]}"
    result = _enqueue(app, fx.write(tmp_path / "x"), version)
    assert result.exit_code == 0, result.output
    job = session.query(Job).filter_by(key=f"library-import:{version}").one()
    assert (job.kind, job.state, job.done, job.total) == ("library_import", "succeeded", 4, 4)
    assert job.result == {
        "version": version,
        "processes": 2,
        "cutoffs": 1,
        "coproducts": 1,
        "silently_linked": 0,
    }
    assert session.get(LibraryVersion, version) is not None
    folder = app.extensions["gba"].settings.instance_dir / "import_reports" / version
    assert (folder / "cutoffs.csv").exists()


def test_a_failed_import_job_names_file_and_problem_and_registers_nothing(
    app: Flask, session: Session, tmp_path: Path, brightway_dir: Path
) -> None:
    version = f"jl-job-{uuid.uuid4().hex[:8]}"
    path = fx.write(tmp_path / "x", singular=True)
    assert _enqueue(app, path, version).exit_code == 0
    job = session.query(Job).filter_by(key=f"library-import:{version}").one()
    assert job.state == "failed" and str(path) in (job.error or "")
    assert "singular" in (job.error or "")
    assert session.get(LibraryVersion, version) is None
    assert version not in use_directory(brightway_dir).databases
