"""A per-process cache of verification answers for this service's own labels.

An answer is kept under the change epoch it was computed in (persistence.change_feed): any
commit, by any process, that writes a label, status list, key, organisation, trust entry,
endorsement or the log moves every process's epoch on, and older answers are never served.
The epoch is read before computing, so a change during the computation also discards it.
Time matters too: an answer lives at most ANSWER_TTL, and never past the moment its
validity check would come out differently (validFrom, validUntil, each with the clock skew).
Only answers about labels this service issued are kept (others depend on remote material
that sends no notifications), and only while the epoch is known.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from certificates import CLOCK_SKEW, parse_time

# Status lists are published with max-age=300; answers are kept for much less, so a missed
# notification (it cannot be, short of a bug) would be corrected within a minute.
ANSWER_TTL = timedelta(seconds=60)
MAX_ANSWERS = 20_000  # a few kB each: tens of MB per process at most


def _key(token: str) -> bytes:
    return hashlib.sha256(token.strip().encode("utf-8")).digest()


def expires_at(payload: dict[str, Any] | None, now: datetime) -> datetime:
    """Return until when an answer about this credential payload may be served."""
    until = now + ANSWER_TTL
    if payload is None:
        return until
    for name, skew in (("validFrom", -CLOCK_SKEW), ("validUntil", CLOCK_SKEW)):
        try:
            boundary = parse_time(payload[name]) + skew
        except (KeyError, ValueError, TypeError):
            continue
        if now < boundary < until:
            until = boundary
    return until


class AnswerCache:
    """Verification answers by credential hash, valid for one epoch and until a time."""

    def __init__(
        self,
        epoch: Callable[[], int | None],
        size: int = MAX_ANSWERS,
        observe: Callable[[bool], None] | None = None,
    ) -> None:
        self._epoch = epoch
        self._size = size
        self._observe = observe  # told of every lookup: whether it was answered from here
        self._lock = threading.Lock()
        self._answers: dict[bytes, tuple[int, datetime, dict[str, Any]]] = {}

    def epoch(self) -> int | None:
        """Return the current epoch (None: do not cache now)."""
        return self._epoch()

    def get(self, token: str, epoch: int, now: datetime) -> dict[str, Any] | None:
        """Return a copy of the answer kept for this credential in this epoch, if still valid."""
        found = self._answers.get(_key(token))
        hit = found is not None and found[0] == epoch and now < found[1]
        if self._observe is not None:
            self._observe(hit)
        return dict(found[2]) if found is not None and hit else None

    def put(self, token: str, epoch: int, until: datetime, answer: dict[str, Any]) -> None:
        """Keep an answer computed in epoch until the given time."""
        with self._lock:
            if len(self._answers) >= self._size:
                # Forget the oldest entry (dicts keep insertion order).
                self._answers.pop(next(iter(self._answers)))
            self._answers[_key(token)] = (epoch, until, answer)
