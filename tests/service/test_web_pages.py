"""The pages with the Flask test client: CSRF, sign-in, error pages, languages, the chart."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from service.services.accounts import organisations
from service.web.charts import MAX_BARS, bars, contribution_chart
from service.web.i18n import locale_for
from tests.service.web_world import World, build_world, csrf_of, sign_in_as

PASSWORD = "a long enough password"


@pytest.fixture()
def world(app: Flask, session: Session, make_user: Callable[..., dict[str, Any]]) -> World:
    """The users and the submitted application of the page tests."""
    return build_world(app, session, make_user)


def _user_with_password(session: Session, make_user: Callable[..., dict[str, Any]]) -> str:
    user = make_user()
    email = f"web-{user['user_id']}@x.test"
    organisations.create_user(session, user["org_id"], "manufacturer", email, [], PASSWORD)
    return email


def test_post_without_csrf_token_is_refused_with_a_400_page(client: FlaskClient, world: World):
    sign_in_as(client, world, "manufacturer")
    response = client.post("/products", data={"sku": "NO-TOKEN"})
    assert response.status_code == 400
    assert '<p class="status">400</p>' in response.get_data(as_text=True)
    wrong = client.post("/products", data={"sku": "BAD", "csrf_token": "forged"})
    assert wrong.status_code == 400


def test_sign_in_needs_the_token_too(client: FlaskClient, session, make_user):
    email = _user_with_password(session, make_user)
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400


def test_api_posts_need_no_csrf_token(client: FlaskClient, world: World):
    response = client.post(
        "/api/v1/products",
        headers=world.users["manufacturer"]["headers"],
        json={"sku": "API-1", "names": {"en": "x"}, "declared_unit": {"amount": "1", "unit": "kg"}},
    )
    assert response.status_code == 201, response.get_json()


def test_sign_in_and_out(client: FlaskClient, session, make_user):
    email = _user_with_password(session, make_user)
    token = csrf_of(client)
    wrong = client.post("/sign-in", data={"email": email, "password": "nope", "csrf_token": token})
    assert wrong.status_code == 302 and wrong.headers["Location"].startswith("/sign-in")
    assert "Wrong email or password." in client.get("/sign-in").get_data(as_text=True)
    right = client.post(
        "/sign-in",
        data={"email": email.upper(), "password": PASSWORD, "csrf_token": csrf_of(client)},
    )
    assert right.status_code == 302
    cookie = right.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/products").status_code == 200
    out = client.post("/sign-out", data={"csrf_token": csrf_of(client)})
    assert out.status_code == 302
    assert client.get("/products").status_code == 302


def test_sign_in_goes_back_only_to_local_pages(client: FlaskClient, session, make_user):
    email = _user_with_password(session, make_user)
    for target, expected in (("/applications", "/applications"), ("//evil.test/x", "/")):
        response = client.post(
            "/sign-in",
            data={
                "email": email,
                "password": PASSWORD,
                "back": target,
                "csrf_token": csrf_of(client),
            },
        )
        assert response.headers["Location"] == expected


def test_unknown_pages_are_friendly_and_the_api_keeps_json(client: FlaskClient):
    browser = {"Accept-Language": "zh-TW", "Accept": "text/html,*/*;q=0.8"}
    page = client.get("/no/such/page", headers=browser)
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "頁面不存在" in page.get_data(as_text=True)
    for url, headers in (("/api/v1/no-such-thing", browser), ("/no/such/page", {})):
        api = client.get(url, headers=headers)
        assert api.status_code == 404 and api.get_json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("header", "word", "lang"),
    [
        ("zh-CN,zh;q=0.9", "登录", "zh-Hans"),
        ("zh-HK", "登入", "zh-Hant"),
        ("zh-Hant-TW", "登入", "zh-Hant"),
        ("en-GB,en;q=0.8", "Sign in", "en"),
        ("fr-FR, zh-MO;q=0.5", "登入", "zh-Hant"),
        ("fr-FR", "Sign in", "en"),
    ],
)
def test_language_follows_accept_language(client: FlaskClient, header, word, lang):
    body = client.get("/sign-in", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f"<h1>{word}</h1>" in body
    assert f'<html lang="{lang}">' in body


def test_language_switcher_cookie_and_query(client: FlaskClient):
    switched = client.get("/language/zh_Hant?next=/sign-in")
    assert switched.status_code == 302 and switched.headers["Location"] == "/sign-in"
    assert "lang=zh_Hant" in switched.headers["Set-Cookie"]
    assert "<h1>登入</h1>" in client.get("/sign-in").get_data(as_text=True)
    assert "<h1>登录</h1>" in client.get("/sign-in?lang=zh_Hans").get_data(as_text=True)
    assert client.get("/language/xx").status_code == 404
    elsewhere = client.get("/language/en?next=https://evil.test/")
    assert elsewhere.headers["Location"] == "/"


def test_refused_actions_are_flashed_not_error_pages(client: FlaskClient, world: World):
    sign_in_as(client, world, "reviewer")
    url = f"/applications/{world.application_id}"
    response = client.post(
        f"{url}/decision",
        data={"decision": "approve", "back": url, "csrf_token": csrf_of(client)},
    )
    assert response.status_code == 302 and response.headers["Location"] == url
    page = client.get(url).get_data(as_text=True)
    assert "Not allowed:" in page and "decision_maker" in page


def test_invalid_product_form_names_each_field(client: FlaskClient, world: World):
    sign_in_as(client, world, "manufacturer")
    response = client.post(
        "/products",
        data={
            "sku": "",
            "gtin": "123",
            "declared_amount": "-1",
            "declared_unit": "piece",
            "back": "/products",
            "csrf_token": csrf_of(client),
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    for field in ("sku", "gtin", "names", "declared_amount"):
        assert f"{field}:" in page


def test_state_filter_rejects_unknown_states_with_a_page(client: FlaskClient, world: World):
    sign_in_as(client, world, "reviewer")
    response = client.get("/applications?state=nonsense")
    assert response.status_code == 422 and response.mimetype == "text/html"


def test_chart_has_one_sorted_bar_per_line_and_escapes_refs(app: Flask):
    lines = [
        {"ref": "small", "kg_co2e": "0.5", "share": "0.1"},
        {"ref": "<big>", "kg_co2e": "4", "share": "0.8"},
        {"ref": "credit", "kg_co2e": "-0.5", "share": "-0.1"},
    ]
    with app.test_request_context("/"):
        svg = str(contribution_chart(lines, "Chart"))
    assert svg.count('<g class="bar') == 3
    assert svg.index("&lt;big&gt;") < svg.index("small") and "<big>" not in svg
    assert "80.0%" in svg and 'class="bar negative"' in svg


def test_chart_gathers_the_tail_of_a_long_bom():
    lines = [{"ref": f"l{i}", "kg_co2e": str(i + 1), "share": "0.001"} for i in range(100)]
    drawn = bars(lines)
    assert len(drawn) == MAX_BARS
    assert drawn[-1]["rest"] == 100 - MAX_BARS + 1
    assert sum(b["kg"] for b in drawn) == Decimal(sum(range(1, 101)))


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("zh", "zh_Hans"),
        ("zh-SG", "zh_Hans"),
        ("zh_TW", "zh_Hant"),
        ("EN-us", "en"),
        ("pt-MO", "pt"),
        ("fr", None),
    ],
)
def test_locale_for(tag, locale):
    assert locale_for(tag) == locale
