"""Errors of the PACT exchange, named as the Technical Specifications v3 name them.

service/api/pact.py maps each to its HTTP status; OAuth errors of the token endpoint follow
RFC 6749 section 5.2 instead.
"""

from __future__ import annotations


class PactError(Exception):
    """Base class: an error answered with a PACT `Error` body ({"code", "message"})."""

    code = "BadRequest"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(PactError):
    """A request the host cannot read: bad query values, a malformed event."""


class InvalidToken(PactError):
    """No bearer token, or one that matches nothing (the spec answers 401 `BadRequest`)."""


class TokenExpired(PactError):
    """A bearer token that matched but has expired."""

    code = "TokenExpired"


class AccessDenied(PactError):
    """The caller may not do this (e.g. plain HTTP where HTTPS is required)."""

    code = "AccessDenied"


class NotFound(PactError):
    """No footprint with this id is visible to the caller."""

    code = "NotFound"


class OAuthError(Exception):
    """A token request refused as RFC 6749 section 5.2 says (`error`, `error_description`)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
