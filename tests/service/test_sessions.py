"""Web sessions end on sign-out, password change and disabling the user: a cookie replayed
afterwards no longer signs anyone in. A disabled user's API tokens stop working too."""

from __future__ import annotations

import pytest

from service.services.accounts import organisations
from tests.service.web_world import csrf_of

PASSWORD = "a long enough password"


@pytest.fixture()
def person(session, make_user):
    user = make_user()
    email = f"session-{user['user_id']}@x.test"
    created, token = organisations.create_user(
        session, user["org_id"], "manufacturer", email, [], PASSWORD
    )
    session.commit()
    return {"email": email, "user_id": created.id, "headers": {"Authorization": f"Bearer {token}"}}


def _sign_in(client, email: str) -> str:
    response = client.post(
        "/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 302, response.headers
    assert client.get("/products").status_code == 200
    return client.get_cookie("session").value


def _replayed(client, cookie: str) -> int:
    client.set_cookie("session", cookie)
    return client.get("/products").status_code


def test_a_cookie_replayed_after_sign_out_is_refused(client, person):
    cookie = _sign_in(client, person["email"])
    assert client.post("/sign-out", data={"csrf_token": csrf_of(client)}).status_code == 302
    assert _replayed(client, cookie) == 302  # back to the sign-in page
    assert _sign_in(client, person["email"])  # signing in again works


def test_a_password_change_ends_every_session(app, client, person):
    cookie = _sign_in(client, person["email"])
    with app.app_context():
        result = app.test_cli_runner().invoke(
            args=[
                "users",
                "set-password",
                "--email",
                person["email"],
                "--password",
                "another long password",
            ]
        )
    assert result.exit_code == 0, result.output
    assert _replayed(client, cookie) == 302


def test_disabling_a_user_ends_sessions_and_tokens(app, client, person):
    cookie = _sign_in(client, person["email"])
    assert client.get("/api/v1/products", headers=person["headers"]).status_code == 200
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["users", "disable", person["email"]])
    assert result.exit_code == 0, result.output
    assert _replayed(client, cookie) == 302
    assert client.get("/api/v1/products", headers=person["headers"]).status_code == 401
    refused = client.post(
        "/sign-in",
        data={"email": person["email"], "password": PASSWORD, "csrf_token": csrf_of(client)},
    )
    assert refused.headers["Location"].startswith("/sign-in")
