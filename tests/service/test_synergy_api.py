"""Synergy assessments through the API: hand-computed reductions, authorisation, bad input."""

from __future__ import annotations

import csv
import io
import json

from tests.service.helpers import (
    assert_error,
    bom_doc,
    calculate,
    create_bom,
    create_product,
    emission_line,
)
from tests.service.label_fixtures import issue_label
from tests.service.label_helpers import run_cli


def _emissions(co2: str, nox: str, so2: str, pm25: str, nmvoc: str):
    return emission_line(
        "site",
        ("carbon dioxide, fossil", co2, "kg"),
        ("nitrogen oxides", nox, "kg"),
        ("sulfur dioxide", so2, "kg"),
        ("particulate matter, < 2.5 um", pm25, "kg"),
        ("NMVOC", nmvoc, "kg"),
        data="primary",
    )


def _calc(client, headers, product_id, *lines, boundary="cradle-to-gate") -> str:
    bom = create_bom(client, headers, product_id, bom_doc(*lines, boundary=boundary))
    return str(calculate(client, headers, bom["id"])["id"])


def _assess(client, headers, baseline, alternative):
    return client.post(
        "/api/v1/synergy-assessments",
        headers=headers,
        json={"baseline": baseline, "alternative": alternative},
    )


def test_assessment_of_two_versions_worked_by_hand(client, headers):
    product = create_product(client, headers)
    before = _calc(client, headers, product, _emissions("10", "0.02", "0.01", "0.004", "0.002"))
    after = _calc(client, headers, product, _emissions("8", "0.01", "0.012", "0.004", "0.001"))
    response = _assess(client, headers, before, after)
    assert response.status_code == 201, response.json
    body = response.json
    # CO2e (10 - 8) / 10 = 0.2; NOx 0.5 (synergy), SO2 -0.2 (trade-off), PM2.5 0 (carbon only)
    assert body["co2e"] == body["co2e"] | {
        "baseline_kg": "10",
        "alternative_kg": "8",
        "reduction": "0.2",
    }
    classes = {k: v["classification"] for k, v in body["pollutants"].items()}
    assert classes == {
        "nox": "synergy",
        "so2": "trade_off",
        "pm25": "carbon_only",
        "nmvoc": "synergy",
    }
    assert body["pollutants"]["nox"]["elasticity"] == "2.5"
    # APE 0.0334138 -> 0.0249928: reduction 0.252023, coefficient 1.26012 (see the domain test)
    assert body["air_pollutant_equivalent"]["reduction"] == "0.252023"
    assert body["air_pollutant_equivalent"]["synergy_coefficient"] == "1.26012"
    assert body["co2e"]["drivers"][0]["ref"] == "site"
    again = client.get(f"/api/v1/synergy-assessments/{body['id']}", headers=headers)
    assert again.status_code == 200 and again.json == body
    listed = client.get(f"/api/v1/products/{product}/synergy-assessments", headers=headers)
    assert [a["id"] for a in listed.json["items"]] == [body["id"]]


def test_another_manufacturer_sees_nothing(client, headers, make_user):
    product = create_product(client, headers)
    before = _calc(client, headers, product, _emissions("10", "0.02", "0.01", "0.004", "0.002"))
    after = _calc(client, headers, product, _emissions("8", "0.01", "0.01", "0.004", "0.002"))
    created = _assess(client, headers, before, after).json
    other = make_user()["headers"]
    assert_error(client.get(f"/api/v1/synergy-assessments/{created['id']}", headers=other), 404)
    # Calculations of another organisation are unknown to the caller: 404 naming the field.
    assert_error(_assess(client, other, before, after), 404, "/baseline")
    theirs = _calc(
        client, other, create_product(client, other), _emissions("1", "0", "0", "0", "0")
    )
    assert_error(_assess(client, headers, before, theirs), 404, "/alternative")
    assert_error(client.get(f"/api/v1/products/{product}/synergy-assessments", headers=other), 404)


def test_bad_input_names_the_field_and_stores_nothing(client, headers):
    product = create_product(client, headers)
    before = _calc(client, headers, product, _emissions("10", "0.02", "0.01", "0.004", "0.002"))
    assert_error(
        client.post("/api/v1/synergy-assessments", headers=headers, json={"baseline": before}),
        422,
        "/alternative",
    )
    assert_error(_assess(client, headers, before, "calculation-unknown"), 404, "/alternative")
    per_kg = create_product(client, headers, declared=("1", "kg"))
    other_unit = _calc(client, headers, per_kg, _emissions("8", "0", "0", "0", "0"))
    assert_error(_assess(client, headers, before, other_unit), 422, "/alternative")
    grave = _calc(
        client, headers, product, _emissions("8", "0", "0", "0", "0"), boundary="cradle-to-grave"
    )
    assert_error(_assess(client, headers, before, grave), 422, "/alternative")
    listed = client.get(f"/api/v1/products/{product}/synergy-assessments", headers=headers)
    assert listed.json["items"] == []


