"""Pages show library names in the page's language and uncovered pollutants as such (issue 9)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from lca_models import load_library
from tests.service.web_world import World, build_world, sign_in_as


@pytest.fixture()
def world(app: Flask, session: Session, make_user: Callable[..., dict[str, Any]]) -> World:
    return build_world(app, session, make_user)


@pytest.mark.parametrize(
    ("lang", "field"), [("en", "name"), ("zh_Hans", "name_zh_hans"), ("zh_Hant", "name_zh_hant")]
)
def test_the_review_page_names_the_dataset_in_its_language(
    client: FlaskClient, world: World, lang: str, field: str
):
    # The world's BOM is one line of the 2023 grid footprint factor.
    dataset = load_library().by_code()["electricity-cn-footprint-2023"]
    name = getattr(dataset, field)
    assert name and (field == "name" or name != dataset.name)
    sign_in_as(client, world, "reviewer")
    page = client.get(f"/applications/{world.application_id}?lang={lang}").get_data(as_text=True)
    assert name in page


@pytest.mark.parametrize(
    ("lang", "field"), [("en", "name"), ("zh_Hans", "name_zh_hans"), ("zh_Hant", "name_zh_hant")]
)
def test_the_calculation_page_names_the_dataset_in_its_language(
    client: FlaskClient, world: World, lang: str, field: str
):
    name = getattr(load_library().by_code()["electricity-cn-footprint-2023"], field)
    sign_in_as(client, world, "manufacturer")
    page = client.get(f"/calculations/{world.calculation_id}?lang={lang}").get_data(as_text=True)
    assert name in page and "electricity-cn-footprint-2023" in page


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "not covered"), ("zh_Hans", "未覆盖"), ("zh_Hant", "未覆蓋")]
)
def test_the_calculation_page_says_not_covered_instead_of_zero(
    client: FlaskClient, world: World, lang: str, words: str
):
    # The world's BOM is one grid electricity line: its factor reports no air pollutant.
    sign_in_as(client, world, "manufacturer")
    page = client.get(f"/calculations/{world.calculation_id}?lang={lang}").get_data(as_text=True)
    assert page.count(words) == 4
    assert "0 kg<" not in page  # (a part such as "0 kg CO₂e" of land use is a measured zero)
