"""The certificate as served: first download (render and store) and stored downloads, against
a bare endpoint of the same app, in-process through the WSGI stack (bench/pdf.py --served).

Not part of the test run.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _interleaved_ms(works: list[Callable[[], Any]], runs: int) -> list[float]:
    """Run each work once to warm up, then all in turn runs times (so that they share the
    machine's load); return each one's median in milliseconds."""
    for work in works:
        work()
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, spent in zip(works, times, strict=True):
            start = time.perf_counter()
            work()
            spent.append((time.perf_counter() - start) * 1000)
    return [statistics.median(spent) for spent in times]


def served_figures(runs: int) -> str:
    """Seed one real label in a temporary SQLite database and time its certificate."""
    from bench.label_seed import SeedConfig, issue_real_labels, settings_for
    from lca_models import bootstrap, build_score_table
    from lca_models.project import use_directory
    from service.persistence.migrations import upgrade_to_head

    work = Path(tempfile.mkdtemp(prefix="gba-bench-pdf-"))
    brightway = work / "brightway"
    use_directory(brightway)
    info = bootstrap(brightway)
    build_score_table(brightway, info.library_version)
    url = f"sqlite:///{work / 'bench.sqlite3'}"
    upgrade_to_head(url)
    seed = SeedConfig(url, brightway, work / "instance", "http://127.0.0.1:8098", 1)
    issue_real_labels(seed, 1)
    from service import create_app

    app = create_app(settings_for(seed))  # a fresh app: routes are added before any request
    app.add_url_rule("/bench/bare", "bench_bare", lambda: {"ok": True})
    client = app.test_client()
    with app.extensions["gba"].session_factory() as session:
        from sqlalchemy import select

        from service.persistence.labels import Label

        label_id = session.scalars(select(Label.id)).one()
    path = f"/api/v1/labels/{label_id}/certificate.pdf"
    start = time.perf_counter()
    first = client.get(path)
    first_ms = (time.perf_counter() - start) * 1000
    assert first.status_code == 200, first.status_code
    etag = first.headers["ETag"]
    cached, revalidated, bare = _interleaved_ms(
        [
            lambda: client.get(path).data,
            lambda: client.get(path, headers={"If-None-Match": etag}).data,
            lambda: client.get("/bench/bare").data,
        ],
        runs,
    )
    return (
        f"served: first download (render + store) {first_ms:.0f} ms; stored download "
        f"{cached:.2f} ms = {bare / cached:.2f}x bare endpoint ({bare:.2f} ms); "
        f"304 revalidation {revalidated:.2f} ms = {bare / revalidated:.2f}x bare"
    )
