"""The manufacturer sees the reviewer's automatic flags on the calculation page, before applying."""

from __future__ import annotations

from tests.service.helpers import activity_line, bom_doc, calculate, create_bom, create_product


def _as(client, user: dict) -> None:
    with client.session_transaction() as cookie:
        cookie["user_id"] = user["user_id"]
        cookie["email"] = "maker@x.test"
        cookie["role"] = "manufacturer"


def test_flags_show_before_any_application(client, manufacturer):
    headers = manufacturer["headers"]
    product = create_product(client, headers)
    # One secondary-data electricity line: 100% of the total on secondary data (limit 5%).
    bom = create_bom(client, headers, product, bom_doc(activity_line(data="secondary")))
    calculation = calculate(client, headers, bom["id"])
    _as(client, manufacturer)
    page = client.get(f"/calculations/{calculation['id']}").get_data(as_text=True)
    assert "What a reviewer will check" in page
    assert "Secondary data for 100.0% of the total (limit 5%)." in page
    _as(client, manufacturer)
    chinese = client.get(f"/calculations/{calculation['id']}?lang=zh_Hans").get_data(as_text=True)
    assert "审核" in chinese


def test_a_primary_data_calculation_has_no_flags(client, manufacturer):
    headers = manufacturer["headers"]
    product = create_product(client, headers)
    bom = create_bom(client, headers, product, bom_doc(activity_line(data="primary")))
    calculation = calculate(client, headers, bom["id"])
    _as(client, manufacturer)
    page = client.get(f"/calculations/{calculation['id']}").get_data(as_text=True)
    assert "No flags." in page
