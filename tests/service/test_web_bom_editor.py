"""The BOM editor page with the Flask test client: building, copying, errors, the picker."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from service.persistence.models import BomVersion
from tests.service.helpers import ELECTRICITY
from tests.service.web_world import World, build_world, csrf_of, sign_in_as

HEADER = {
    "system_boundary": "cradle-to-gate",
    "period_start": "2025-01-01",
    "period_end": "2026-01-01",
    "site_name": "Bao'an plant",
    "site_region": "CN-GD",
}
COLON = "\uff1a"  # the full-width colon Chinese text uses after "line N"
FIELDS = ("ref", "stage", "kind", "activity", "substance", "component", "amount", "unit", "data")


@pytest.fixture()
def world(app: Flask, session: Session, make_user: Callable[..., dict[str, Any]]) -> World:
    return build_world(app, session, make_user)


def row(**values: str) -> dict[str, str]:
    """One line of the form; unnamed fields blank, as a browser sends them."""
    blank = dict.fromkeys(FIELDS, "") | {"stage": "production", "kind": "activity"}
    return blank | {"data": "secondary"} | values


def form(client: FlaskClient, *rows: dict[str, str], **header: str) -> dict[str, Any]:
    """The editor's form data: header fields and repeated row fields, in row order."""
    data: dict[str, Any] = {"csrf_token": csrf_of(client), "action": "save"} | HEADER | header
    for name in FIELDS:
        data[name] = [r[name] for r in rows]
    return data


def editor_url(world: World) -> str:
    return f"/products/{world.product_id}/boms/new"


def stored(session: Session, response: Any) -> dict[str, Any]:
    """The document of the BOM version a successful post redirected to."""
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    bom_id = response.headers["Location"].rsplit("/", 1)[-1]
    bom = session.get(BomVersion, bom_id)
    assert bom is not None
    return bom.document


def test_editor_page_shows_the_header_and_blank_lines(client: FlaskClient, world: World):
    sign_in_as(client, world, "manufacturer")
    page = client.get(editor_url(world) + "?lang=zh_Hans").get_data(as_text=True)
    assert '<select name="site_region"' in page
    assert '<option value="HK">香港 (HK)</option>' in page
    assert page.count('<tr class="line"') == 5 + 1  # five rows and the script's template row
    assert '<option value="piece">件</option>' in page  # units by name, value stays the symbol
    assert "原材料" in page  # the stage names in the page's language
    assert 'src="/static/web/bom_editor.js"' in page
    assert "<script>" not in page and "onclick" not in page  # the CSP allows no inline script


def test_build_a_bom_with_activity_emission_and_component_lines(
    client: FlaskClient, world: World, session: Session
):
    sign_in_as(client, world, "manufacturer")
    other = client.post(
        "/products",
        data={
            "csrf_token": csrf_of(client),
            "sku": "CASE-1",
            "name_en": "Case",
            "declared_amount": "1",
            "declared_unit": "piece",
        },
    )
    case_id = other.headers["Location"].rsplit("/", 1)[-1]
    case = client.post(
        f"/products/{case_id}/boms/new",
        data=form(client, row(ref="power", activity=ELECTRICITY, amount="1.5", unit="kWh")),
    )
    case_bom = stored(session, case)["lines"]
    assert case_bom[0]["activity"] == ELECTRICITY
    case_bom_id = case.headers["Location"].rsplit("/", 1)[-1]
    page = client.get(editor_url(world)).get_data(as_text=True)
    assert f'<option value="{case_bom_id}">CASE-1 · Case · Version 1</option>' in page
    response = client.post(
        editor_url(world),
        data=form(
            client,
            row(ref="power", activity=ELECTRICITY, amount="2", unit="kWh", data="primary"),
            row(),  # blank rows are left out
            row(ref="gas", kind="emissions", substance="methane, fossil", amount="0.1", unit="kg"),
            row(
                ref="gas",
                kind="emissions",
                substance="dinitrogen monoxide",
                amount="0.01",
                unit="g",
            ),
            row(
                ref="case",
                stage="raw_materials",
                kind="component",
                component=case_bom_id,
                amount="1",
                unit="piece",
            ),
        ),
    )
    lines = stored(session, response)["lines"]
    assert [line["ref"] for line in lines] == ["power", "gas", "case"]
    assert lines[0] == {
        "ref": "power",
        "stage": "production",
        "data": "primary",
        "activity": ELECTRICITY,
        "amount": "2",
        "unit": "kWh",
    }
    assert [e["substance"] for e in lines[1]["emissions"]] == [
        "methane, fossil",
        "dinitrogen monoxide",
    ]
    assert lines[1]["emissions"][1] == {
        "substance": "dinitrogen monoxide",
        "amount": "0.01",
        "unit": "g",
    }
    assert lines[2]["component"] == {"bom_id": case_bom_id}
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "BOM version 2 stored." in follow


