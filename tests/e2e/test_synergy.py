"""The synergy comparison in a real browser: two versions compared, the quadrant chart drawn."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from service.persistence.models import User
from service.services.accounts.auth import caller_by_id
from service.services.footprints import boms, calculations, products
from service.services.footprints.bom_schema import BomSchema
from service.web.synergy_chart import SIZE
from tests.e2e.conftest import Cast, shot, sign_in
from tests.service.helpers import bom_doc, emission_line


def _site(co2: str, nox: str, so2: str, pm25: str) -> dict:
    return emission_line(
        "site",
        ("carbon dioxide, fossil", co2, "kg"),
        ("nitrogen oxides", nox, "kg"),
        ("sulfur dioxide", so2, "kg"),
        ("particulate matter, < 2.5 um", pm25, "kg"),
        data="primary",
    )


@pytest.fixture(scope="module")
def kettle(e2e_app: Flask, cast: Cast) -> str:
    """A product with two calculated BOM versions: CO2e and NOx fall, SO2 rises."""
    state = e2e_app.extensions["gba"]
    with state.session_factory() as session:
        user = session.scalars(select(User).where(User.email == cast.manufacturer.email)).one()
        caller = caller_by_id(session, user.id)
        product = products.create_product(
            session,
            caller,
            {
                "sku": "SYN-KETTLE",
                "names": {"en": "Kettle", "zh-Hans": "电水壶", "zh-Hant": "電水壺"},
                "declared_unit": {"amount": Decimal(1), "unit": "piece"},
            },
        )
        for line in (_site("10", "0.02", "0.01", "0.004"), _site("8", "0.01", "0.012", "0.003")):
            bom = boms.create_bom(
                session, caller, state.runtime, product.id, BomSchema().load(bom_doc(line))
            )
            calculations.calculate(session, caller, state.runtime, bom.id)
        return str(product.id)


@pytest.mark.parametrize(
    ("locale", "heading"),
    [
        ("en-GB", "Pollution and carbon together"),
        ("zh-CN", "减污降碳协同"),
        ("zh-HK", "減污降碳協同"),
    ],
)
def test_compare_two_versions_and_see_the_quadrant_chart(
    new_page, cast: Cast, kettle, locale, heading
):
    page = new_page(locale=locale, viewport={"width": 1280, "height": 900})
    sign_in(page, cast.manufacturer)
    page.goto(f"/products/{kettle}")
    page.select_option("select[name=baseline]", index=1)  # version 1 (the list is newest first)
    page.select_option("select[name=alternative]", index=0)  # version 2
    page.click("form[action$='/synergy'] button[type=submit]")
    expect(page.locator("h1")).to_contain_text(heading)
    chart = page.locator("svg.quadrant")
    expect(chart).to_be_visible()
    # One point per pollutant with a reduction: NOx, SO2, PM2.5 (NMVOC is zero on both sides).
    expect(chart.locator("g.point")).to_have_count(3)
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300
    # NOx fell (above the axis), SO2 rose (below): compare the drawn circles' heights.
    nox = float(chart.locator("g.point.nox circle").get_attribute("cy") or 0)
    so2 = float(chart.locator("g.point.so2 circle").get_attribute("cy") or 0)
    assert nox < SIZE / 2 < so2
    assert "Traceback" not in page.content()
    shot(page, f"synergy-{locale}")
