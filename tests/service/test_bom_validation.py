"""API.md "bad input": every invalid BOM is a 422 naming the offending field by JSON pointer."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.service.helpers import (
    ELECTRICITY,
    activity_line,
    assert_error,
    bom_doc,
    component_line,
    create_bom,
    create_product,
    emission_line,
    post_bom,
)


@pytest.fixture()
def product_id(client, headers) -> str:
    return create_product(client, headers)


def _post_raw(client, headers, product_id, text: str):
    return client.post(
        f"/api/v1/products/{product_id}/boms",
        headers=headers,
        data=text,
        content_type="application/json",
    )


# --- amounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (-1, "must be >= 0"),
        ("-0.5", "must be >= 0"),
        ("NaN", "must be a finite number"),
        ("Infinity", "must be a finite number"),
        ("-Infinity", "must be a finite number"),
        ("abc", "must be a decimal number"),
        ("", "must be a decimal number"),
        ("1,5", "must be a decimal number"),
        (True, "must be a decimal number"),
        ([1], "must be a decimal number"),
        ({"value": 1}, "must be a decimal number"),
        # Finite as decimals, but beyond any real quantity: the engine's floats would overflow
        # (1e400) or the exponent-free output would be a 10,000-digit string (1e-9999).
        ("1e400", "must be less than 10^15 in magnitude"),
        ("1e-9999", "must have at most 20 decimal places"),
        # Beyond decimal's own exponent range: abs() would raise decimal.Overflow.
        ("1e9999999", "must be less than 10^15 in magnitude"),
        ("-1e999999999999999999", "must be less than 10^15 in magnitude"),
    ],
)
def test_bad_line_amount_is_422_at_its_pointer(client, headers, product_id, amount, message):
    response = post_bom(client, headers, product_id, bom_doc(activity_line(amount=amount)))
    body = assert_error(response, 422, "/lines/0/amount")
    assert body["code"] == "validation_error"
    assert body["errors"]["/lines/0/amount"] == [message]


def test_null_amount_is_422(client, headers, product_id):
    response = post_bom(client, headers, product_id, bom_doc(activity_line(amount=None)))
    assert_error(response, 422, "/lines/0/amount")


@pytest.mark.parametrize("literal", ["1e400", "-1e400", "NaN", "Infinity", "-Infinity"])
def test_non_finite_json_numbers_are_422(client, headers, product_id, literal):
    # Python's JSON parser turns 1e400 into inf and accepts the NaN/Infinity literals.
    text = json.dumps(bom_doc(activity_line(amount="AMOUNT"))).replace('"AMOUNT"', literal)
    assert literal in text
    response = _post_raw(client, headers, product_id, text)
    assert_error(response, 422, "/lines/0/amount")


def test_negative_emission_amount_is_422(client, headers, product_id):
    document = bom_doc(
        emission_line("gas", ("methane, fossil", "0.1", "kg"), ("nitrogen oxides", "-1", "kg"))
    )
    response = post_bom(client, headers, product_id, document)
    body = assert_error(response, 422, "/lines/0/emissions/1/amount")
    assert list(body["errors"]) == ["/lines/0/emissions/1/amount"]


def test_zero_and_trailing_zeros_are_accepted(client, headers, product_id):
    document = bom_doc(
        activity_line(ref="a", amount="0"),
        activity_line(ref="b", amount="1.000000000000000000000000000"),
        activity_line(ref="c", amount="0e-50"),
        activity_line(ref="d", amount="0e999999999"),  # not a billion zeros
        activity_line(ref="e", amount="-0"),
    )
    bom = create_bom(client, headers, product_id, document)
    assert [line["amount"] for line in bom["document"]["lines"]] == ["0", "1", "0", "0", "0"]


# --- library names and units -----------------------------------------------------------------


def test_unknown_activity_code_is_422(client, headers, product_id):
    document = bom_doc(activity_line(), activity_line(ref="x", activity="unobtainium-primary"))
    body = assert_error(post_bom(client, headers, product_id, document), 422, "/lines/1/activity")
    assert "unobtainium-primary" in body["errors"]["/lines/1/activity"][0]
    assert list(body["errors"]) == ["/lines/1/activity"]


def test_unknown_substance_is_422(client, headers, product_id):
    document = bom_doc(emission_line("gas", ("phlogiston", "1", "kg")))
    assert_error(
        post_bom(client, headers, product_id, document), 422, "/lines/0/emissions/0/substance"
    )


def test_aggregated_co2e_is_not_a_bom_substance(client, headers, product_id):
    # Aggregated CO2e flows are for library data only: a site measures gases.
    document = bom_doc(emission_line("gas", ("CO2e aggregated, fossil", "1", "kg")))
    assert_error(
        post_bom(client, headers, product_id, document), 422, "/lines/0/emissions/0/substance"
    )


def test_kwh_for_a_kg_dataset_is_422(client, headers, product_id):
    document = bom_doc(activity_line(activity="pp-primary", amount="1", unit="kWh"))
    body = assert_error(post_bom(client, headers, product_id, document), 422, "/lines/0/unit")
    assert "kWh" in body["errors"]["/lines/0/unit"][0]


def test_emission_in_kwh_is_422(client, headers, product_id):
    document = bom_doc(emission_line("gas", ("methane, fossil", "1", "kWh")))
    assert_error(post_bom(client, headers, product_id, document), 422, "/lines/0/emissions/0/unit")


def test_unknown_unit_is_422(client, headers, product_id):
    document = bom_doc(activity_line(unit="furlong"))
    assert_error(post_bom(client, headers, product_id, document), 422, "/lines/0/unit")


def test_convertible_units_and_aliases_are_accepted_and_normalised(client, headers, product_id):
    document = bom_doc(
        activity_line(ref="a", unit="MJ"),
        activity_line(ref="b", activity="pp-primary", unit="g"),
        activity_line(ref="c", activity="freight-hgv-average-gb-2026", unit="kg km"),
        emission_line("d", ("methane, fossil", "5", "t")),
    )
    lines = create_bom(client, headers, product_id, document)["document"]["lines"]
    assert [line.get("unit") for line in lines[:3]] == ["MJ", "g", "kg*km"]
    assert lines[3]["emissions"][0]["unit"] == "t"


# --- structure -----------------------------------------------------------------------------


def test_duplicate_refs_are_422_at_the_second(client, headers, product_id):
    document = bom_doc(
        activity_line(ref="power"), activity_line(ref="other"), activity_line(ref="power")
    )
    body = assert_error(post_bom(client, headers, product_id, document), 422, "/lines/2/ref")
    assert "/lines/0" in body["errors"]["/lines/2/ref"][0]
    assert list(body["errors"]) == ["/lines/2/ref"]


def test_stage_outside_the_boundary_is_422(client, headers, product_id):
    line = activity_line(
        ref="to-port",
        activity="freight-hgv-average-gb-2026",
        amount="0.21",
        unit="t*km",
        stage="distribution",
    )
    body = assert_error(post_bom(client, headers, product_id, bom_doc(line)), 422, "/lines/0/stage")
    assert "raw_materials" in body["errors"]["/lines/0/stage"][0]
    # The same line is inside a cradle-to-site boundary.
    create_bom(client, headers, product_id, bom_doc(line, boundary="cradle-to-site"))


@pytest.mark.parametrize(
    ("field", "value", "pointer"),
    [
        ("stage", "mining", "/lines/0/stage"),
        ("data", "guessed", "/lines/0/data"),
        ("ref", "", "/lines/0/ref"),
        ("ref", "r" * 101, "/lines/0/ref"),
        ("activity", "", "/lines/0/activity"),
        ("evidence", "ev-1", "/lines/0/evidence"),
    ],
)
def test_bad_line_fields_are_422(client, headers, product_id, field, value, pointer):
    line = activity_line() | {field: value}
    assert_error(post_bom(client, headers, product_id, bom_doc(line)), 422, pointer)


@pytest.mark.parametrize(
    ("extra", "pointer"),
    [
        (
            {"emissions": [{"substance": "methane, fossil", "amount": "1", "unit": "kg"}]},
            "/lines/0/activity",
        ),
        ({"component": {"bom_id": "bom_x"}}, "/lines/0/activity"),
    ],
)
def test_a_line_with_two_kinds_is_422(client, headers, product_id, extra, pointer):
    body = assert_error(
        post_bom(client, headers, product_id, bom_doc(activity_line() | extra)), 422, pointer
    )
    assert "exactly one of activity, emissions or component" in body["errors"][pointer][0]


def test_a_line_with_emissions_and_component_is_422(client, headers, product_id):
    line = emission_line("gas", ("methane, fossil", "1", "kg")) | {
        "component": {"bom_id": "bom_x"},
        "amount": "1",
        "unit": "piece",
    }
    assert_error(post_bom(client, headers, product_id, bom_doc(line)), 422, "/lines/0/activity")


def test_a_line_with_no_kind_is_422(client, headers, product_id):
    line = {"ref": "x", "stage": "production", "amount": "1", "unit": "kg"}
    assert_error(post_bom(client, headers, product_id, bom_doc(line)), 422, "/lines/0/activity")


def test_emission_lines_give_amounts_per_substance(client, headers, product_id):
    line = emission_line("gas", ("methane, fossil", "1", "kg")) | {"amount": "1"}
    assert_error(post_bom(client, headers, product_id, bom_doc(line)), 422, "/lines/0/amount")


@pytest.mark.parametrize("missing", ["amount", "unit"])
def test_activity_lines_need_amount_and_unit(client, headers, product_id, missing):
    line = activity_line()
    del line[missing]
    assert_error(post_bom(client, headers, product_id, bom_doc(line)), 422, f"/lines/0/{missing}")


@pytest.mark.parametrize("missing", ["system_boundary", "reference_period", "site", "lines"])
def test_missing_top_level_fields_are_422(client, headers, product_id, missing):
    document = bom_doc()
    del document[missing]
    assert_error(post_bom(client, headers, product_id, document), 422, f"/{missing}")


def test_unknown_keys_are_422_at_every_level(client, headers, product_id):
    document = bom_doc(
        activity_line(),
        emission_line("gas", ("methane, fossil", "1", "kg")),
        component_line("sub", "bom_unknown"),
    )
    document["colour"] = "red"
    document["reference_period"]["timezone"] = "UTC"
    document["site"]["address"] = "1 Road"
    document["lines"][0]["price"] = "3"
    document["lines"][1]["emissions"][0]["source"] = "stack"
    document["lines"][2]["component"]["version"] = 2
    body = assert_error(post_bom(client, headers, product_id, document), 422)
    for pointer in (
        "/colour",
        "/reference_period/timezone",
        "/site/address",
        "/lines/0/price",
        "/lines/1/emissions/0/source",
        "/lines/2/component/version",
    ):
        assert body["errors"][pointer] == ["Unknown field."], pointer


def test_every_offending_field_is_named_at_once(client, headers, product_id):
    document = bom_doc(
        activity_line(ref="a", activity="nope"),
        activity_line(ref="a", activity="pp-primary", unit="kWh"),
        emission_line("g", ("methane, fossil", "1", "MJ")),
        activity_line(ref="d", stage="use"),
    )
    body = assert_error(post_bom(client, headers, product_id, document), 422)
    assert set(body["errors"]) == {
        "/lines/0/activity",
        "/lines/1/ref",
        "/lines/1/unit",
        "/lines/2/emissions/0/unit",
        "/lines/3/stage",
    }


def test_bad_header_fields_are_422(client, headers, product_id):
    document = bom_doc()
    document["system_boundary"] = "gate-to-gate"
    document["reference_period"] = {"start": "2026-01-01", "end": "2025-01-01"}
    document["site"]["region"] = "X"
    body = assert_error(post_bom(client, headers, product_id, document), 422)
    assert {"/system_boundary", "/site/region"} <= set(body["errors"])
    document = bom_doc()
    document["reference_period"] = {"start": "2026-01-01", "end": "2025-01-01"}
    assert_error(post_bom(client, headers, product_id, document), 422, "/reference_period/end")
    document["reference_period"] = {"start": "2025-02-30", "end": "2026-01-01"}
    assert_error(post_bom(client, headers, product_id, document), 422, "/reference_period/start")


def test_text_no_database_can_store_is_422(client, headers, product_id):
    # A lone surrogate (valid JSON escape, invalid Unicode) and NUL (PostgreSQL text refuses it).
    response = _post_raw(
        client, headers, product_id, json.dumps(bom_doc(activity_line(ref="\ud800")))
    )
    assert_error(response, 422, "/lines/0/ref")
    document = bom_doc()
    document["site"]["name"] = "Plant\x00"
    assert_error(post_bom(client, headers, product_id, document), 422, "/site/name")


# --- limits, body, JSON --------------------------------------------------------------------


def test_5001_lines_are_422_at_lines(client, headers, product_id):
    lines = [activity_line(ref=f"l{i}", amount="1") for i in range(5001)]
    body = assert_error(post_bom(client, headers, product_id, bom_doc(*lines)), 422, "/lines")
    assert "5000" in body["errors"]["/lines"][0]


def test_5000_lines_are_accepted(client, headers, product_id):
    lines = [activity_line(ref=f"l{i}", amount="1") for i in range(5000)]
    bom = create_bom(client, headers, product_id, bom_doc(*lines))
    assert len(bom["document"]["lines"]) == 5000


def test_no_lines_is_422(client, headers, product_id):
    document = bom_doc()
    document["lines"] = []
    assert_error(post_bom(client, headers, product_id, document), 422, "/lines")


def test_body_over_2_mb_is_413(client, headers, product_id):
    document = bom_doc(*(activity_line(ref=f"l{i}", note="n" * 1900) for i in range(1200)))
    text = json.dumps(document)
    assert len(text) > 2 * 1024 * 1024
    body = assert_error(_post_raw(client, headers, product_id, text), 413)
    assert body["code"] == "payload_too_large"


def test_body_just_under_2_mb_is_not_413(client, headers, product_id):
    document = bom_doc(*(activity_line(ref=f"l{i}", note="n" * 1900) for i in range(1000)))
    text = json.dumps(document)
    assert 1.9 * 1024 * 1024 < len(text) < 2 * 1024 * 1024
    assert _post_raw(client, headers, product_id, text).status_code == 201


@pytest.mark.parametrize("text", ["{bad", '{"lines": [}', "\x00", '{"a": 1} trailing', "\xff"])
def test_malformed_json_is_400(client, headers, product_id, text):
    body = assert_error(_post_raw(client, headers, product_id, text), 400)
    assert body["code"] == "bad_request"


def test_an_empty_body_is_a_document_missing_every_field(client, headers, product_id):
    body = assert_error(_post_raw(client, headers, product_id, ""), 422)
    assert set(body["errors"]) == {"/system_boundary", "/reference_period", "/site", "/lines"}


def test_non_object_body_is_422(client, headers, product_id):
    for text in ("[1, 2]", '"a string"', "42", "null"):
        response = _post_raw(client, headers, product_id, text)
        assert response.status_code == 422, (text, response.get_json())
        assert_error(response, 422)


def test_json_numbers_are_accepted_and_presented_as_strings(client, headers, product_id):
    document = bom_doc(
        activity_line(ref="a", amount=2),
        activity_line(ref="b", amount=0.25, activity="pp-primary", unit="kg"),
        emission_line("c", ("methane, fossil", 0.002, "kg")),
    )
    bom = create_bom(client, headers, product_id, document)
    lines = bom["document"]["lines"]
    assert lines[0]["amount"] == "2"
    assert lines[1]["amount"] == "0.25"
    assert lines[2]["emissions"][0]["amount"] == "0.002"
    fetched = client.get(f"/api/v1/boms/{bom['id']}", headers=headers).get_json()
    assert fetched["document"] == bom["document"]


# --- immutability and versions ---------------------------------------------------------------


def test_a_bom_is_immutable_and_posting_again_makes_version_2(client, headers, product_id):
    first = create_bom(client, headers, product_id, bom_doc(activity_line(amount="2")))
    assert first["version"] == 1
    assert first["created_at"].endswith("Z")
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/v1/boms/{first['id']}", headers=headers, json=bom_doc(activity_line(amount="3"))
        )
        body = assert_error(response, 405)
        assert body["code"] == "method_not_allowed"
    second = create_bom(client, headers, product_id, bom_doc(activity_line(amount="3")))
    assert second["version"] == 2
    assert second["id"] != first["id"]
    assert second["sha256"] != first["sha256"]
    again = client.get(f"/api/v1/boms/{first['id']}", headers=headers)
    assert again.status_code == 200
    assert again.get_json() == first
    listing = client.get(f"/api/v1/products/{product_id}/boms", headers=headers).get_json()
    assert [(b["id"], b["version"]) for b in listing["items"]] == [
        (first["id"], 1),
        (second["id"], 2),
    ]


def test_the_same_document_twice_gives_two_versions_with_one_hash(client, headers, product_id):
    first = create_bom(client, headers, product_id, bom_doc())
    second = create_bom(client, headers, product_id, bom_doc())
    assert (first["version"], second["version"]) == (1, 2)
    assert first["sha256"] == second["sha256"]
    assert len(first["sha256"]) == 64


def test_a_rejected_bom_uses_no_version_number(client, headers, product_id):
    assert (
        post_bom(client, headers, product_id, bom_doc(activity_line(amount="-1"))).status_code
        == 422
    )
    assert create_bom(client, headers, product_id, bom_doc())["version"] == 1


# --- components ----------------------------------------------------------------------------


def test_unknown_component_bom_is_422(client, headers, product_id):
    document = bom_doc(component_line("case", "bom_doesnotexist"))
    body = assert_error(
        post_bom(client, headers, product_id, document), 422, "/lines/0/component/bom_id"
    )
    assert "bom_doesnotexist" in body["errors"]["/lines/0/component/bom_id"][0]


def test_unknown_label_component_is_422(client, headers, product_id):
    line = component_line("case", "x")
    line["component"] = {"label_id": "GBA-NOPE"}
    document = bom_doc(line)
    assert_error(
        post_bom(client, headers, product_id, document), 422, "/lines/0/component/label_id"
    )


def test_component_needs_exactly_one_reference(client, headers, product_id):
    line = component_line("case", "x")
    line["component"] = {"bom_id": "bom_a", "label_id": "GBA-1"}
    assert_error(
        post_bom(client, headers, product_id, bom_doc(line)), 422, "/lines/0/component/bom_id"
    )
    line["component"] = {}
    assert_error(
        post_bom(client, headers, product_id, bom_doc(line)), 422, "/lines/0/component/bom_id"
    )


def test_another_manufacturers_bom_is_not_a_component(client, headers, make_user, product_id):
    other = make_user()
    other_product = create_product(client, other["headers"])
    foreign = create_bom(client, other["headers"], other_product, bom_doc())
    document = bom_doc(component_line("case", foreign["id"]))
    body = assert_error(
        post_bom(client, headers, product_id, document), 422, "/lines/0/component/bom_id"
    )
    # Same answer as for an id that does not exist: nothing about the other BOM leaks.
    unknown = assert_error(
        post_bom(client, headers, product_id, bom_doc(component_line("case", "bom_nope"))), 422
    )
    assert body["errors"]["/lines/0/component/bom_id"] == [
        m.replace("bom_nope", foreign["id"]) for m in unknown["errors"]["/lines/0/component/bom_id"]
    ]


def test_component_unit_must_match_the_declared_unit(client, headers, product_id):
    sub_product = create_product(client, headers)
    sub = create_bom(client, headers, sub_product, bom_doc())
    document = bom_doc(component_line("case", sub["id"], amount="1", unit="kg"))
    assert_error(post_bom(client, headers, product_id, document), 422, "/lines/0/unit")


def test_a_component_cycle_is_422(client, headers):
    product_a = create_product(client, headers)
    product_b = create_product(client, headers)
    b1 = create_bom(client, headers, product_b, bom_doc())
    # A uses B (version 1) ...
    a1 = create_bom(
        client, headers, product_a, bom_doc(activity_line(), component_line("b", b1["id"]))
    )
    # ... then a new version of B uses A, whose BOM contains B: B would contain itself.
    document = bom_doc(activity_line(), component_line("a", a1["id"]))
    body = assert_error(post_bom(client, headers, product_b, document), 422, "/lines/1/component")
    assert "cycle" in body["errors"]["/lines/1/component"][0]
    # A product's own earlier version is a cycle too.
    document = bom_doc(component_line("self", a1["id"]))
    assert_error(post_bom(client, headers, product_a, document), 422, "/lines/0/component")
    versions = client.get(f"/api/v1/products/{product_b}/boms", headers=headers).get_json()
    assert [b["version"] for b in versions["items"]] == [1]


def test_component_depth_8_is_accepted_and_9_is_422(client, headers):
    # Products P1..P10 where Pk's BOM uses P(k-1)'s BOM and 1 kWh of electricity.
    boms: list[str] = []
    for _ in range(9):
        product = create_product(client, headers)
        lines = [activity_line(amount="1")]
        if boms:
            lines.append(component_line("sub", boms[-1]))
        boms.append(create_bom(client, headers, product, bom_doc(*lines))["id"])
    # P9 nests 8 levels of components (P8 ... P1) and is accepted; P10 would nest 9.
    p10 = create_product(client, headers)
    document = bom_doc(activity_line(amount="1"), component_line("sub", boms[-1]))
    body = assert_error(post_bom(client, headers, p10, document), 422, "/lines/1/component")
    assert "deeper than 8" in body["errors"]["/lines/1/component"][0]
    # The deepest accepted BOM calculates: 9 electricity lines of 1 kWh x 0.6205 = 5.5845.
    calc = client.post(f"/api/v1/boms/{boms[-1]}/calculations", headers=headers)
    assert calc.status_code == 201, calc.get_json()
    assert calc.get_json()["total_kg_co2e"] == "5.5845"


# numpy warns of the overflow; outside pytest's filterwarnings=error that is only a log line.
@pytest.mark.filterwarnings("ignore:overflow encountered in multiply:RuntimeWarning")
def test_a_footprint_out_of_range_is_422_not_500(client, headers):
    # Each product is declared per 1e-20 kg and uses 999999999999999 t (~1e18 kg) of the
    # previous one: every level multiplies by ~1e38, and nine levels overflow a float.
    boms: list[str] = []
    for level in range(9):
        product = create_product(client, headers, declared=("0.00000000000000000001", "kg"))
        if boms:
            line = component_line("sub", boms[-1], amount="999999999999999", unit="t")
        else:
            line = activity_line(amount="999999999999999")
        boms.append(create_bom(client, headers, product, bom_doc(line))["id"])
        response = client.post(f"/api/v1/boms/{boms[-1]}/calculations", headers=headers)
        if level == 0:
            # 999999999999999 kWh x 0.6205 = 6.205e14, six significant digits, no exponent
            assert calculation_total(response) == "620500000000000"
        else:
            # ~6e52 ... inf: no 40-character column holds it, no float presents it
            body = assert_error(response, 422, "/lines")
            assert "out of range" in body["errors"]["/lines"][0]


def test_a_vanishing_footprint_is_422_not_500(client, headers):
    # 1e-20 kWh x 0.6205 = 6.205e-21 per 999999999999999 kg; 1e-20 kg of it is ~6e-56.
    big = create_product(client, headers, declared=("999999999999999", "kg"))
    tiny = create_bom(client, headers, big, bom_doc(activity_line(amount="0.00000000000000000001")))
    assert (
        calculation_total(client.post(f"/api/v1/boms/{tiny['id']}/calculations", headers=headers))
        == "0.000000000000000000006205"
    )
    user = create_product(client, headers)
    line = component_line("sub", tiny["id"], amount="0.00000000000000000001", unit="kg")
    bom = create_bom(client, headers, user, bom_doc(line))
    response = client.post(f"/api/v1/boms/{bom['id']}/calculations", headers=headers)
    assert_error(response, 422, "/lines")


def calculation_total(response) -> str:
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["total_kg_co2e"])


def test_unknown_evidence_ids_are_422(client, headers, product_id):
    document = bom_doc(activity_line(data="primary", evidence=["ev_123"]))
    body = assert_error(post_bom(client, headers, product_id, document), 422, "/lines/0/evidence/0")
    assert body["errors"]["/lines/0/evidence/0"] == ["unknown evidence id 'ev_123'"]


def test_a_full_example_bom_is_accepted(client, headers, product_id):
    sub_product = create_product(client, headers)
    case = create_bom(client, headers, sub_product, bom_doc())
    document = bom_doc(
        activity_line(
            ref="cells",
            stage="raw_materials",
            activity="li-ion-battery-material",
            amount="0.25",
            unit="kg",
            data="secondary",
        ),
        activity_line(ref="line-power", amount="0.8", data="primary", note="metered"),
        emission_line(
            "on-site",
            ("methane, fossil", "0.002", "kg"),
            ("nitrogen oxides", "0.0004", "kg"),
            data="primary",
        ),
        activity_line(
            ref="to-port",
            stage="distribution",
            activity="freight-hgv-average-gb-2026",
            amount="0.21",
            unit="t*km",
        ),
        component_line("case", case["id"]),
        boundary="cradle-to-site",
    )
    bom = create_bom(client, headers, product_id, document)
    stored = bom["document"]
    assert stored["system_boundary"] == "cradle-to-site"
    assert stored["declared_unit"] == {"amount": "1", "unit": "piece"}
    assert [line["ref"] for line in stored["lines"]] == [
        "cells",
        "line-power",
        "on-site",
        "to-port",
        "case",
    ]
    assert stored["lines"][1]["note"] == "metered"
    assert stored["lines"][0]["data"] == "secondary"
    assert stored["lines"][1]["data"] == "primary"
    assert stored["lines"][4]["component"] == {"bom_id": case["id"]}


# --- property: mangled documents never give a 500 ---------------------------------------------

_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "1e400",
            "-1",
            "NaN",
            "Infinity",
            "0.25",
            "1e-30",
            "999999999999999999",
            "kg",
            "kWh",
            "t*km",
            "piece",
            "MJ",
            "g",
            "methane, fossil",
            "nitrogen oxides",
            "carbon dioxide, biogenic uptake",
            ELECTRICITY,
            "pp-primary",
            "distribution",
            "raw_materials",
            "primary",
            "cradle-to-grave",
            "2025-13-01",
            "2025-06-01",
            "bom_nope",
            "1e9999999",
            "0e999999999",
            "\ud800",
            "a\x00b",
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=2),
)
_BASE = bom_doc(
    activity_line(ref="power", amount="0.8"),
    activity_line(ref="pp", stage="raw_materials", activity="pp-primary", amount="0.1", unit="kg"),
    emission_line("gas", ("methane, fossil", "0.002", "kg"), ("nitrogen oxides", "0.0004", "kg")),
    activity_line(
        ref="ship",
        stage="distribution",
        activity="freight-hgv-average-gb-2026",
        amount="0.21",
        unit="t*km",
    ),
    component_line("case", "COMPONENT"),
    boundary="cradle-to-site",
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _mangle(data: st.DataObject, document: dict[str, Any]) -> Any:
    if data.draw(st.integers(0, 30)) == 0:
        return data.draw(_JUNK)  # the whole body is junk
    for _ in range(data.draw(st.integers(1, 4))):
        paths = _paths(document)
        path = data.draw(st.sampled_from(paths))
        parent: Any = document
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        operation = data.draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if operation == "replace":
            parent[key] = data.draw(_JUNK)
        elif operation == "delete":
            del parent[key]
        elif operation == "add" and isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["extra", "amount", "unit", "emissions", "note"]))] = (
                data.draw(_JUNK)
            )
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return document


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mangled_boms_are_never_a_500(client, headers, product_id, data):
    sub = create_product(client, headers)
    component = create_bom(client, headers, sub, bom_doc())["id"]
    document = json.loads(json.dumps(_BASE).replace("COMPONENT", component))
    body = _mangle(data, document)
    text = json.dumps(body)  # NaN/Infinity become the JSON literals Python's parser accepts
    response = _post_raw(client, headers, product_id, text)
    assert response.status_code in (201, 400, 422), (text, response.get_json())
    event(f"BOM {response.status_code}")
    if response.status_code != 201:
        assert_error(response, response.status_code)
        return
    calc = client.post(f"/api/v1/boms/{response.get_json()['id']}/calculations", headers=headers)
    assert calc.status_code in (201, 422), (text, calc.get_json())
    event(f"calculation {calc.status_code}")
