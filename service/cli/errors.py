"""One line on stderr for every expected failure of a command, never a traceback.

Use cases raise ServiceError (and the engine LcaError) with a message meant for people; the
database being unreachable or not migrated is said with what to do about it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

from lca_models import LcaError
from service.errors import ServiceError


def one_line(error: ServiceError) -> str:
    """Return a use case's error as one line: its message and the fields it names."""
    details = "; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())
    return f"{error.message}{' (' + details + ')' if details else ''}"


def _message(error: Exception) -> str:
    if isinstance(error, ServiceError):
        return one_line(error)
    if isinstance(error, LcaError):
        return error.message
    cause = type(getattr(error, "orig", error)).__name__
    if isinstance(error, ProgrammingError):
        return (
            "the database is not migrated to this release: run `flask --app service db upgrade` "
            f"(deploy/migrate.sh) first ({cause})"
        )
    return f"cannot reach the database: check DATABASE_URL and that PostgreSQL answers ({cause})"


def _guarded(callback: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except (ServiceError, LcaError, OperationalError, ProgrammingError) as error:
            raise click.ClickException(_message(error)) from None

    return run


def guard(command: click.Command) -> None:
    """Make a command (and every command of a group, recursively) fail in one line."""
    if command.callback is not None and not getattr(command.callback, "_gba_guarded", False):
        command.callback = _guarded(command.callback)
        command.callback._gba_guarded = True  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            guard(sub)
