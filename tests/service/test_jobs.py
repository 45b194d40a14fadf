"""Keyed jobs: one job per key, who may follow it, bulk BOM imports and certificates."""

from __future__ import annotations

import base64
import dataclasses

import pytest
from sqlalchemy import func, select

from certificates import keys
from service.persistence.jobs import Job
from service.persistence.models import BomVersion
from service.services.operations import jobs
from tests.service.label_fixtures import issue_label

BOM_CSV = "ref,stage,activity,amount,unit\npower,production,electricity-cn-footprint-2023,{},kWh\n"
HEADER = {
    "system_boundary": "cradle-to-gate",
    "reference_period": {"start": "2025-01-01", "end": "2026-01-01"},
    "site": {"name": "Plant", "region": "CN-GD"},
}


@pytest.fixture()
def settings(settings):
    """Jobs run inside the request that starts them (the in-process pool needs real sessions)."""
    return dataclasses.replace(settings, jobs_backend="inline")


def _file(product_id, amount="2", filename="bom.csv"):
    content = BOM_CSV.format(amount).encode()
    return {
        "product_id": product_id,
        "filename": filename,
        "content_base64": base64.b64encode(content).decode(),
        "header": HEADER,
    }


def test_the_same_key_never_starts_a_second_job(session):
    job, run = jobs.start_job(session, "rescore", "rescore:x", {"version": "x"}, None, 3)
    again, run_again = jobs.start_job(session, "rescore", "rescore:x", {"version": "y"}, None)
    assert run and not run_again and again.id == job.id and again.params == {"version": "x"}
    jobs.fail(session, job.id, "boom")
    resumed, run_resumed = jobs.start_job(session, "rescore", "rescore:x", {}, None)
    assert run_resumed and resumed.id == job.id and resumed.state == "queued"
    assert resumed.error is None
    assert session.scalar(select(func.count()).select_from(Job)) == 1
    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.start_job(session, "mining", "k", {}, None)


def test_bulk_bom_import_for_many_products(client, session, headers, product_id, make_user):
    other = client.post(
        "/api/v1/products",
        headers=headers,
        json={
            "sku": "P-2",
            "names": {"en": "B"},
            "declared_unit": {"amount": "1", "unit": "piece"},
        },
    ).json["id"]
    files = [_file(product_id, "2"), _file(other, "3"), _file(product_id, "-1"), _file(other, "4")]
    started = client.post(
        "/api/v1/jobs/bom-imports", headers=headers, json={"key": "batch-1", "files": files}
    )
    assert started.status_code == 202, started.json
    job = client.get(f"/api/v1/jobs/{started.json['id']}", headers=headers).json
    assert job["kind"] == "bom_import" and job["state"] == "succeeded"
    assert job["done"] == job["total"] == 4 and "files" not in job["params"]
    items = job["result"]["items"]
    assert job["result"]["imported"] == 3 and "error" in items[2]
    assert [item.get("version") for item in items] == [1, 1, None, 2]
    # Retrying with the same key finds the job and imports nothing twice.
    again = client.post(
        "/api/v1/jobs/bom-imports", headers=headers, json={"key": "batch-1", "files": files}
    )
    assert again.json["id"] == job["id"]
    assert session.scalar(select(func.count()).select_from(BomVersion)) == 3
    # Other organisations do not see the job.
    stranger = make_user()
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=stranger["headers"]).status_code == 404
    refused = client.post(
        "/api/v1/jobs/bom-imports",
        headers=stranger["headers"],
        json={"key": "k", "files": [_file(product_id)]},
    )
    assert refused.status_code == 404


def test_certificates_job_renders_pdfs_under_the_instance_folder(
    app, client, make_user, headers, product_id, monkeypatch
):
    monkeypatch.setattr(keys, "_SCRYPT_N", 2**10)
    issued = issue_label(client, make_user, headers, product_id)
    decider = issued["decider"]["headers"]
    body = {"key": "pdfs-1", "labels": [issued["label_id"].lower()]}
    started = client.post("/api/v1/jobs/certificates", headers=decider, json=body)
    assert started.status_code == 202, started.json
    job = client.get(f"/api/v1/jobs/{started.json['id']}", headers=decider).json
    assert job["state"] == "succeeded" and job["done"] == job["total"] == 1, job
    download = f"/api/v1/jobs/{job['id']}/certificates/{{label_id}}.pdf"
    assert job["result"] == {"written": 1, "download": download}  # no server path
    assert str(app.extensions["gba"].settings.instance_dir) not in str(job)
    url = download.format(label_id=issued["label_id"])
    pdf = client.get(url, headers=decider)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    pdf.close()
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=headers).status_code == 404
    assert client.get(url, headers=headers).status_code == 404  # not the manufacturer's job
    other_label = url.replace(issued["label_id"], "GBA-XX-2026-000001-X")
    assert client.get(other_label, headers=decider).status_code == 404
    # A manufacturer may not start one; another body may not render this body's labels.
    assert client.post("/api/v1/jobs/certificates", headers=headers, json=body).status_code == 403
    other = make_user("certification_body", "decision_maker")
    refused = client.post("/api/v1/jobs/certificates", headers=other["headers"], json=body)
    assert refused.status_code == 403
