"""The default backend: the same task functions on a small thread pool, no broker."""

from __future__ import annotations

import dataclasses
import time

from service import create_app
from service.jobs import shutdown
from tests.service.helpers import activity_line, bom_doc


def test_in_process_threads_run_a_rescore(jobs_settings, jobs_app, users):
    app = create_app(dataclasses.replace(jobs_settings, jobs_backend="inprocess"))
    client = app.test_client()
    admin = {"Authorization": users["admin"]["Authorization"]}
    maker = {"Authorization": users["manufacturer"]["Authorization"]}
    version = jobs_app.extensions["gba"].runtime.library.version
    try:
        for sku in ("T-1", "T-2", "T-3"):
            product = client.post(
                "/api/v1/products",
                headers=maker,
                json={
                    "sku": sku,
                    "names": {"en": "t"},
                    "declared_unit": {"amount": "1", "unit": "piece"},
                },
            ).json["id"]
            bom = client.post(
                f"/api/v1/products/{product}/boms", headers=maker, json=bom_doc(activity_line())
            )
            assert bom.status_code == 201, bom.json
        started = client.post(
            f"/api/v1/library-versions/{version}/rescore", headers=admin, json={"chunk": 2}
        )
        assert started.status_code == 202, started.json
        deadline = time.monotonic() + 60
        job = started.json
        while job["state"] not in ("succeeded", "failed") and time.monotonic() < deadline:
            time.sleep(0.1)
            job = client.get(f"/api/v1/jobs/{started.json['id']}", headers=admin).json
        assert job["state"] == "succeeded", job
        assert job["done"] == job["total"] == 3
        assert job["result"]["boms"] == 3 and job["result"]["errors"] == 0
    finally:
        shutdown(app)
        app.extensions["gba"].session_factory.kw["bind"].dispose()
