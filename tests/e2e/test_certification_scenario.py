"""The whole certification workflow in a browser: manufacturer, reviewer, decision maker."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Cast, shot, sign_in

BOM_V1 = """ref,stage,activity,amount,unit,data,substance
cells,raw_materials,li-ion-battery-material,0.25,kg,secondary,
power,production,electricity-cn-footprint-2023,0.8,kWh,primary,
on-site,production,,0.002,kg,primary,"methane, fossil"
on-site,production,,0.0004,kg,primary,nitrogen oxides
"""
BOM_V2 = BOM_V1.replace("0.8,kWh", "0.9,kWh")


def _upload_bom(page: Page, csv: str, name: str) -> None:
    """Upload a BOM file from the product page; header fields come prefilled after the first."""
    if not page.input_value("input[name=period_start]"):
        page.fill("input[name=period_start]", "2025-01-01")
        page.fill("input[name=period_end]", "2026-01-01")
        page.fill("input[name=site_name]", "Bao'an plant")
        page.fill("input[name=site_region]", "CN-GD")
    page.set_input_files(
        "input[name=file]", {"name": name, "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    expect(page.locator(".flash.success")).to_contain_text("stored")


def _calculate(page: Page) -> None:
    page.click("form[action$='/calculations'] button")
    expect(page.locator("h1")).to_contain_text("Carbon footprint")


def _state(page: Page) -> str:
    return page.locator("h1 .state").inner_text()


def test_apply_review_revise_recommend_approve(new_page, cast: Cast):
    maker = new_page()
    sign_in(maker, cast.manufacturer)
    expect(maker).to_have_url(re.compile(r"/products$"))
    maker.fill("input[name=sku]", "PB-20000")
    maker.fill("input[name=name_zh_hans]", "移动电源")
    maker.fill("input[name=name_zh_hant]", "流動電源")
    maker.fill("input[name=name_en]", "Power bank")
    maker.fill("input[name=gtin]", "06901234567892")
    maker.click("form[action$='/products'] button[type=submit]")
    expect(maker.locator("h1")).to_contain_text("Power bank")
    product_url = maker.url

    _upload_bom(maker, BOM_V1, "bom-v1.csv")
    shot(maker, "bom-version")
    _calculate(maker)
    bars = maker.locator("svg.chart g.bar")
    expect(bars).to_have_count(3)  # cells, power, on-site: one bar per line
    expect(bars.first).to_contain_text("cells")  # the largest share comes first
    expect(maker.locator("svg.chart")).to_contain_text("%")
    shot(maker, "calculation")
    _phone_shot(maker, "phone-calculation")

    maker.click(".crumbs a >> nth=2")  # back to the BOM version
    body = maker.locator("select[name=certification_body] option", has_text=cast.body_name)
    maker.select_option("select[name=certification_body]", body.get_attribute("value"))
    maker.fill("input[name=annual_site_energy_kwh]", "80000")
    maker.fill("input[name=annual_production_units]", "100000")
    maker.click("form[action$='/applications'] button[type=submit]")
    expect(maker.locator(".flash.success")).to_have_text("Application submitted.")
    assert _state(maker) == "Submitted"
    application_url = maker.url

    reviewer = new_page()
    sign_in(reviewer, cast.reviewer)
    expect(reviewer.locator("h1")).to_have_text("Review queue")
    reviewer.click("table a:has-text('PB-20000')")
    expect(reviewer.locator("table.sheet tbody tr")).to_have_count(3)
    expect(reviewer.locator("table.sheet")).to_contain_text("MEE")  # the dataset's source
    shot(reviewer, "review-sheet")
    _phone_shot(reviewer, "phone-review-sheet")
    reviewer.select_option("select[name=line_ref]", "power")
    reviewer.fill("textarea[name=text]", "Please attach the meter photo for the line power.")
    reviewer.click("form[action$='/comments'] button")
    expect(reviewer.locator("ul.comments")).to_contain_text("meter photo")
    reviewer.check("input[name=outcome][value=request_changes]")
    reviewer.fill("form[action$='/review'] textarea[name=note]", "See the comment on power.")
    reviewer.click("form[action$='/review'] button")
    expect(reviewer.locator("h1 .state")).to_have_text("Changes requested")

    maker.goto(application_url)
    expect(maker.locator("h1 .state")).to_have_text("Changes requested")
    expect(maker.locator("ul.comments")).to_contain_text("meter photo")
    maker.goto(product_url)
    _upload_bom(maker, BOM_V2, "bom-v2.csv")
    _calculate(maker)
    maker.goto(application_url)
    maker.select_option("form[action$='/revisions'] select[name=bom_id]", label="Version 2")
    maker.click("form[action$='/revisions'] button")
    expect(maker.locator("h1 .state")).to_have_text("Resubmitted")

    reviewer.reload()
    reviewer.check("input[name=outcome][value=recommend_approval]")
    reviewer.fill("form[action$='/review'] textarea[name=note]", "Meter photo received.")
    reviewer.click("form[action$='/review'] button")
    expect(reviewer.locator("h1 .state")).to_have_text("Recommended for approval")

    # The reviewer has no decision form, and a forged one is refused with a message.
    expect(reviewer.locator("form[action$='/decision']")).to_have_count(0)
    _post_decision(reviewer, "approve")
    expect(reviewer.locator(".flash.error")).to_contain_text("Not allowed")
    expect(reviewer.locator("h1 .state")).to_have_text("Recommended for approval")
    shot(reviewer, "reviewer-cannot-approve")

    decider = new_page(locale="zh-CN")
    sign_in(decider, cast.decider)
    decider.select_option("select[name=state]", "recommended")
    decider.click("form.filter button")
    decider.click("table a:has-text('PB-20000')")
    decider.check("input[name=decision][value=approve]")
    decider.fill("form[action$='/decision'] textarea[name=note]", "符合要求。")
    decider.click("form[action$='/decision'] button")
    expect(decider.locator("h1 .state")).to_have_text("已批准")
    expect(decider.locator(".flash.success").last).to_contain_text("已签发标识")
    shot(decider, "approved-zh-Hans")

    maker.reload()
    expect(maker.locator("h1 .state")).to_have_text("Approved")


def _phone_shot(page: Page, name: str) -> None:
    """Screenshot the page at phone size; only the tables may scroll sideways, not the page."""
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, name)
    if size is not None:
        page.set_viewport_size(size)


def _post_decision(page: Page, decision: str) -> None:
    """Submit a decision form the page does not offer, with the session's CSRF token."""
    page.evaluate(
        """(decision) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = location.pathname + "/decision";
            const fields = {
                csrf_token: document.querySelector("input[name=csrf_token]").value,
                back: location.pathname, decision: decision, note: "",
            };
            for (const [name, value] of Object.entries(fields)) {
                const input = document.createElement("input");
                input.type = "hidden"; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }""",
        decision,
    )
    page.wait_for_load_state()
