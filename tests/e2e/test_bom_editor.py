"""The BOM editor in Chromium: lines added and moved, a dataset picked, an error in Chinese."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Cast, shot, sign_in

ELECTRICITY = "electricity-cn-footprint-2023"
COLON = "\uff1a"  # the full-width colon Chinese text uses after "line N"


def test_manufacturer_builds_a_bom_in_the_editor(new_page, cast: Cast):
    page = new_page(locale="zh-CN")
    sign_in(page, cast.manufacturer)
    page.goto("/products")
    page.fill("input[name=sku]", "EDITOR-1")
    page.fill("input[name=name_zh_hans]", "电热水壶")
    page.click("form[action$='/products'] button[type=submit]")
    expect(page.locator("h1")).to_contain_text("电热水壶")
    page.click("a:has-text('在编辑器中新建版本')")
    expect(page.locator("h1 small")).to_have_text("新的物料清单版本")

    page.fill("input[name=period_start]", "2025-01-01")
    page.fill("input[name=period_end]", "2026-01-01")
    page.fill("input[name=site_name]", "宝安工厂")
    page.select_option("select[name=site_region]", "HK")

    lines = page.locator("table.lines tbody tr.line")
    expect(lines).to_have_count(5)
    page.click("button.add-line")
    expect(lines).to_have_count(6)
    row = lines.nth(5)
    expect(row.locator("td.pos")).to_have_text("6")
    row.locator("input[name=ref]").fill("power")
    row.locator("button.pick").click()
    picker = page.locator("dialog#picker")
    expect(picker).to_be_visible()
    picker.locator("input.q").fill("电力 碳足迹")  # words of the Chinese name
    picker.locator("button.go").click()
    choice = picker.locator("tbody tr", has_text=ELECTRICITY)
    expect(choice).to_have_count(1)
    expect(choice).to_contain_text("kWh")
    shot(page, "bom-editor-picker-zh-Hans")
    choice.locator("button.choose").click()
    expect(picker).to_be_hidden()
    expect(row.locator("input[name=activity]")).to_have_value(ELECTRICITY)
    expect(row.locator("select[name=unit]")).to_have_value("kWh")
    row.locator("input[name=amount]").fill("-2")

    # A direct emission line, then moved above the electricity line with the arrow button.
    page.click("button.add-line")
    gas = lines.nth(6)
    gas.locator("input[name=ref]").fill("gas")
    gas.locator("select[name=kind]").select_option("emissions")
    expect(gas.locator("input[name=activity]")).to_be_hidden()
    gas.locator("select[name=substance]").select_option("methane, fossil")
    gas.locator("input[name=amount]").fill("0.01")
    gas.locator("select[name=unit]").select_option("kg")
    gas.locator("button.up").click()
    expect(lines.nth(5).locator("input[name=ref]")).to_have_value("gas")
    expect(lines.nth(6).locator("td.pos")).to_have_text("7")
    # Delete an empty line: the electricity line becomes line 6.
    lines.nth(0).locator("button.delete").click()
    expect(lines).to_have_count(6)

    page.click("button.save")
    error = page.locator("tr.line .field-error")
    expect(error).to_have_text(f"第 6 行{COLON}数量必须 ≥ 0")
    power = page.locator("tr.line", has=page.locator("input[name=ref][value=power]"))
    expect(power.locator(".field-error")).to_be_visible()
    expect(power.locator("input[name=amount]")).to_have_value("-2")
    expect(page.locator("input[name=site_name]")).to_have_value("宝安工厂")
    expect(page.locator("select[name=site_region]")).to_have_value("HK")
    shot(page, "bom-editor-error-zh-Hans")

    power.locator("input[name=amount]").fill("2")
    page.click("button.save")
    expect(page).to_have_url(re.compile(r"/boms/bom_"))
    expect(page.locator(".flash.success")).to_contain_text("1")
    expect(page.locator("table tbody tr")).to_have_count(2)
    expect(page.locator("table tbody")).to_contain_text(ELECTRICITY)
    expect(page.locator("table tbody")).to_contain_text("methane, fossil")
    shot(page, "bom-editor-stored-zh-Hans")


def test_copy_and_edit_in_traditional_chinese(new_page, cast: Cast):
    page = new_page(locale="zh-HK")
    sign_in(page, cast.manufacturer)
    page.goto("/products")
    page.fill("input[name=sku]", "EDITOR-2")
    page.fill("input[name=name_zh_hant]", "電熱水壺")
    page.click("form[action$='/products'] button[type=submit]")
    page.click("a:has-text('在編輯器中新增版本')")
    page.fill("input[name=period_start]", "2025-01-01")
    page.fill("input[name=period_end]", "2026-01-01")
    page.fill("input[name=site_name]", "澳門廠")
    page.select_option("select[name=site_region]", "MO")
    first = page.locator("tr.line").first
    first.locator("input[name=ref]").fill("power")
    first.locator("input[name=activity]").fill(ELECTRICITY)
    first.locator("input[name=amount]").fill("3")
    first.locator("select[name=unit]").select_option("kWh")
    page.click("button.save")
    expect(page).to_have_url(re.compile(r"/boms/bom_"))

    page.click("a:has-text('複製並編輯')")
    expect(page.locator("h1 small")).to_have_text("新的物料清單版本")
    expect(page.locator("input[name=site_name]")).to_have_value("澳門廠")
    expect(page.locator("select[name=site_region]")).to_have_value("MO")
    copied = page.locator("tr.line").first
    expect(copied.locator("input[name=activity]")).to_have_value(ELECTRICITY)
    expect(copied.locator(".chosen")).to_contain_text("電力")  # the name in the page's language
    copied.locator("input[name=amount]").fill("2.5")
    shot(page, "bom-editor-copy-zh-Hant")
    page.click("button.save")
    expect(page.locator("h1 small")).to_have_text("物料清單第 2 版")
    expect(page.locator("table tbody")).to_contain_text("2.5 kWh")


def test_the_editor_works_without_javascript(new_page, cast: Cast):
    page = new_page(locale="en-GB", java_script_enabled=False)
    sign_in(page, cast.manufacturer)
    page.goto("/products")
    page.fill("input[name=sku]", "EDITOR-3")
    page.fill("input[name=name_en]", "Kettle without script")
    page.click("form[action$='/products'] button[type=submit]")
    page.click("a:has-text('New version in the editor')")
    expect(page.locator("button.add-line")).to_be_hidden()
    expect(page.locator("button.delete").first).to_be_hidden()
    page.fill("input[name=period_start]", "2025-01-01")
    page.fill("input[name=period_end]", "2026-01-01")
    page.fill("input[name=site_name]", "Bao'an plant")
    lines = page.locator("table.lines tbody tr.line")
    lines.nth(4).locator("input[name=ref]").fill("power")
    lines.nth(4).locator("input[name=activity]").fill(ELECTRICITY)
    page.click("button.more-lines")
    expect(lines).to_have_count(10)
    expect(lines.nth(4).locator("input[name=activity]")).to_have_value(ELECTRICITY)
    expect(page.locator("input[name=site_name]")).to_have_value("Bao'an plant")
    row = lines.nth(9)
    row.locator("input[name=ref]").fill("gas")
    row.locator("select[name=kind]").select_option("emissions")
    row.locator("select[name=substance]").select_option("methane, fossil")
    row.locator("input[name=amount]").fill("0.2")
    row.locator("select[name=unit]").select_option("kg")
    page.click("button.save")
    expect(lines.nth(4).locator(".field-error")).to_have_text("Line 5: amount is required")
    shot(page, "bom-editor-no-script-error-en")
    lines.nth(4).locator("input[name=amount]").fill("4")
    lines.nth(4).locator("select[name=unit]").select_option("kWh")
    page.click("button.save")
    expect(page).to_have_url(re.compile(r"/boms/bom_"))
    expect(page.locator("table tbody tr")).to_have_count(2)
