"""The reviewer's sheet: GET /api/v1/applications/{id} explains every line of the footprint."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.service.helpers import activity_line, assert_error, emission_line, numbers_in
from tests.service.workflow_helpers import act, application_in, make_people


@pytest.fixture()
def people(session, make_user, manufacturer):
    return make_people(session, make_user, manufacturer)


LINES = (
    activity_line("power", "electricity-cn-footprint-2023", "120", "kWh", data="primary"),
    activity_line("grid", "electricity-cn-co2-2023", "3", "kWh", data="primary"),
    activity_line(
        "steel", "steel-crude-global-2023", "0.5", "kg", "raw_materials", data="secondary"
    ),
    activity_line("case", "pp-primary", "200", "g", "raw_materials", data="secondary"),
    emission_line(
        "on-site",
        ("methane, fossil", "0.01", "kg"),
        ("nitrogen oxides", "0.002", "kg"),
        data="primary",
    ),
)


@pytest.fixture()
def sheet(client, people):
    application = application_in(client, people, "in_review", *LINES)
    reviewer = people["reviewer"]
    for line_ref, text in (("steel", "which mill?"), (None, "looks complete")):
        comment = act(
            client, reviewer, application["id"], "comments", {"line_ref": line_ref, "text": text}
        )
        assert comment.status_code == 201, comment.get_json()
    answer = act(
        client,
        people["owner"],
        application["id"],
        "comments",
        {"line_ref": "steel", "text": "Baowu"},
    )
    assert answer.status_code == 201
    response = client.get(f"/api/v1/applications/{application['id']}", headers=reviewer["headers"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_every_line_is_shown_with_its_dataset_share_data_and_flags(sheet):
    by_ref = {line["ref"]: line for line in sheet["lines"]}
    assert set(by_ref) == {"power", "grid", "steel", "case", "on-site"}
    for line in sheet["lines"]:
        assert {"ref", "stage", "kg_co2e", "share", "data", "flags", "evidence"} <= set(line)
        assert line["data"] in ("primary", "secondary")
    for ref in ("power", "grid", "steel", "case"):
        dataset = by_ref[ref]["dataset"]
        assert dataset["code"] == by_ref[ref]["activity"]
        assert dataset["source"] and dataset["licence"]
        assert isinstance(dataset["year"], int)
        assert dataset["grade"] in ("A", "B", "C")
        assert dataset["kind"]
    assert by_ref["steel"]["dataset"]["grade"] == "C"
    assert by_ref["steel"]["dataset"]["year"] == 2023
    assert by_ref["grid"]["dataset"]["kind"] == "co2-only"
    assert by_ref["power"]["dataset"]["kind"] == "life-cycle"
    assert by_ref["on-site"]["dataset"] is None
    assert [e["substance"] for e in by_ref["on-site"]["emissions"]] == [
        "methane, fossil",
        "nitrogen oxides",
    ]
    assert (by_ref["case"]["amount"], by_ref["case"]["unit"]) == ("200", "g")
    assert by_ref["steel"]["data"] == "secondary" and by_ref["power"]["data"] == "primary"


def test_the_flags_sit_on_their_lines_and_in_the_summary(sheet):
    by_ref = {line["ref"]: {f["code"] for f in line["flags"]} for line in sheet["lines"]}
    assert by_ref == {
        "power": set(),
        "grid": {"co2_only_electricity"},
        "steel": {"grade_c_data", "co2_only_factor"},  # secondary below 5%; worldsteel is CO2 only
        "case": set(),
        "on-site": set(),
    }
    assert {(f["code"], f["line_ref"]) for f in sheet["flags"]} == {
        ("co2_only_electricity", "grid"),
        ("grade_c_data", "steel"),
        ("co2_only_factor", "steel"),
    }
    for flag in sheet["flags"]:
        assert flag["message"]


def test_the_totals_equal_the_calculation(client, people, sheet):
    calculation = client.get(
        f"/api/v1/calculations/{sheet['calculation_id']}", headers=people["owner"]["headers"]
    ).get_json()
    assert sheet["calculation"]["id"] == calculation["id"]
    for key in (
        "total_kg_co2e",
        "parts",
        "by_stage",
        "by_line",
        "pollutants_kg",
        "data_quality",
        "declared_unit",
    ):
        assert sheet["calculation"][key] == calculation[key], key
    assert sheet["total_kg_co2e"] == calculation["total_kg_co2e"]
    assert sheet["library"] == calculation["fingerprint"]["library"]
    total = Decimal(calculation["total_kg_co2e"])
    assert sum(Decimal(line["kg_co2e"]) for line in sheet["lines"]) == total
    assert sum(Decimal(v) for v in sheet["calculation"]["by_stage"].values()) == total
    assert [line["ref"] for line in sheet["lines"]] == [
        line["ref"] for line in calculation["by_line"]
    ]
    for line, calculated in zip(sheet["lines"], calculation["by_line"], strict=True):
        assert (line["kg_co2e"], line["share"]) == (calculated["kg_co2e"], calculated["share"])
    shares = sum(Decimal(line["share"]) for line in sheet["lines"])
    assert abs(shares - 1) <= Decimal("0.0005")


def test_the_comments_are_shown_oldest_first_with_their_authors(sheet, people):
    comments = sheet["comments"]
    assert [(c["line_ref"], c["text"]) for c in comments] == [
        ("steel", "which mill?"),
        (None, "looks complete"),
        ("steel", "Baowu"),
    ]
    assert [c["author"]["role"] for c in comments] == ["reviewer", "reviewer", "manufacturer"]
    assert comments[0]["author"]["id"] == people["reviewer"]["user_id"]
    assert all(c["created_at"].endswith("Z") for c in comments)


def test_the_comments_endpoint_matches_the_sheet(client, people, sheet):
    listed = client.get(
        f"/api/v1/applications/{sheet['id']}/comments", headers=people["owner"]["headers"]
    ).get_json()
    assert listed["items"] == sheet["comments"]


def test_a_comment_must_name_a_line_of_the_bom(client, people, sheet):
    response = act(
        client, people["reviewer"], sheet["id"], "comments", {"line_ref": "nope", "text": "?"}
    )
    assert_error(response, 422, "/line_ref")
    response = act(client, people["reviewer"], sheet["id"], "comments", {"text": "   "})
    assert_error(response, 422, "/text")


def test_the_sheet_carries_the_application_summary(sheet, people):
    assert sheet["state"] == "in_review"
    assert sheet["reviewer_id"] == people["reviewer"]["user_id"]
    assert sheet["manufacturer"]["id"] == people["owner"]["org_id"]
    assert sheet["certification_body"]["id"] == people["reviewer"]["org_id"]
    assert [s["number"] for s in sheet["submissions"]] == [1]
    assert [e["kind"] for e in sheet["events"]][:3] == ["created", "submit", "start_review"]


def test_quantities_are_decimal_strings(sheet):
    numbers = [
        (path, value)
        for path, value in numbers_in(sheet)
        if not path.endswith(("/year", "/seq", "/number", "/bom_version", "/iterations"))
    ]
    assert numbers == []
