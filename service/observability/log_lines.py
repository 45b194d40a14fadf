"""The one JSON log line and its secret scrubbing, for the app and for gunicorn's own loggers.

This module imports nothing of Flask or of the service: gunicorn's master process loads it by
file path (deploy/gunicorn.conf.py) without importing the service package.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

# Fields a request log line carries (passed with `extra=`), in the order they are written.
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms")

# Defence in depth: nothing logs these on purpose, and anything that does is scrubbed.
_SECRETS = (
    (re.compile(r"(?i)\b(bearer|basic)\s+[^\s,;\"']+"), r"\1 [redacted]"),
    (re.compile(r"\bgba_[A-Za-z0-9_\-]{8,}"), "gba_[redacted]"),
    (re.compile(r"(?i)(authorization|password|passphrase|secret|token)(\"?\s*[=:]\s*\"?)[^\s,;&\"']+"),
     r"\1\2[redacted]"),
    (re.compile(r"(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)"),
     "[redacted private key]"),
    (re.compile(r"(://[^/\s:@]*):[^@\s]+@"), r"\1:[redacted]@"),  # also redis://:pw@host
)  # fmt: skip


def scrub(text: str) -> str:
    """Return text with bearer tokens, API tokens, passwords, keys and URL passwords redacted."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def log_timestamp(created: float) -> str:
    """Return a record's creation time as ISO 8601 UTC with milliseconds and Z."""
    moment = datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
    return moment.replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp (UTC, Z), level, logger, message, request fields."""

    def message_and_fields(self, record: logging.LogRecord) -> tuple[str, dict[str, Any]]:
        """Return the record's message and the request fields it carries."""
        fields = {name: getattr(record, name, None) for name in REQUEST_FIELDS}
        return record.getMessage(), {k: v for k, v in fields.items() if v is not None}

    def format(self, record: logging.LogRecord) -> str:
        """Serialise the record, scrubbed; exceptions go in "exception" as text."""
        message, fields = self.message_and_fields(record)
        body: dict[str, Any] = {
            "timestamp": log_timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(message),
        }
        body.update(fields)
        if record.exc_info:
            body["exception"] = scrub(self.formatException(record.exc_info))
        elif record.exc_text:
            body["exception"] = scrub(record.exc_text)
        return json.dumps(body, ensure_ascii=False, default=str)
