"""Keeping third-party libraries' chatter off stdout and out of non-terminals.

Brightway narrates through its own logger writing to stdout (colourised by structlog) and
shows tqdm progress bars: on a command line that would mix with the command's result, and in
a log shipper it is noise with escape codes. Its feedback goes through the service's one
stderr handler instead, and progress bars are off unless stderr is a terminal.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import AbstractContextManager, redirect_stdout
from typing import TextIO

# Read by bw2data when it is first imported (bw2data/logs.py): a plain logging.Logger
# rather than structlog's colour console on stdout.
os.environ.setdefault("BRIGHTWAY_NO_STRUCTLOG", "1")
if not sys.stderr.isatty():
    os.environ.setdefault("TQDM_DISABLE", "1")  # tqdm reads TQDM_* defaults (tqdm >= 4.66)

BRIGHTWAY_FEEDBACK = "brightway-stdout-feedback"
# Narrate every matrix build and method switch at INFO: routine, and one line per BOM.
CHATTY = ("bw2calc",)


class _Propagating(logging.Logger):
    """A logger that keeps no handler of its own and always passes records up to the root."""

    def addHandler(self, hdlr: logging.Handler) -> None:
        """Ignore: bw2data would add a stdout handler here."""

    @property
    def propagate(self) -> bool:
        """Always pass records to the root logger's handler."""
        return True

    @propagate.setter
    def propagate(self, _value: bool) -> None:
        """Ignore: bw2data turns propagation off."""


def _install_feedback_logger() -> None:
    existing = logging.Logger.manager.loggerDict.get(BRIGHTWAY_FEEDBACK)
    if isinstance(existing, logging.Logger):  # bw2data was imported first: undo its setup
        for handler in list(existing.handlers):
            existing.removeHandler(handler)
        existing.propagate = True
        return
    previous = logging.getLoggerClass()
    logging.setLoggerClass(_Propagating)
    try:
        logging.getLogger(BRIGHTWAY_FEEDBACK)  # created now, before bw2data asks for it
    finally:
        logging.setLoggerClass(previous)


def route_library_output() -> None:
    """Send Brightway's feedback through the root logger (stderr, our format), quietly."""
    _install_feedback_logger()
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.WARNING)


def prints_to_stderr() -> AbstractContextManager[TextIO | None]:
    """While Brightway builds a project, its print() calls go to stderr, not the result."""
    return redirect_stdout(sys.stderr)
