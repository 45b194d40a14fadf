"""Schemathesis against the served OpenAPI document with a manufacturer's token: no request
it generates may be answered with a server error.

Bounded in the test run (FUZZ_EXAMPLES per operation, 2 by default); `make fuzz` runs 50 per
operation (over 2,000 requests). Schema conformance of the answers is the OpenAPI contract's
own test (tests/service/test_openapi.py); here only server errors are checked.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))


def test_no_generated_request_is_a_server_error(app, headers):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    failures: list[tuple[str, str, int, str]] = []
    operations, sent = 0, 0
    for found in schema.get_all_operations():
        operation = found.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            nonlocal sent
            sent += 1
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(
                    (case.method, case.formatted_path, response.status_code, response.text[:300])
                )

        run()
    assert operations > 30 and sent >= operations
    print(f"fuzz: {sent} requests over {operations} operations, {len(failures)} server errors")
    assert failures == []
