"""Long work: ONE set of task functions, run in-process or by Celery workers over Redis.

`JOBS_BACKEND=inprocess` (the default, `make run`) runs jobs on a small thread pool inside the
web process, no broker needed; `JOBS_BACKEND=celery` sends the job id to Celery workers
(`celery -A service.jobs.celery_app worker`), which build the app once per process and run the
same task function. Use cases (service/services/operations/jobs.py) start jobs by key, idempotently.
"""

from __future__ import annotations

from service.jobs.dispatch import enqueue, shutdown
from service.jobs.runner import run_job

__all__ = ["enqueue", "run_job", "shutdown"]
