"""A Celery worker whose re-scoring takes a while per BOM, so a test can kill it mid-job.

Run as `python tests/jobs/slow_worker.py worker ...`: it slows the use case down by
GBA_TEST_SECONDS_PER_BOM, then starts the same worker `celery -A service.jobs.celery_app`
starts (the prefork children inherit the patch).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from service.services.library import rescore

_DELAY = float(os.environ.get("GBA_TEST_SECONDS_PER_BOM", "0.02"))
_result = rescore._result


def _slow_result(*args: Any, **kwargs: Any) -> Any:
    time.sleep(_DELAY)
    return _result(*args, **kwargs)


if __name__ == "__main__":
    rescore._result = _slow_result  # type: ignore[assignment]
    from service.jobs.celery_app import celery_app

    celery_app.worker_main(sys.argv[1:])