def test_copy_and_edit_starts_from_the_previous_version(client: FlaskClient, world: World):
    sign_in_as(client, world, "manufacturer")
    page = client.get(f"{editor_url(world)}?from={world.bom_id}").get_data(as_text=True)
    assert 'value="Bao&#39;an plant"' in page or 'value="Bao\'an plant"' in page
    assert 'value="2025-01-01"' in page and 'value="2026-01-01"' in page
    assert f'value="{ELECTRICITY}"' in page
    assert '<option value="kWh" selected>' in page
    assert "electricity, grid, national average" in page  # the dataset's name under its code
    assert '<option value="CN-GD" selected>' in page
    assert f'<input type="hidden" name="from" value="{world.bom_id}">' in page
    product_page = client.get(f"/products/{world.product_id}").get_data(as_text=True)
    assert html.escape(f"{editor_url(world)}?from={world.bom_id}") in product_page
    bom_page = client.get(f"/boms/{world.bom_id}").get_data(as_text=True)
    assert html.escape(f"{editor_url(world)}?from={world.bom_id}") in bom_page


def test_errors_appear_next_to_their_fields_with_line_numbers_and_keep_the_input(
    client: FlaskClient, world: World, session: Session
):
    sign_in_as(client, world, "manufacturer")
    before = session.query(BomVersion).count()
    response = client.post(
        editor_url(world) + "?lang=zh_Hans",
        data=form(
            client,
            row(ref="power", activity=ELECTRICITY, amount="2", unit="kWh"),
            row(ref="steel", activity="no-such-dataset", amount="3", unit="kg"),
            row(ref="paint", activity=ELECTRICITY, amount="-1", unit="kWh"),
            period_end="2024-01-01",
            site_name="Plant typed by hand",
        ),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert session.query(BomVersion).count() == before
    assert f"第 3 行{COLON}数量必须 ≥ 0" in page
    assert "必须晚于开始日期" in page
    # Everything typed is kept, the wrong values too.
    for kept in (
        'value="-1"',
        'value="no-such-dataset"',
        'value="Plant typed by hand"',
        'value="2024-01-01"',
    ):
        assert kept in page
    assert f"{COLON}必须晚于开始日期</li>" in page  # in the summary, after the field's name
    # The amount error sits in the third row, next to the amount field.
    third = page.split('<tr class="line"')[3]
    assert 'name="amount" value="-1"' in third and "数量必须 ≥ 0" in third


def test_add_five_more_lines_keeps_what_was_typed(client: FlaskClient, world: World):
    sign_in_as(client, world, "manufacturer")
    data = form(client, row(ref="power", activity=ELECTRICITY, amount="7", unit="kWh"))
    data["action"] = "more"
    page = client.post(editor_url(world), data=data).get_data(as_text=True)
    assert page.count('<tr class="line"') == 1 + 5 + 1
    assert 'value="7"' in page and 'value="power"' in page


def test_another_manufacturers_product_is_not_found(client: FlaskClient, world: World):
    sign_in_as(client, world, "other_manufacturer")
    assert client.get(editor_url(world)).status_code == 404
    response = client.post(editor_url(world), data=form(client, row(ref="x")))
    assert response.status_code == 404
    sign_in_as(client, world, "manufacturer")
    other_bom = client.get(f"{editor_url(world)}?from=bom_unknown")
    assert other_bom.status_code == 404


def test_the_picker_searches_the_library(client: FlaskClient, world: World):
    sign_in_as(client, world, "manufacturer")
    found = client.get("/library/search.json?q=electricity&lang=zh-Hans").get_json()
    assert found["items"], found
    item = next(i for i in found["items"] if i["code"] == ELECTRICITY)
    assert set(item) == {"code", "name", "unit", "region", "year", "source", "grade"}
    assert item["unit"] == "kWh"
    assert item["name"].startswith("电力")  # the name in the page's language
    traditional = client.get("/library/search.json?q=电力&lang=zh-HK").get_json()["items"]
    assert any(i["code"] == ELECTRICITY and i["name"].startswith("電力") for i in traditional)
    english = client.get("/library/search.json?q=electricity&lang=en").get_json()["items"]
    assert any(i["name"].startswith("electricity, grid") for i in english)
    anonymous = FlaskClient(client.application)
    assert anonymous.get("/library/search.json?q=x").status_code == 302


def test_library_checks_come_after_the_shape_checks_and_point_at_their_line(
    client: FlaskClient, world: World
):
    sign_in_as(client, world, "manufacturer")
    response = client.post(
        editor_url(world) + "?lang=zh_Hant",
        data=form(
            client,
            row(ref="power", activity=ELECTRICITY, amount="2", unit="kg"),
            row(ref="steel", activity="no-such-dataset", amount="3", unit="kg"),
            row(ref="steel", activity=ELECTRICITY, amount="1", unit="kWh"),
        ),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"第 1 行{COLON}單位與數據集的單位不相容" in page
    assert f"第 2 行{COLON}數據集不在目前數據庫中" in page
    assert f"第 3 行{COLON}編號已被另一行使用" in page


def test_an_emission_error_points_at_the_row_of_its_substance(client: FlaskClient, world: World):
    sign_in_as(client, world, "manufacturer")
    gas = {"ref": "gas", "kind": "emissions", "unit": "kg"}
    response = client.post(
        editor_url(world),
        data=form(
            client,
            row(**gas, substance="methane, fossil", amount="0.1"),
            row(ref="power", activity=ELECTRICITY, amount="1", unit="kWh"),
            row(**gas, substance="dinitrogen monoxide", amount="-0.1"),
            row(ref="vent", kind="emissions", amount="1", unit="kg"),
        ),
    )
    assert response.status_code == 422
    rows = response.get_data(as_text=True).split('<tr class="line"')
    assert "Line 3: amount must be ≥ 0" in rows[3]
    assert "Line 3" not in rows[1]
    assert "Line 4: substance is required" in rows[4]
