"""Who may open which page: every page route x role, with the Flask test client."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.service.web_world import ROLES, World, build_world, csrf_of, sign_in_as

SIGN_IN = "sign-in"  # a redirect to the sign-in page
BACK = "back"  # refused with a flash message, back to the application page
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404
FILE = 2000  # 200 with the file itself, not a page

# Route -> expected outcome for (anonymous, manufacturer, other manufacturer, reviewer of the
# body, decision maker of the body, certifier of another body).
MATRIX: dict[str, tuple[Any, ...]] = {
    "/": (SIGN_IN, "/products", "/products", "/applications", "/applications", "/applications"),
    "/sign-in": (OK, OK, OK, OK, OK, OK),
    "/products": (SIGN_IN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "/products/{product}": (SIGN_IN, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "/boms/{bom}": (SIGN_IN, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "/calculations/{calculation}": (SIGN_IN, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "/applications": (SIGN_IN, OK, OK, OK, OK, OK),
    "/applications?state=submitted": (SIGN_IN, OK, OK, OK, OK, OK),
    "/applications/{application}": (SIGN_IN, OK, NOT_FOUND, OK, OK, NOT_FOUND),
    # Synergy assessments of certified products: decision makers (and admins) only.
    "/synergy": (SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    "/synergy/no-such-assessment": (SIGN_IN,) + (NOT_FOUND,) * 5,
    "/evidence/{evidence}": (SIGN_IN, FILE, NOT_FOUND, FILE, FILE, NOT_FOUND),
    "/evidence/no-such-evidence": (
        SIGN_IN,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
    ),
    # The public verification page: anyone, signed in or not; an unknown label is a 404 page.
    "/l/GBA-SZ-2026-999999-0": (NOT_FOUND,) * 6,
    "/products/no-such-product": (SIGN_IN, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "/applications/no-such-application": (
        SIGN_IN,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
    ),
}
CASES = [
    pytest.param(route, role, outcomes[i], id=f"{route}-{role}")
    for route, outcomes in MATRIX.items()
    for i, role in enumerate(ROLES)
]


@pytest.fixture()
def world(app: Flask, session: Session, make_user: Callable[..., dict[str, Any]]) -> World:
    """The users and the submitted application every case looks at."""
    return build_world(app, session, make_user)


@pytest.mark.parametrize(("route", "role", "expected"), CASES)
def test_page_access(client: FlaskClient, world: World, route: str, role: str, expected: Any):
    sign_in_as(client, world, role)
    url = route.format(
        product=world.product_id,
        bom=world.bom_id,
        calculation=world.calculation_id,
        application=world.application_id,
        evidence=world.evidence_id,
    )
    response = client.get(url)
    if expected == FILE:
        assert response.status_code == 200
        assert response.mimetype == "text/csv" and response.data.startswith(b"month,kWh")
        assert response.headers["Content-Disposition"].startswith("attachment")
        return
    page = response.get_data(as_text=True)
    if expected == SIGN_IN:
        assert response.status_code == 302, page
        assert response.headers["Location"].startswith("/sign-in")
    elif isinstance(expected, str):
        assert response.status_code == 302, page
        assert response.headers["Location"] == expected
    else:
        assert response.status_code == expected, page
        assert response.mimetype == "text/html"
        assert "Traceback" not in page
        if expected != OK and not route.startswith("/l/"):
            assert f'<p class="status">{expected}</p>' in page


# Who may upload evidence to the application (POST, with the session's CSRF token).
UPLOADS = dict(
    zip(ROLES, (SIGN_IN, OK, NOT_FOUND, BACK, BACK, BACK), strict=True),
)


@pytest.mark.parametrize(("role", "expected"), UPLOADS.items())
def test_evidence_upload_access(client: FlaskClient, world: World, role: str, expected: Any):
    token = csrf_of(client)
    sign_in_as(client, world, role)
    back = f"/applications/{world.application_id}"
    response = client.post(
        f"{back}/evidence",
        data={
            "csrf_token": token,
            "back": back,
            "file": (io.BytesIO(b"month,kWh\n2025-02,1100\n"), "meter-2.csv"),
        },
        content_type="multipart/form-data",
    )
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in")
    elif expected == OK:
        assert response.status_code == 302
        assert response.headers["Location"] == f"{back}#evidence"
    elif expected == BACK:
        assert response.status_code == 302 and response.headers["Location"] == back
        with client.session_transaction() as cookie:
            assert any(c == "error" for c, _ in cookie["_flashes"])
    else:
        assert response.status_code == expected
        assert f'<p class="status">{expected}</p>' in response.get_data(as_text=True)
