"""Errors the use cases raise; service/api/errors.py maps each to one HTTP status."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class of every error a use case raises on purpose."""

    code = "error"

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # JSON pointer into the request body -> messages, for errors about input.
        self.errors = errors or {}


class Unauthenticated(ServiceError):
    """No credentials, or credentials that match nobody."""

    code = "unauthenticated"


class Forbidden(ServiceError):
    """The caller is known but their role may not do this."""

    code = "forbidden"


class NotFound(ServiceError):
    """The thing does not exist or the caller may not see it."""

    code = "not_found"


class ValidationFailed(ServiceError):
    """Well-formed input whose content is invalid."""

    code = "validation_error"


class Conflict(ServiceError):
    """The request clashes with the current state (duplicate, illegal transition)."""

    code = "conflict"


class DependencyUnavailable(ServiceError):
    """A component the request needs (database, engine) is not ready."""

    code = "dependency_unavailable"
