"""Errors the use cases raise: each class carries its HTTP status and code.

The generic classes (`Unauthenticated`, `Forbidden`, `NotFound`, `ValidationFailed`, `Conflict`,
`DependencyUnavailable`) are the bases; the named conditions below them (`LabelNotFound`,
`ApplicationClosed`, ...) inherit their base's status and code, so a caller may catch either.
`ServiceError.body` is the one error body of API.md; the API sends it as JSON and the pages
render the same status and message (service/api/errors.py, service/web/errors.py).
"""

from __future__ import annotations

from typing import TypedDict


class ErrorBody(TypedDict):
    """The error body of API.md: `errors` maps JSON pointers to messages."""

    code: str
    status: int
    message: str
    errors: dict[str, list[str]]


def error_body(
    status: int, code: str, message: str, errors: dict[str, list[str]] | None = None
) -> ErrorBody:
    """Return the one error body shape of every API answer that is not a success."""
    return {"code": code, "status": status, "message": message, "errors": errors or {}}


class ServiceError(Exception):
    """Base class of every error a use case raises on purpose."""

    status = 500
    code = "error"

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # JSON pointer into the request body -> messages, for errors about input.
        self.errors = errors or {}

    def body(self) -> ErrorBody:
        """Return this error's body for the API."""
        return error_body(self.status, self.code, self.message, self.errors)


class Unauthenticated(ServiceError):
    """No credentials, or credentials that match nobody."""

    status = 401
    code = "unauthenticated"


class Forbidden(ServiceError):
    """The caller is known but their role may not do this."""

    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    """The thing does not exist or the caller may not see it."""

    status = 404
    code = "not_found"


class ValidationFailed(ServiceError):
    """Well-formed input whose content is invalid."""

    status = 422
    code = "validation_error"


class Conflict(ServiceError):
    """The request clashes with the current state (duplicate, illegal transition)."""

    status = 409
    code = "conflict"


class DependencyUnavailable(ServiceError):
    """A component the request needs (database, engine) is not ready."""

    status = 503
    code = "dependency_unavailable"


# The bases a test checks each named condition (and any new subclass) against.
BASES: tuple[type[ServiceError], ...] = (
    Unauthenticated,
    Forbidden,
    NotFound,
    ValidationFailed,
    Conflict,
    DependencyUnavailable,
)


# Named conditions, by capability; each keeps its base's status and code.
class ProductNotFound(NotFound):
    """No product of the caller's organisation has this id."""


class BomNotFound(NotFound):
    """No BOM version of the caller's organisation has this id."""


class CalculationNotFound(NotFound):
    """No calculation the caller may read has this id."""


class NotCalculated(Conflict):
    """A BOM version is used where a calculation of it is needed, and it has none yet."""


class ApplicationNotFound(NotFound):
    """No application the caller may see has this id."""


class ApplicationClosed(Conflict):
    """The application's state no longer allows this (comments, a second open application)."""


class ApplicationStillOpen(Conflict):
    """An application for the same product is still open with the same body."""


class TransitionRefused(Conflict):
    """The workflow does not allow this action from the current state."""


class EvidenceNotFound(NotFound):
    """No evidence the caller may see has this id."""


class LabelNotFound(NotFound):
    """No label has this id."""


class LabelStatusRefused(Conflict):
    """A label's status does not allow the change (e.g. reinstating a revoked label)."""


class StatusListNotFound(NotFound):
    """No published status list has this id."""


class LogEntryNotFound(NotFound):
    """The transparency log is empty or holds no entry at this index."""


class SigningKeyNotFound(NotFound):
    """No signing key has this key id."""


class OrganisationNotFound(NotFound):
    """No organisation has this id."""


class JobNotFound(NotFound):
    """No job the caller may follow has this id."""


class LibraryVersionNotFound(NotFound):
    """No background library version of this name is recorded."""
