"""The synergy pages: compare two versions in the browser's forms, in every language."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.service.helpers import bom_doc, calculate, create_bom, create_product, emission_line
from tests.service.web_world import csrf_of

PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w*\}")


def _emissions(co2: str, nox: str, so2: str):
    return emission_line(
        "site",
        ("carbon dioxide, fossil", co2, "kg"),
        ("nitrogen oxides", nox, "kg"),
        ("sulfur dioxide", so2, "kg"),
        data="primary",
    )


def _sign_in(client: FlaskClient, user: dict, role: str) -> None:
    with client.session_transaction() as cookie:
        cookie["user_id"] = user["user_id"]
        cookie["email"] = "someone@x.test"
        cookie["role"] = role


@pytest.fixture()
def two_versions(client, manufacturer):
    headers = manufacturer["headers"]
    product = create_product(client, headers)
    boms = []
    for co2, nox, so2 in (("10", "0.02", "0.01"), ("8", "0.01", "0.012")):
        bom = create_bom(client, headers, product, bom_doc(_emissions(co2, nox, so2)))
        calculate(client, headers, bom["id"])
        boms.append(bom["id"])
    return product, boms


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["Synergy: both fall", "Trade-off"]), ("zh_Hans", ["协同"]), ("zh_Hant", ["協同"])],
)
def test_compare_two_versions_and_read_the_assessment(
    client, manufacturer, two_versions, lang, words
):
    product, (first, second) = two_versions
    _sign_in(client, manufacturer, "manufacturer")
    page = client.get(f"/products/{product}?lang={lang}").get_data(as_text=True)
    assert 'name="baseline"' in page and 'name="alternative"' in page
    token = csrf_of(client)
    _sign_in(client, manufacturer, "manufacturer")
    posted = client.post(
        f"/products/{product}/synergy",
        data={"csrf_token": token, "baseline": first, "alternative": second},
    )
    assert posted.status_code == 302, posted.get_data(as_text=True)
    shown = client.get(posted.headers["Location"] + f"?lang={lang}")
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert "<svg" in html and 'class="quadrant"' in html
    assert "20.0%" in html  # the CO2e reduction (10 -> 8 kg)
    for word in words:
        assert word in html
    assert not PLACEHOLDER.search(re.sub(r"<svg.*?</svg>", "", html, flags=re.S))
    assert "Traceback" not in html


def test_the_same_version_twice_is_refused_on_the_form(client, manufacturer, two_versions):
    product, (first, _second) = two_versions
    token = csrf_of(client)
    _sign_in(client, manufacturer, "manufacturer")
    posted = client.post(
        f"/products/{product}/synergy",
        data={"csrf_token": token, "baseline": first, "alternative": first},
        follow_redirects=True,
    )
    assert "choose another version than the baseline" in posted.get_data(as_text=True)
