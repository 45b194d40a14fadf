"""Each Celery worker process's sweeper: sends again the parts whose leases have lapsed.

It runs in a thread of every worker process, every third of JOBS_LEASE_SECONDS; each lapsed
lease is re-marked by one sweeper only (leases.mark_sent), so a part is sent once. A new
worker sweeps at once on starting, so a lost worker's parts go to it as soon as their leases
lapse (it wakes just after the next lease lapses): within JOBS_LEASE_SECONDS of the loss.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from service.services.context import utc_now
from service.services.operations import leases
from service.state import AppState

log = logging.getLogger(__name__)
# (job id, parts) -> None: sends the messages.
Send = Callable[[str, list[int]], None]


def sweep(state: AppState, send: Send) -> tuple[list[tuple[str, int]], datetime | None]:
    """Send again every lapsed part this sweeper wins; return them and when the next lease
    lapses."""
    now, resent = utc_now(), list[tuple[str, int]]()
    timeout = state.settings.jobs_visibility_timeout
    with state.session_factory() as session:
        leases.forget_finished(session)
        for job_id, part in leases.lapsed(session, now):
            won = leases.mark_sent(session, job_id, [part], timeout, now)
            if won:
                send(job_id, won)
                resent.extend((job_id, p) for p in won)
        upcoming = leases.next_expiry(session)
    for job_id, part in resent:
        log.warning("job %s part %d: its worker's lease lapsed; sent again", job_id, part)
    return resent, upcoming


class Sweeper:
    """A daemon thread sweeping until the process ends."""

    def __init__(self, state_of: Callable[[], AppState], send: Send) -> None:
        self._state_of, self._send = state_of, send
        self._thread = threading.Thread(target=self._run, name="gba-job-sweeper", daemon=True)

    def start(self) -> Sweeper:
        """Start sweeping."""
        self._thread.start()
        return self

    def _run(self) -> None:
        state = self._state_of()
        interval = max(1.0, state.settings.jobs_lease_seconds / 3)
        while True:
            wait = interval
            try:
                _resent, upcoming = sweep(state, self._send)
                if upcoming is not None:  # wake just after the next lease lapses
                    until = (upcoming - utc_now()).total_seconds() + 0.5
                    wait = min(interval, max(0.5, until))
            except SQLAlchemyError as error:  # the database is away: try again next time
                log.warning("job sweep skipped (%s)", type(error).__name__)
            except Exception:  # a sweeper must outlive a bad moment (e.g. Redis away)
                log.exception("job sweep failed")
            time.sleep(wait)
