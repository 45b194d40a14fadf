"""The task functions, one per job kind: each loops over its use case's resumable steps.

Each step opens its own session and commits its own progress, so a worker that dies loses at
most one step, and a retried job carries on from the last recorded one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy.orm import Session

from service.services import pact
from service.services.library import import_jobs, rescore
from service.services.operations import bulk_jobs
from service.state import AppState

# (state, job id, part, held) -> steps taken; a part > 0 exists only for jobs started in
# parts; held() turns false when the part must stop (lease lost, job cancelled).
Held = Callable[[], bool]
Task = Callable[[AppState, str, int, Held], int]
JOBS_FOLDER = "jobs"
IMPORT_REPORTS_FOLDER = "import_reports"
# Seconds to wait before each retry of a PACT callback: 1 + 2 + 4 + 8 s, so that the last of
# five attempts still falls inside the 30 s the PACT conformance tool waits for a callback.
PACT_BACKOFF_SECONDS = (1.0, 2.0, 4.0, 8.0)
log = logging.getLogger(__name__)


def _until_done(state: AppState, held: Held, step: Callable[[Session], bool]) -> int:
    steps, finished = 0, False
    while not finished and held():
        with state.session_factory() as session:
            finished = step(session)
        steps += 1
    return steps


def rescore_task(state: AppState, job_id: str, part: int, held: Held) -> int:
    """Re-score the job's part of the current BOMs (then help with the other parts)."""
    return _until_done(state, held, lambda s: rescore.rescore_step(s, state.runtime, job_id, part))


def bom_import_task(state: AppState, job_id: str, _part: int, held: Held) -> int:
    """Import the job's BOM files one by one."""
    return _until_done(state, held, lambda s: bulk_jobs.bom_import_step(s, state.runtime, job_id))


def certificates_task(state: AppState, job_id: str, _part: int, held: Held) -> int:
    """Render the job's PDF certificates under the instance folder."""
    folder = state.settings.instance_dir / JOBS_FOLDER
    return _until_done(
        state, held, lambda s: bulk_jobs.certificates_step(s, state.issuer, folder, job_id)
    )


def library_import_task(state: AppState, job_id: str, _part: int, held: Held) -> int:
    """Import a unit-process database as a library version (progress: the import's steps)."""
    folder = state.settings.instance_dir / IMPORT_REPORTS_FOLDER
    return _until_done(
        state, held, lambda s: import_jobs.import_step(s, state.runtime, job_id, folder)
    )


def pact_callback_task(state: AppState, job_id: str, _part: int, held: Held) -> int:
    """Answer a PACT request at the requester's registered source, retrying with backoff.

    Each attempt is recorded; a worker whose lease lapsed (held() false) stops before the next
    attempt and the worker that took the part over goes on.
    """
    with state.session_factory() as session:
        delivery = pact.prepare_answer(session, state.issuer, job_id)
    attempts = 0
    while delivery is not None:
        attempts += 1
        final = attempts > len(PACT_BACKOFF_SECONDS)
        try:
            pact.post_event(
                delivery.base_url, delivery.client_id, delivery.client_secret, delivery.event
            )
            error = None
        except pact.DeliveryFailed as failure:
            error = str(failure)
        with state.session_factory() as session:
            pact.record_attempt(session, delivery, error, final)
        log.info(
            "pact callback %s to %s, attempt %d: %s",
            delivery.event["type"].rsplit(".", 2)[-2],
            delivery.base_url,
            attempts,
            error or "delivered",
        )
        if error is None:
            break
        if final:
            raise pact.DeliveryFailed(f"gave up after {attempts} attempts: {error}")
        time.sleep(PACT_BACKOFF_SECONDS[attempts - 1])
        if not held():
            return attempts
    with state.session_factory() as session:
        pact.finish_answer(session, job_id, attempts)
    return max(attempts, 1)


def pact_refresh_task(state: AppState, job_id: str, _part: int, held: Held) -> int:
    """Read again the footprints a registered supplier published, one by one."""
    with state.session_factory() as session:
        plan = pact.refresh_plan(session, job_id)
    if plan is None:
        return 0
    fetched, errors = [], []
    for pf_id in plan.pf_ids:
        try:
            fetched.append(
                pact.get_partner_footprint(plan.base_url, plan.client_id, plan.client_secret, pf_id)
            )
        except pact.DeliveryFailed as failure:
            errors.append(str(failure))
    log.info("pact refresh from %s: %d read, %d failed", plan.base_url, len(fetched), len(errors))
    with state.session_factory() as session:
        pact.store_refreshed(session, job_id, plan, fetched, errors)
    return len(plan.pf_ids)


TASKS: dict[str, Task] = {
    "rescore": rescore_task,
    "bom_import": bom_import_task,
    "certificates": certificates_task,
    "library_import": library_import_task,
    "pact_callback": pact_callback_task,
    "pact_refresh": pact_refresh_task,
}
