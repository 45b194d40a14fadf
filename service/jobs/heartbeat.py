"""A running job part's heartbeat: a thread renewing the part's lease while the part runs.

The part's loop asks `held()` before each step: it turns false once a renewal finds the lease
taken over (this worker was presumed lost) or the job cancelled, and the part then stops.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError

from service.services.context import utc_now
from service.services.operations import leases
from service.state import AppState

log = logging.getLogger(__name__)


class Heartbeat:
    """Renews one lease about every third of its length until stopped."""

    def __init__(self, state: AppState, job_id: str, part: int, holder: str) -> None:
        self._state, self._job_id, self._part, self._holder = state, job_id, part, holder
        self._seconds = state.settings.jobs_lease_seconds
        self._stop = threading.Event()
        self._lost = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"gba-heartbeat-{job_id}-{part}", daemon=True
        )

    def start(self) -> Heartbeat:
        """Start renewing."""
        self._thread.start()
        return self

    def held(self) -> bool:
        """Return whether the part may take another step."""
        return not self._lost.is_set()

    def stop(self) -> None:
        """Stop renewing (the caller releases the lease)."""
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stop.wait(self._seconds / 3):
            try:
                with self._state.session_factory() as session:
                    held = leases.renew(
                        session, self._job_id, self._part, self._holder, self._seconds, utc_now()
                    )
            except SQLAlchemyError as error:  # the database is away: try again next beat
                log.warning(
                    "job %s part %d: lease not renewed (%s)",
                    self._job_id,
                    self._part,
                    type(error).__name__,
                )
                continue
            if not held:
                log.warning(
                    "job %s part %d: lease lost or job stopped; stopping after this step",
                    self._job_id,
                    self._part,
                )
                self._lost.set()
                return
