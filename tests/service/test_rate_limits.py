"""Rate limits: sign-in lock-out per account and per address, bad bearer tokens per address,
public verification and downloads per address; 429 with Retry-After."""

from __future__ import annotations

import dataclasses

import pytest

from service import create_app
from service.services.accounts import organisations
from service.settings import Settings, SettingsError
from tests.service.helpers import assert_error
from tests.service.web_world import csrf_of

PASSWORD = "a long enough password"


@pytest.fixture()
def settings(settings):
    return dataclasses.replace(
        settings,
        rate_limit_sign_in_account="3 per 15 minutes",
        rate_limit_sign_in_address="5 per 15 minutes",
        rate_limit_bad_token="3 per minute",
        rate_limit_public="4 per minute",
    )


def _sign_in(client, email, password):
    return client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": csrf_of(client)}
    )


def _account(session, make_user, n=0):
    user = make_user()
    email = f"limits-{n}-{user['user_id']}@x.test"
    organisations.create_user(session, user["org_id"], "manufacturer", email, [], PASSWORD)
    session.commit()
    return email


def test_an_account_is_locked_out_after_repeated_failures(client, session, make_user):
    email = _account(session, make_user)
    for _ in range(3):
        assert _sign_in(client, email, "wrong password!").status_code == 302
    locked = _sign_in(client, email, PASSWORD)  # even the right password waits
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert "Too many attempts" in locked.get_data(as_text=True)
    client.set_cookie("lang", "zh_Hant")
    assert "請求過於頻繁" in _sign_in(client, email, PASSWORD).get_data(as_text=True)


def test_an_address_is_locked_out_after_failures_across_accounts(client, session, make_user):
    emails = [_account(session, make_user, n) for n in range(3)]
    for n in range(5):
        assert _sign_in(client, emails[n % 2], "wrong password!").status_code == 302
    locked = _sign_in(client, emails[2], PASSWORD)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0


def test_good_sign_ins_do_not_count(client, session, make_user):
    email = _account(session, make_user)
    for _ in range(6):
        assert _sign_in(client, email, PASSWORD).status_code == 302
        client.post("/sign-out", data={"csrf_token": csrf_of(client)})


def test_bad_bearer_tokens_are_limited_per_address(client, headers):
    for _ in range(3):
        assert_error(
            client.get("/api/v1/products", headers={"Authorization": "Bearer gba_no"}), 401
        )
    limited = client.get("/api/v1/products", headers={"Authorization": "Bearer gba_no"})
    body = assert_error(limited, 429)
    assert body["code"] == "rate_limited" and int(limited.headers["Retry-After"]) > 0
    other = client.get(
        "/api/v1/products", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"}
    )
    assert other.status_code == 200  # another address is not affected


def test_public_verification_is_limited_per_address(client):
    for _ in range(4):
        response = client.post("/api/v1/verifications", json={"credential": "a.b.c"})
        assert response.status_code == 422
    limited = client.post("/api/v1/verifications", json={"credential": "a.b.c"})
    assert_error(limited, 429)
    assert int(limited.headers["Retry-After"]) > 0
    elsewhere = client.post(
        "/api/v1/verifications",
        json={"credential": "a.b.c"},
        environ_base={"REMOTE_ADDR": "10.0.0.3"},
    )
    assert elsewhere.status_code == 422


def test_downloads_and_public_pages_count_too(client):
    for _ in range(4):
        client.get("/api/v1/labels/GBA-GDXX-2026-000001-0/qr.svg")
    assert (
        client.get("/l/GBA-GDXX-2026-000001-0", headers={"Accept": "text/html"}).status_code == 429
    )


def test_limits_are_settings(tmp_path):
    env = {
        "GBA_INSTANCE_DIR": str(tmp_path),
        "RATE_LIMIT_PUBLIC": "10 per second",
        "RATE_LIMIT_STORAGE": "redis://r:6379/1",
    }
    found = Settings.from_env(env)
    assert found.rate_limit_public == "10 per second"
    assert found.rate_limit_storage == "redis://r:6379/1"
    with pytest.raises(SettingsError, match="RATE_LIMIT_BAD_TOKEN"):
        Settings.from_env({"GBA_INSTANCE_DIR": str(tmp_path), "RATE_LIMIT_BAD_TOKEN": "lots"})


def test_each_app_counts_for_itself_in_memory(settings, scored_project):
    first, second = create_app(settings), create_app(settings)
    for _ in range(4):
        first.test_client().post("/api/v1/verifications", json={"credential": "a.b.c"})
    assert (
        second.test_client().post("/api/v1/verifications", json={"credential": "a.b.c"}).status_code
        == 422
    )
    for app in (first, second):
        app.extensions["gba"].changes.close()