def test_a_label_states_its_change_and_its_body_lists_the_assessment(
    client, make_user, headers, product_id
):
    first = issue_label(client, make_user, headers, product_id, amount="2")
    second = issue_label(client, make_user, headers, product_id, amount="1.5", body=first)
    subject = client.get(f"/api/v1/labels/{second['label_id']}").json["subject"]
    change = subject["changeSincePreviousLabel"]
    # 2 kWh -> 1.5 kWh of the same grid: (1.241 - 0.93075) / 1.241 = 0.25
    assert change["previousLabelId"] == first["label_id"]
    assert change["co2eReduction"] == "0.25"
    decider = first["decider"]["headers"]
    listed = client.get("/api/v1/synergy-assessments", headers=decider)
    assert listed.status_code == 200, listed.json
    assert len(listed.json["items"]) == 1
    assert listed.json["items"][0]["co2e"]["reduction"] == "0.25"
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/api/v1/synergy-assessments.csv", headers=decider).get_data(
                    as_text=True
                )
            )
        )
    )
    assert [r["co2e_reduction"] for r in rows] == ["0.25"]
    assessment_id = listed.json["items"][0]["id"]
    assert (
        client.get(f"/api/v1/synergy-assessments/{assessment_id}", headers=decider).status_code
        == 200
    )
    # Another body's decision maker sees none of it; a reviewer may not list.
    stranger = make_user("certification_body", "decision_maker")["headers"]
    assert client.get("/api/v1/synergy-assessments", headers=stranger).json["items"] == []
    assert_error(client.get(f"/api/v1/synergy-assessments/{assessment_id}", headers=stranger), 404)
    assert_error(
        client.get("/api/v1/synergy-assessments", headers=first["reviewer"]["headers"]), 403
    )
    assert_error(
        client.get("/api/v1/synergy-assessments?classification=bogus", headers=decider),
        422,
        "/query/classification",
    )
    first_subject = client.get(f"/api/v1/labels/{first['label_id']}").json["subject"]
    assert "changeSincePreviousLabel" not in first_subject
    # The public page says it in words: a 0.25 reduction is a change of -25% (U+2212 minus).
    for lang, words in (("en", "Since the previous label"), ("pt", "Desde o rótulo anterior")):
        page = client.get(f"/l/{second['label_id']}?lang={lang}").get_data(as_text=True)
        assert words in page and "\u221225%</strong> CO₂e" in page and first["label_id"] in page
    assert "Since the previous label" not in client.get(f"/l/{first['label_id']}").get_data(
        as_text=True
    )


def test_the_command_line_prints_the_same_json(app, client, headers):
    product = create_product(client, headers)
    before = _calc(client, headers, product, _emissions("10", "0.02", "0.01", "0.004", "0.002"))
    after = _calc(client, headers, product, _emissions("8", "0.01", "0.012", "0.004", "0.001"))
    result = run_cli(app, "synergy", "assess", "--baseline", before, "--alternative", after)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    stored = client.get(f"/api/v1/synergy-assessments/{printed['id']}", headers=headers).json
    assert printed == stored
    assert printed["co2e"]["reduction"] == "0.2"
    missing = run_cli(app, "synergy", "assess", "--baseline", before, "--alternative", "nope")
    assert missing.exit_code == 1 and "no calculation nope" in missing.output


def test_the_same_pair_is_assessed_once_by_hand_or_by_a_label(
    client, make_user, headers, product_id
):
    first = issue_label(client, make_user, headers, product_id, amount="2")
    issue_label(client, make_user, headers, product_id, amount="1.5", body=first)
    url = f"/api/v1/products/{product_id}/synergy-assessments"
    listed = client.get(url, headers=headers).json["items"]
    # The second label's issuance compared its calculation with the first's.
    assert len(listed) == 1
    by_label = listed[0]
    # Asking for the same comparison by hand answers with that assessment, twice over.
    for _ in range(2):
        again = _assess(client, headers, by_label["baseline"], by_label["alternative"])
        assert again.status_code == 201, again.json
        assert again.json["id"] == by_label["id"]
    assert [a["id"] for a in client.get(url, headers=headers).json["items"]] == [by_label["id"]]
