"""Refusing, before any view runs, input no view should see: control bytes in the URL and
JSON nested deeper than any document of the API.

PostgreSQL refuses NUL in text parameters (a 500 deep inside a query otherwise), and
Python's JSON parser recurses once per level (RecursionError at about a thousand levels,
and every later walk over the data recurses again). Both are answered 400 with a pointer to
what is wrong, for the API and the pages alike; NUL inside a JSON string is well-formed input
with invalid content, 422 at its pointer.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, request
from werkzeug.exceptions import BadRequest

from service.errors import ValidationFailed

# The deepest BOM document is 5 levels (lines / n / emissions / n / amount); 32 leaves room
# for every schema of the API and refuses what only an attack sends.
MAX_JSON_DEPTH = 32
_CONTROL = "must not contain control characters"


def _has_control(text: str) -> bool:
    return any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)


def _refuse(message: str, pointer: str, problem: str) -> BadRequest:
    error = BadRequest(message)
    # The error body's "errors" (from_http); werkzeug leaves .data to applications.
    error.data = {"pointers": {pointer: [problem]}}  # type: ignore[attr-defined]
    return error


def _json_problem(data: Any) -> tuple[str, str] | None:
    """Return (pointer, message) of the first place nested too deeply or holding NUL."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, pointer, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return pointer or "/", f"nested deeper than {MAX_JSON_DEPTH} levels"
        if isinstance(value, str):
            if "\x00" in value:
                return pointer or "/", "must not contain NUL"
        elif isinstance(value, dict):
            for key, item in value.items():
                token = str(key).replace("~", "~0").replace("/", "~1")
                if "\x00" in key:
                    return f"{pointer}/{token}", "names must not contain NUL"
                stack.append((item, f"{pointer}/{token}", depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{pointer}/{n}", depth + 1) for n, item in enumerate(value))
    return None


def check_request() -> None:
    """Raise BadRequest for control bytes in the path or query, or a hostile JSON body."""
    if _has_control(request.path):
        raise _refuse("the URL path contains control characters", "/path", _CONTROL)
    for name, values in request.args.lists():
        if _has_control(name):
            raise _refuse(
                "a query parameter's name contains control characters", "/query", _CONTROL
            )
        if any(_has_control(value) for value in values):
            token = name.replace("~", "~0").replace("/", "~1")
            raise _refuse(f"the query parameter {name!r} is refused", f"/query/{token}", _CONTROL)
    if not request.is_json or not request.content_length:
        return
    try:
        data = json.loads(request.get_data(cache=True))
    except RecursionError:
        raise _refuse(
            "the request body is nested too deeply",
            "/",
            f"nested deeper than {MAX_JSON_DEPTH} levels",
        ) from None
    except ValueError:
        return  # not JSON: the view's parser answers 400 for it
    problem = _json_problem(data)
    if problem is not None:
        pointer, message = problem
        if "NUL" in message:  # well-formed JSON whose content no database stores: 422
            raise ValidationFailed("the request content is invalid", {pointer: [message]})
        raise _refuse(f"the request body is refused at {pointer}", pointer, message)


def register_input_guards(app: Flask) -> None:
    """Check every request's URL and JSON body before its view."""
    app.before_request(check_request)
