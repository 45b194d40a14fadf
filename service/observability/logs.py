"""Logging: one JSON object per line (or readable text) to stderr, secrets scrubbed."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from flask import g, has_request_context

from service.observability.log_lines import REQUEST_FIELDS, JsonFormatter, scrub

__all__ = ["JsonFormatter", "RequestContextFilter", "TextFormatter", "configure_logging", "scrub"]

FORMATS = ("json", "text")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Libraries that narrate routine work at INFO (every PDF's CSS steps, Alembic's plugins).
CHATTY_LOGGERS = ("weasyprint.progress", "alembic.runtime.plugins")


class RequestContextFilter(logging.Filter):
    """Stamp every record with the request ID of the request it was logged in, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add request_id (None outside a request); never drop a record."""
        if getattr(record, "request_id", None) is None:
            in_request = has_request_context() and "request_id" in g
            record.request_id = g.request_id if in_request else None
        return True


class TextFormatter(logging.Formatter):
    """Readable lines for development, scrubbed like the JSON ones."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        """Format as text, adding the request fields a request line carries."""
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        line = super().format(record)
        extras = [f"{n}={getattr(record, n)}" for n in REQUEST_FIELDS[1:] if hasattr(record, n)]
        return scrub(" ".join([line, *extras]))


class StderrHandler(logging.StreamHandler[TextIO]):
    """Write to whatever sys.stderr is when a record is emitted (test capture swaps it)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> TextIO:
        """Return the current sys.stderr."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """Ignore: the stream is always the current sys.stderr."""


def configure_logging(level: str, log_format: str) -> logging.Handler:
    """Install (or replace) the service's one stderr handler on the root logger."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, StderrHandler):
            root.removeHandler(handler)
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(RequestContextFilter())
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    return handler
