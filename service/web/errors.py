"""Friendly error pages and flash messages for the pages; never a stack trace.

The status of a use case's error is the one it carries (service/errors.py), as in the API.
"""

from __future__ import annotations

import logging
from typing import Any, cast
from urllib.parse import urlsplit

from flask import Flask, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext, lazy_gettext
from werkzeug.exceptions import HTTPException

from service.errors import Conflict, Forbidden, ServiceError, Unauthenticated, ValidationFailed
from service.web.context import forget

log = logging.getLogger(__name__)

# What a person reads for each status (the page title and a sentence under it).
EXPLANATIONS = {
    400: (lazy_gettext("Bad request"), lazy_gettext("The form was incomplete or has expired.")),
    403: (lazy_gettext("Not allowed"), lazy_gettext("Your role may not see or do this.")),
    404: (lazy_gettext("Page not found"), lazy_gettext("There is nothing here for you.")),
    405: (lazy_gettext("Not allowed"), lazy_gettext("This page cannot be used that way.")),
    409: (
        lazy_gettext("Not possible now"),
        lazy_gettext("This clashes with the current state of the application."),
    ),
    413: (lazy_gettext("File too large"), lazy_gettext("Uploads may be at most 2 MB.")),
    422: (lazy_gettext("Please check the input"), lazy_gettext("Some fields are not valid.")),
    500: (
        lazy_gettext("Something went wrong"),
        lazy_gettext("The error has been logged. Please try again later."),
    ),
    503: (
        lazy_gettext("Temporarily unavailable"),
        lazy_gettext("A component the service needs is not ready. Please try again later."),
    ),
}
# Flash headlines of refused form actions, by error base (subclasses share their base's).
HEADLINES: dict[type[ServiceError], Any] = {
    Forbidden: lazy_gettext("Not allowed:"),
    Conflict: lazy_gettext("Not possible now:"),
    ValidationFailed: lazy_gettext("Please check the input:"),
}


def safe_target(target: str | None) -> str | None:
    """Return target when it is a path on this site (never another host), else None."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def error_page(status: int, detail: str | None = None) -> ResponseReturnValue:
    """Render the friendly page of an HTTP status."""
    title, sentence = EXPLANATIONS.get(status, EXPLANATIONS[500])
    return render_template(
        "web/error.html", status=status, title=title, sentence=sentence, detail=detail
    ), status


def _headline(error: ServiceError) -> Any:
    return next((HEADLINES[c] for c in type(error).__mro__ if c in HEADLINES), None)


def _details(error: ServiceError) -> list[str]:
    return [f"{pointer.lstrip('/')}: {'; '.join(texts)}" for pointer, texts in error.errors.items()]


def service_error(error: ServiceError) -> ResponseReturnValue:
    """Turn a use case's refusal into a redirect to sign in, a flash message or an error page."""
    if isinstance(error, Unauthenticated):
        forget()
        if request.endpoint == "web.sign_in":
            flash(gettext("Wrong email or password."), "error")
        else:
            flash(gettext("Please sign in."), "info")
        back = request.full_path if request.method == "GET" else request.form.get("back")
        return redirect(url_for("web.sign_in", next=safe_target(back)))
    headline = _headline(error)
    if request.method == "POST" and headline is not None:
        flash(" ".join([str(headline), error.message, *_details(error)]), "error")
        back = safe_target(request.form.get("back")) or url_for("web.home")
        return redirect(back)
    return error_page(error.status, error.message)


def http_error(error: HTTPException) -> ResponseReturnValue:
    """Render a friendly page for a 400, 404, 405, 413 and the like."""
    return error_page(error.code or 500)


def unexpected(error: Exception) -> ResponseReturnValue:
    """Log an unexpected error and render the 500 page."""
    log.exception("unhandled error on a page", exc_info=error)
    return error_page(500)


def pages_for_unrouted(app: Flask) -> None:
    """Answer browsers' unknown URLs outside /api/ with the friendly page; others get JSON."""
    handlers = app.error_handler_spec[None][None]
    api_handler: Any = handlers.get(HTTPException)

    def handle(error: HTTPException) -> ResponseReturnValue:
        wants_page = request.accept_mimetypes.accept_html and not request.path.startswith("/api/")
        if not wants_page and api_handler is not None:
            return cast(ResponseReturnValue, api_handler(error))
        return http_error(error)

    app.register_error_handler(HTTPException, handle)
