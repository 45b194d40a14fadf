"""The interval and the PACT ratings on the result page, the reviewer's sheet, the public
label page (in every language) and inside the signed credential."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from certificates import keys
from certificates.jws import decode
from certificates.render.intervals import display_interval
from tests.service.label_fixtures import issue_label
from tests.service.web_world import World, build_world, sign_in_as

INTERVAL = re.compile(r"between ([\d.]+) and ([\d.]+) kg CO₂e, 95% confidence")


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sealing keys at scrypt N = 2^15 costs ~0.2 s each; the parameters are tested elsewhere.
    monkeypatch.setattr(keys, "_SCRYPT_N", 2**10)


@pytest.fixture()
def world(app: Flask, session: Session, make_user: Callable[..., dict[str, Any]]) -> World:
    return build_world(app, session, make_user)


def test_display_rounds_to_what_the_interval_supports():
    assert display_interval("1.8321", "2.3107") == ("1.8", "2.4")  # outwards, step 0.1
    assert display_interval("1203.4", "1876.2") == ("1200", "1900")
    assert display_interval("0.68", "3.6") == ("0.6", "3.6")  # not "0 and 4"
    assert display_interval("0.298", "0.298") == ("0.298", "0.298")


def test_result_page_shows_the_interval_and_the_ratings(client: FlaskClient, world: World):
    sign_in_as(client, world, "manufacturer")
    page = client.get(f"/calculations/{world.calculation_id}").get_data(as_text=True)
    found = INTERVAL.search(page)
    assert found, page
    low, high = (Decimal(x) for x in found.groups())
    assert low < Decimal("1.241") < high  # 2 kWh x 0.6205 lies inside
    for text in ("Technological representativeness", "Uncertainty", "seed"):
        assert text in page, text
    sign_in_as(client, world, "manufacturer")
    chinese = client.get(f"/calculations/{world.calculation_id}?lang=zh_Hans")
    assert "95% 置信" in chinese.get_data(as_text=True)


def test_reviewer_sheet_states_data_quality_per_gbt_24067(client: FlaskClient, world: World):
    sheet = client.get(
        f"/api/v1/applications/{world.application_id}",
        headers=world.users["reviewer"]["headers"],
    ).get_json()
    statement = sheet["data_quality_statement"]
    assert set(statement) >= {"time_coverage", "precision", "reproducibility", "uncertainty"}
    assert statement["precision"] == {
        key: sheet["calculation"]["uncertainty"]["total_kg_co2e"][key]
        for key in ("p2_5", "p50", "p97_5")
    }
    sign_in_as(client, world, "reviewer")
    page = client.get(f"/applications/{world.application_id}").get_data(as_text=True)
    assert "Data quality statement (GB/T 24067)" in page
    assert INTERVAL.search(page)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "95% confidence"), ("zh_Hans", "95% 置信"), ("zh_Hant", "95% 信賴"), ("pt", "95%")],
)
def test_public_label_page_and_credential_carry_the_interval(
    client, make_user, headers, product_id, lang, words
):
    issued = issue_label(client, make_user, headers, product_id)
    label = client.get(f"/api/v1/labels/{issued['label_id']}").get_json()
    subject = decode(label["credential"]).payload["credentialSubject"]
    spread = subject["uncertainty"]
    assert spread["method"] == "monte-carlo" and spread["confidence"] == "0.95"
    assert Decimal(spread["lowerBound"]) < Decimal("1.241") < Decimal(spread["upperBound"])
    assert set(subject["dataQualityIndicators"]) == {
        "technologicalDQR",
        "geographicalDQR",
        "temporalDQR",
    }
    page = client.get(f"/l/{issued['label_id']}?lang={lang}").get_data(as_text=True)
    assert words in page
    shown = display_interval(spread["lowerBound"], spread["upperBound"])
    assert all(bound in page for bound in shown)
