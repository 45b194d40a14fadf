"""Operations: keyed jobs, bulk jobs, readiness, and the development demo accounts.

The layers above (API, pages, CLI, jobs) call the modules named in ``__all__``:

- `bulk_jobs`: Bulk jobs: importing many BOM files, rendering many labels' PDF certificates.
- `demo`: Development accounts for `make run`: a manufacturer and a certification body with keys.
- `deployment`: Facts recorded at a deployment's first start and checked at every later one.
- `health`: Readiness: may this process take traffic? (database, Redis when jobs need it, the
  engine).
- `jobs`: Keyed jobs: starting one idempotently, recording progress and outcome, showing it.
- `leases`: Leases of job parts: taken by the worker running a part, renewed by its heartbeat, and.
"""

__all__ = [
    "bulk_jobs",
    "demo",
    "deployment",
    "health",
    "jobs",
    "leases",
]
