"""Every portal and public page, in every language, for each role: no 5xx, no raw placeholder."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.service.web_world import World, build_world, sign_in_as

LANGUAGES = ("en", "zh_Hans", "zh_Hant")
# What a page may never show: an unformatted placeholder, or what %-formatting makes of a
# stray "%" ("10% away" became "10{}way"), or Python's repr of a lazy string.
RAW = re.compile(r"%\([a-z_]+\)[sd]|\{\}|lazy_gettext|LazyString")
PAGES: dict[str, tuple[str, ...]] = {
    "anonymous": ("/sign-in", "/l/", "/labels"),
    "manufacturer": (
        "/products",
        "/products/{product}",
        "/boms/{bom}",
        "/calculations/{calculation}",
        "/applications",
        "/applications/{application}",
        "/l/",
        "/labels",
    ),
    "reviewer": ("/applications", "/applications/{application}", "/library-updates"),
    "decider": (
        "/applications",
        "/applications?state=submitted",
        "/applications/{application}",
        "/library-updates",
        "/synergy",
    ),
}
CASES = [
    pytest.param(role, page, lang, id=f"{role}-{page}-{lang}")
    for role, pages in PAGES.items()
    for page in pages
    for lang in LANGUAGES
]


@pytest.fixture()
def world(app: Flask, session: Session, make_user: Callable[..., dict[str, Any]]) -> World:
    return build_world(app, session, make_user)


@pytest.mark.parametrize(("role", "page", "lang"), CASES)
def test_page_renders_in_every_language(
    client: FlaskClient, world: World, role: str, page: str, lang: str
):
    sign_in_as(client, world, role)
    url = page.format(
        product=world.product_id,
        bom=world.bom_id,
        calculation=world.calculation_id,
        application=world.application_id,
    )
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}lang={lang}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:2000]
    # Inline SVG charts carry their own braces-free markup; look at the text outside them.
    text = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert not RAW.search(text), RAW.search(text)
    expected = {"en": "en", "zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant"}[lang]
    assert f'<html lang="{expected}">' in html


@pytest.mark.parametrize(
    ("tag", "lang"),
    [
        ("zh-Hant", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("zh-CN", "zh-Hans"),
        ("zh-Hans", "zh-Hans"),
        ("zh_Hant", "zh-Hant"),
        ("en-GB", "en"),
        ("xx-YY", "en"),
    ],
)
def test_lang_accepts_bcp_47_tags(client: FlaskClient, tag: str, lang: str):
    html = client.get(f"/sign-in?lang={tag}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in html


def test_public_pages_take_pt_mo(client: FlaskClient):
    assert '<html lang="pt">' in client.get("/l/?lang=pt-MO").get_data(as_text=True)
    # The portal has no Portuguese: it falls back to the default.
    assert '<html lang="en">' in client.get("/sign-in?lang=pt-MO").get_data(as_text=True)


def test_times_are_shown_in_the_gba_zone():
    from datetime import UTC, datetime

    from service.web import _time

    assert _time(datetime(2026, 12, 2, 20, 30, tzinfo=UTC)) == "2026-12-03 04:30 UTC+8"
