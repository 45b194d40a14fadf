"""CSRF protection of the pages' forms: a random token in the session, echoed by every POST."""

from __future__ import annotations

import hmac
import secrets

from flask import request, session
from werkzeug.exceptions import BadRequest

FIELD = "csrf_token"
_KEY = "csrf"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfFailed(BadRequest):
    """A form came without this session's token: sent from elsewhere, or from an old page."""

    description = "csrf"


def csrf_token() -> str:
    """Return this session's token, made on first use (forms put it in a hidden field)."""
    token = session.get(_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[_KEY] = token
    return token


def check_csrf() -> None:
    """Refuse (400) a state-changing request whose form does not carry the session's token."""
    if request.method not in _UNSAFE:
        return
    expected = session.get(_KEY)
    sent = request.form.get(FIELD, "")
    if not isinstance(expected, str) or not hmac.compare_digest(expected, sent):
        raise CsrfFailed()
