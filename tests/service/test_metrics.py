"""Prometheus metrics: request latency, label verifications and job durations at /metrics."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from service import create_app
from service.observability import metrics
from tests.service.label_fixtures import issue_label

ROOT = Path(__file__).resolve().parents[2]


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _families(text: str) -> dict[str, set[tuple[tuple[str, str], ...]]]:
    """Return each metric family's sample label sets (buckets' "le" left out)."""
    return {
        family.name: {
            tuple(sorted(i for i in s.labels.items() if i[0] != "le")) for s in family.samples
        }
        for family in text_string_to_metric_families(text)
    }


def test_metrics_expose_requests_verifications_and_jobs(client, make_user, headers, product_id):
    label_id = issue_label(client, make_user, headers, product_id)["label_id"]
    credential = client.get(f"/api/v1/labels/{label_id}").json["credential"]
    verified = ("gba_label_verifications_total", {"result": "verified", "status": "valid"})
    refused = ("gba_label_verifications_total", {"result": "unverified", "status": "invalid"})
    job = ("gba_job_duration_seconds_count", {"kind": "rescore", "outcome": "succeeded"})
    before = {key[0] + str(key[1]): _value(key[0], **key[1]) for key in (verified, refused, job)}

    assert client.post("/api/v1/verifications", json={"credential": credential}).json["verified"]
    assert client.post("/api/v1/verifications", json={"credential": "no"}).status_code == 422
    metrics.observe_job("rescore", "succeeded", 12.5)

    for key in (verified, refused, job):
        assert _value(key[0], **key[1]) == before[key[0] + str(key[1])] + 1
    response = client.get("/metrics")  # no token needed unless METRICS_TOKEN is set
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=")
    families = _families(response.get_data(as_text=True))
    requests = families["gba_http_request_duration_seconds"]
    assert (("endpoint", "public.Verifications"), ("status", "200")) in requests
    assert (("result", "verified"), ("status", "valid")) in families["gba_label_verifications"]
    assert (("kind", "rescore"), ("outcome", "succeeded")) in families["gba_job_duration_seconds"]


def test_a_request_is_timed_by_endpoint_and_status(client):
    key = {"endpoint": "observability.healthz", "status": "200"}
    before = _value("gba_http_request_duration_seconds_count", **key)
    client.get("/healthz")
    assert _value("gba_http_request_duration_seconds_count", **key) == before + 1


@pytest.mark.parametrize(
    ("status", "body", "labels"),
    [
        (200, {"verified": False, "status": "revoked"}, ("unverified", "revoked")),
        (200, {"verified": False, "status": "made-up"}, ("unverified", "other")),
        (503, None, ("unverified", "error")),
    ],
)
def test_verification_labels_stay_bounded(status, body, labels):
    key = {"result": labels[0], "status": labels[1]}
    before = _value("gba_label_verifications_total", **key)
    metrics.count_verification(status, body)
    assert _value("gba_label_verifications_total", **key) == before + 1


def test_an_unknown_job_outcome_is_refused():
    with pytest.raises(ValueError, match="outcome"):
        metrics.observe_job("rescore", "fine", 1.0)


def test_metrics_token_is_required_when_set(settings, session_factory, scored_project):
    app = create_app(dataclasses.replace(settings, metrics_token="scrape-me"), session_factory)
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong.json["code"] == "unauthenticated"
    right = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert right.status_code == 200
    assert b"gba_http_request_duration_seconds" in right.data


def test_multiprocess_mode_aggregates_the_workers_files(tmp_path):
    # Like gunicorn: a process imports the metrics, then forked workers each write their file.
    script = """
import os
from service.observability import metrics
metrics.observe_job("import", "failed", 2.0)
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        metrics.observe_job("import", "failed", 2.0)
        os._exit(0)
    os.waitpid(pid, 0)
print(metrics.exposition()[0].decode())
"""
    env = os.environ | {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True
    )
    assert len(list(tmp_path.glob("histogram_*.db"))) == 3
    text = done.stdout.decode()
    assert 'gba_job_duration_seconds_count{kind="import",outcome="failed"} 3.0' in text
