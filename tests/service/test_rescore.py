"""Re-scoring every current BOM on a new library version: report, flags, idempotent key."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from certificates import keys
from service.persistence.jobs import Job, RescoreResult
from service.persistence.labels import Label
from service.services.library import versions as library_versions
from tests.service.helpers import activity_line, bom_doc
from tests.service.label_fixtures import issue_label
from tests.service.library_versions_data import RELEASE, raised_grid_library

OTHER_GRID = "electricity-cn-footprint-2024"  # unchanged in the new version


@pytest.fixture()
def settings(settings):
    """Jobs run inside the request that starts them (the in-process pool needs real sessions)."""
    return dataclasses.replace(settings, jobs_backend="inline")


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    monkeypatch.setattr(keys, "_SCRYPT_N", 2**10)  # issuing seals keys; the cost is not tested


def _product(client, headers, sku, *lines, calculate=True):
    product = client.post(
        "/api/v1/products",
        headers=headers,
        json={"sku": sku, "names": {"en": sku}, "declared_unit": {"amount": "1", "unit": "piece"}},
    ).json["id"]
    bom = client.post(f"/api/v1/products/{product}/boms", headers=headers, json=bom_doc(*lines))
    assert bom.status_code == 201, bom.json
    if calculate:
        calc = client.post(f"/api/v1/boms/{bom.json['id']}/calculations", headers=headers)
        assert calc.status_code == 201, calc.json
    return product


@pytest.fixture()
def world(app, session, client, make_user, headers, product_id):
    """Four products, two of them labelled, and the raised-grid version made current."""
    runtime = app.extensions["gba"].runtime
    library_versions.record_shipped(session, runtime)
    grid_only = _product(client, headers, "GRID", activity_line(amount="2"))
    unchanged = _product(client, headers, "OTHER", activity_line(activity=OTHER_GRID))
    never_calculated = _product(client, headers, "NEW", activity_line(), calculate=False)
    flagged = issue_label(client, make_user, headers, product_id, amount="2")  # grid only: +20%
    mixed = _product(
        client,
        headers,
        "MIXED",
        activity_line(amount="1"),
        activity_line(ref="other", activity=OTHER_GRID, amount="10"),
        calculate=False,
    )
    kept = issue_label(client, make_user, headers, mixed)  # its own BOM: 2 kWh of the grid
    # The labelled product's newer BOM: 1 kWh 2023 grid + 10 kWh 2024 grid (the labelled BOM
    # used 2 kWh, so this one is the current BOM the re-scoring compares with the label).
    newer = client.post(
        f"/api/v1/products/{mixed}/boms",
        headers=headers,
        json=bom_doc(
            activity_line(amount="0.2"), activity_line(ref="other", activity=OTHER_GRID, amount="2")
        ),
    )
    assert newer.status_code == 201
    version = library_versions.load_open(session, runtime, raised_grid_library(), RELEASE, True)
    operator = make_user("operator", "admin")
    return {
        "version": version.version,
        "operator": operator,
        "products": {"grid": grid_only, "other": unchanged, "new": never_calculated},
        "flagged": flagged,
        "kept": kept,
        "mixed": mixed,
    }


def _rescore(client, world, headers=None):
    return client.post(
        f"/api/v1/library-versions/{world['version']}/rescore",
        headers=headers or world["operator"]["headers"],
        json={"chunk": 2},
    )


def test_rescore_reports_moved_footprints_and_flags_labels_beyond_10_percent(
    client, session, world
):
    started = _rescore(client, world)
    assert started.status_code == 202, started.json
    job_id = started.json["id"]
    job = client.get(f"/api/v1/jobs/{job_id}", headers=world["operator"]["headers"]).json
    assert job["kind"] == "rescore" and job["state"] == "succeeded", job
    assert job["done"] == job["total"] == 5

    report = client.get(f"/api/v1/jobs/{job_id}/report.csv", headers=world["operator"]["headers"])
    assert report.status_code == 200 and report.mimetype == "text/csv"
    rows = {row["sku"]: row for row in csv.DictReader(io.StringIO(report.text))}
    assert set(rows) == {"GRID", "OTHER", "NEW", "P-1", "MIXED"}
    grid = rows["GRID"]
    assert float(grid["new_kg_co2e"]) / float(grid["old_kg_co2e"]) == pytest.approx(1.2, rel=1e-6)
    assert grid["change_percent"] == "20.00" and grid["flagged"] == "no" and grid["label"] == ""
    assert rows["OTHER"]["change_percent"] == "0.00"
    assert rows["NEW"]["old_kg_co2e"] == "" and Decimal(rows["NEW"]["new_kg_co2e"]) > 0
    labelled = rows["P-1"]
    assert labelled["label"] == world["flagged"]["label_id"] and labelled["flagged"] == "yes"
    assert labelled["change_vs_certified_percent"] == "20.00"
    mixed = rows["MIXED"]
    # New BOM: 0.2 x 0.7446 + 2 x 0.5777 = 1.30432 against 2 x 0.6205 = 1.241 certified.
    assert mixed["new_kg_co2e"] == "1.30432" and mixed["certified_kg_co2e"] == "1.241"
    assert mixed["change_vs_certified_percent"] == "5.10" and mixed["flagged"] == "no"

    flagged = session.get(Label, world["flagged"]["label_id"])
    session.refresh(flagged)
    assert job_id in flagged.surveillance_note and "+20.0%" in flagged.surveillance_note
    assert session.get(Label, world["kept"]["label_id"]).surveillance_note is None
    summary = client.get(f"/api/v1/jobs/{job_id}/report", headers=world["operator"]["headers"])
    assert summary.json["summary"]["flagged_labels"] == [world["flagged"]["label_id"]]
    assert summary.json["summary"]["boms"] == 5 and summary.json["summary"]["errors"] == 0


def test_the_csv_report_neutralises_spreadsheet_formulas(client, world, headers):
    """OWASP "CSV injection": a cell starting with = + - @ or a tab is a formula to Excel."""
    hostile = client.post(
        "/api/v1/products",
        headers=headers,
        json={
            "sku": '=HYPERLINK("http://x.test","open")',
            "names": {"en": "@SUM(1+1)"},
            "declared_unit": {"amount": "1", "unit": "piece"},
        },
    ).json["id"]
    client.post(f"/api/v1/products/{hostile}/boms", headers=headers, json=bom_doc())
    job_id = _rescore(client, world).json["id"]
    report = client.get(f"/api/v1/jobs/{job_id}/report.csv", headers=world["operator"]["headers"])
    rows = list(csv.DictReader(io.StringIO(report.text)))
    row = next(r for r in rows if "HYPERLINK" in r["sku"])
    assert row["sku"] == '\'=HYPERLINK("http://x.test","open")'
    assert row["product"] == "'@SUM(1+1)"
    numbers = [r["change_percent"] for r in rows if r["change_percent"]]
    assert all(not n.startswith("'") for n in numbers)  # signed numbers stay numbers
    for r in rows:
        for cell in r.values():
            assert not cell or cell[0] not in "=+@\t\r" or cell.startswith("'"), r


def test_the_same_key_returns_the_same_job_and_writes_no_duplicates(client, session, world):
    first = _rescore(client, world).json
    again = _rescore(client, world)
    assert again.status_code == 202 and again.json["id"] == first["id"]
    assert again.json["state"] == "succeeded"
    count = session.scalar(select(func.count()).select_from(RescoreResult))
    assert count == 5
    assert session.scalar(select(func.count()).select_from(Job)) == 1


def test_bodies_see_their_own_labels_rows_and_others_see_nothing(client, world, headers):
    job_id = _rescore(client, world).json["id"]
    body = world["flagged"]["reviewer"]["headers"]
    assert client.get(f"/api/v1/jobs/{job_id}", headers=body).json["done"] == 5
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/api/v1/jobs/{job_id}/report.csv", headers=body).text)
        )
    )
    assert [row["label"] for row in rows] == [world["flagged"]["label_id"]]
    other_body = world["kept"]["decider"]["headers"]
    summary = client.get(f"/api/v1/jobs/{job_id}/report", headers=other_body).json["summary"]
    assert summary["boms"] == 1 and summary["flagged"] == 0
    for path in (f"/api/v1/jobs/{job_id}", f"/api/v1/jobs/{job_id}/report.csv"):
        assert client.get(path, headers=headers).status_code == 404  # a manufacturer
    assert client.get(f"/api/v1/jobs/{job_id}").status_code == 401


def test_only_the_operator_starts_a_rescore(client, world, headers):
    assert _rescore(client, world, headers).status_code == 403
    assert _rescore(client, world, world["flagged"]["decider"]["headers"]).status_code == 403
    missing = client.post(
        "/api/v1/library-versions/no-such/rescore", headers=world["operator"]["headers"], json={}
    )
    assert missing.status_code == 404


def test_the_cli_rescores_in_the_foreground(app, world, session):
    with app.app_context():
        result = app.test_cli_runner().invoke(
            args=["lca", "library", "rescore", world["version"], "--chunk", "3"]
        )
    assert result.exit_code == 0, result.output
    assert "succeeded 5/5" in result.output and "'flagged': 1" in result.output


def _sign_in(client, user, role="certifier"):
    with client.session_transaction() as cookie:
        cookie["user_id"], cookie["email"], cookie["role"] = user["user_id"], "x@x.test", role


def test_the_library_updates_page_shows_progress_and_the_bodys_flagged_labels(
    client, session, world, manufacturer
):
    job_id = _rescore(client, world).json["id"]
    _sign_in(client, world["flagged"]["reviewer"])
    page = client.get("/library-updates")
    assert page.status_code == 200
    html = page.text
    assert '<progress value="5" max="5">' in html and world["flagged"]["label_id"] in html
    assert 'http-equiv="refresh"' not in html  # nothing is running
    assert f"/library-updates/{job_id}/report.csv" in html
    csv_file = client.get(f"/library-updates/{job_id}/report.csv")
    assert csv_file.mimetype == "text/csv"
    assert [row["label"] for row in csv.DictReader(io.StringIO(csv_file.text))] == [
        world["flagged"]["label_id"]
    ]
    # The other body sees the job but none of its flagged labels.
    _sign_in(client, world["kept"]["reviewer"])
    assert world["flagged"]["label_id"] not in client.get("/library-updates").text
    # A queued job makes the page reload itself until it is done.
    from service.services.operations import jobs

    jobs.start_job(session, "rescore", "rescore:later", {"version": "later"}, None, 7)
    assert 'http-equiv="refresh"' in client.get("/library-updates").text
    _sign_in(client, manufacturer, "manufacturer")
    assert client.get("/library-updates").status_code == 403


def test_a_job_in_parts_is_finished_by_any_part_and_each_part_starts_on_its_own_range(
    app, session, world
):
    from service.jobs import run_job
    from service.services.library import rescore

    state = app.extensions["gba"]
    job, run = rescore.start_rescore(session, None, world["version"], chunk=1, parts=3)
    assert run and job.params["parts"] == 3 and job.total == 5
    bounds = job.params["bounds"]
    current = sorted(session.scalars(rescore._current_bom_ids()))
    assert bounds == [current[1], current[3]]  # 5 BOMs cut into 1 + 2 + 2

    def recorded() -> list[str]:
        found = select(RescoreResult.bom_id).where(RescoreResult.job_id == job.id)
        return list(session.scalars(found.order_by(RescoreResult.bom_id)))

    # One chunk (one BOM) per step: each part takes the lowest unrecorded BOM of its range.
    assert not rescore.rescore_step(session, state.runtime, job.id, 2)
    assert recorded() == [current[3]]
    assert not rescore.rescore_step(session, state.runtime, job.id, 0)
    assert recorded() == [current[0], current[3]]
    # Part 0's range is done: it helps with the others' from the top down.
    assert not rescore.rescore_step(session, state.runtime, job.id, 0)
    assert recorded() == [current[0], current[3], current[4]]
    # Part 2 alone finishes everything left (its range, then part 1's), then the job.
    assert run_job(state, job.id, 2) == "succeeded"
    assert recorded() == current
    session.refresh(job)
    assert job.state == "succeeded" and job.done == job.total == 5 and job.error is None
    assert job.result["boms"] == 5 and job.result["flagged"] == 1
    assert run_job(state, job.id, 1) is None  # a late part finds nothing to do


def test_a_failed_part_does_not_undo_a_job_another_part_finished(app, session, world):
    from service.services.library import rescore
    from service.services.operations import jobs

    job, _ = rescore.start_rescore(session, None, world["version"], parts=2)
    jobs.finish(session, job.id, {"boms": 5}, 5)
    jobs.fail(session, job.id, "RuntimeError: late")
    session.refresh(job)
    assert job.state == "succeeded" and job.error is None


def test_a_bad_chunk_is_a_422_naming_the_field_and_starts_nothing(client, session, world):
    for chunk in (0, "many", 10_001):
        response = client.post(
            f"/api/v1/library-versions/{world['version']}/rescore",
            headers=world["operator"]["headers"],
            json={"chunk": chunk},
        )
        assert response.status_code == 422, response.json
        assert "/chunk" in response.json["errors"], response.json
    assert session.scalar(select(func.count()).select_from(Job)) == 0


def _cli(app, *args):
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout  # the result; logs go to stderr


def test_starting_a_stuck_job_again_sends_the_parts_of_its_lost_worker(app, session, world):
    from service.services.context import utc_now
    from service.services.library import rescore
    from service.services.operations import jobs, leases

    job, _ = rescore.start_rescore(session, None, world["version"], parts=2)
    jobs.claim(session, job.id)
    now = utc_now()
    assert leases.take(session, job.id, 0, "live-host", 30, now)
    # While a live worker holds part 0, only part 1 (never sent) is sent.
    assert leases.mark_sent(session, job.id, [1], 3600, now) == [1]
    output = _cli(app, "lca", "library", "rescore", world["version"], "--enqueue")
    assert output == f"job {job.id} running: all 2 part(s) held by live workers, nothing sent\n"
    # The worker holding part 0 is lost: its lease lapsed a minute ago.
    leases.release(session, job.id, 0, "live-host")
    assert leases.take(session, job.id, 0, "lost-host", 1, now - timedelta(seconds=60))
    output = _cli(app, "lca", "library", "rescore", world["version"], "--enqueue")
    assert output == f"job {job.id} running: sent part(s) 0 of 2\n"  # run here (inline)
    session.refresh(job)
    assert job.state == "succeeded" and job.done == job.total == 5
    assert _cli(app, "lca", "library", "rescore", world["version"], "--enqueue") == (
        f"job {job.id} succeeded (nothing sent)\n"
    )


def test_the_jobs_commands_list_show_cancel_and_resume_a_job(app, session, world):
    from service.services.library import rescore
    from service.services.operations import jobs

    job, _ = rescore.start_rescore(session, None, world["version"], parts=2)
    jobs.claim(session, job.id)
    listed = _cli(app, "jobs", "list", "--kind", "rescore")
    assert f"{job.id}  rescore  running  0/5  rescore:{world['version']}" in listed
    assert _cli(app, "jobs", "list", "--state", "failed") == ""
    assert "cancelled  0/5" in _cli(app, "jobs", "cancel", job.id)
    shown = _cli(app, "jobs", "show", job.id)
    assert "cancelled" in shown and "error: cancelled by the operator" in shown
    assert _cli(app, "jobs", "resume", job.id) == f"job {job.id} queued: sent part(s) 0, 1 of 2\n"
    session.refresh(job)
    assert job.state == "succeeded" and job.done == 5
    assert "result: {" in _cli(app, "jobs", "show", job.id)
    assert _cli(app, "jobs", "resume", "--all") == "no queued or running job\n"
    with app.app_context():
        missing = app.test_cli_runner().invoke(args=["jobs", "show", "job_nope"])
    assert missing.exit_code == 1 and missing.output == (
        "Error: no job job_nope; `flask jobs list` shows the jobs' ids\n"
    )
