"""Browser checks of single pages: languages, the switcher, sign-in errors, 404, a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Cast, shot, sign_in

KNOWN_WORDS = {"zh-CN": "登录", "zh-HK": "登入", "en-GB": "Sign in"}


@pytest.mark.parametrize(("accept", "word"), KNOWN_WORDS.items())
def test_sign_in_page_in_each_language(new_page, accept, word):
    page = new_page(locale=accept)
    page.goto("/sign-in")
    expect(page.locator("h1")).to_have_text(word)
    shot(page, f"sign-in-{accept}")


def test_language_switcher_sets_a_cookie(new_page):
    page = new_page(locale="en-GB")
    page.goto("/sign-in")
    page.click("nav.langs a[lang=zh-Hant]")
    expect(page.locator("h1")).to_have_text("登入")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    page.goto("/sign-in")  # the cookie outlives the page
    expect(page.locator("h1")).to_have_text("登入")
    page.click("nav.langs a[lang=zh-Hans]")
    expect(page.locator("h1")).to_have_text("登录")


def test_wrong_password_shows_an_error(new_page, cast: Cast):
    page = new_page()
    page.goto("/sign-in")
    page.fill("input[name=email]", cast.manufacturer.email)
    page.fill("input[name=password]", "not the password")
    page.click("form.card button[type=submit]")
    expect(page.locator(".flash.error")).to_have_text("Wrong email or password.")
    assert page.url.endswith("/sign-in") or "/sign-in?" in page.url
    shot(page, "sign-in-wrong-password")


def test_unknown_page_is_a_friendly_404(new_page):
    page = new_page(locale="zh-CN")
    response = page.goto("/no/such/page")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")
    assert "Traceback" not in page.content()
    shot(page, "not-found-zh-Hans")


def test_phone_sized_products_page(new_page, cast: Cast):
    page = new_page(viewport={"width": 390, "height": 844}, locale="zh-HK", is_mobile=True)
    sign_in(page, cast.manufacturer)
    expect(page.locator("h1")).to_have_text("產品")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"
    shot(page, "phone-products-zh-Hant")
