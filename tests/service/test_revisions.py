"""What is under review stays frozen until a revision; the history keeps every submission."""

from __future__ import annotations

import pytest

from tests.service.helpers import (
    activity_line,
    assert_error,
    bom_doc,
    calculate,
    create_bom,
    create_product,
)
from tests.service.workflow_helpers import act, application_in, apply, calculated_bom, make_people


@pytest.fixture()
def people(session, make_user, manufacturer):
    return make_people(session, make_user, manufacturer)


def _detail(client, who, application_id):
    response = client.get(f"/api/v1/applications/{application_id}", headers=who["headers"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _revise(client, people, application_id, bom_id):
    return act(client, people["owner"], application_id, "revisions", {"bom_id": bom_id})


def test_the_bom_and_calculation_under_review_stay_frozen(client, people):
    owner = people["owner"]
    application = application_in(client, people, "in_review", activity_line(amount="2"))
    before = _detail(client, people["reviewer"], application["id"])
    # The manufacturer moves on: a newer version, and a recalculation of the one under review.
    newer = calculated_bom(client, owner["headers"], application["product_id"], activity_line())
    recalculated = calculate(client, owner["headers"], application["bom_id"])
    assert recalculated["id"] != before["calculation_id"]
    after = _detail(client, people["reviewer"], application["id"])
    assert after["bom_id"] == before["bom_id"] == application["bom_id"]
    assert after["bom_version"] == 1
    assert after["calculation_id"] == before["calculation_id"]
    assert after["calculation"] == before["calculation"]
    assert after["lines"] == before["lines"]
    assert newer not in {s["bom_id"] for s in after["submissions"]}


def test_a_revision_replaces_what_is_under_review_and_keeps_the_history(client, people):
    owner = people["owner"]
    application = application_in(client, people, "changes_requested", activity_line(amount="2"))
    first = _detail(client, owner, application["id"])
    newer = calculated_bom(
        client, owner["headers"], application["product_id"], activity_line(amount="3")
    )
    revised = _revise(client, people, application["id"], newer)
    assert revised.status_code == 200, revised.get_json()
    assert revised.get_json()["bom_id"] == newer
    assert revised.get_json()["bom_version"] == 2
    assert revised.get_json()["total_kg_co2e"] == "1.8615"  # the new figures, not the old
    second = _detail(client, people["reviewer"], application["id"])
    assert second["state"] == "resubmitted"
    assert second["calculation_id"] != first["calculation_id"]
    assert second["total_kg_co2e"] == "1.8615"  # 3 kWh x 0.6205
    assert first["total_kg_co2e"] == "1.241"
    assert second["lines"][0]["amount"] == "3"
    assert [(s["number"], s["bom_id"]) for s in second["submissions"]] == [
        (1, application["bom_id"]),
        (2, newer),
    ]
    assert second["submissions"][0]["calculation_id"] == first["calculation_id"]
    assert second["submissions"][1]["calculation_id"] == second["calculation_id"]
    resubmit = [e for e in second["events"] if e["kind"] == "resubmit"]
    assert resubmit[0]["payload"]["bom_id"] == newer
    assert resubmit[0]["payload"]["total_kg_co2e"] == "1.8615"


def test_two_rounds_of_changes_keep_three_submissions(client, people):
    owner = people["owner"]
    application = application_in(client, people, "resubmitted")
    for name in ("request_changes",):
        act(client, people["reviewer"], application["id"], "review", {"outcome": name})
    third = calculated_bom(
        client, owner["headers"], application["product_id"], activity_line(amount="4")
    )
    assert _revise(client, people, application["id"], third).status_code == 200
    detail = _detail(client, owner, application["id"])
    assert [s["number"] for s in detail["submissions"]] == [1, 2, 3]
    assert detail["bom_version"] == 3
    kinds = [e["kind"] for e in detail["events"]]
    assert kinds.count("resubmit") == 2 and kinds.count("request_changes") == 2


def test_a_revision_must_be_newer(client, people):
    application = application_in(client, people, "changes_requested")
    # The version under review itself.
    body = assert_error(_revise(client, people, application["id"], application["bom_id"]), 422)
    assert "/bom_id" in body["errors"]


def test_an_older_version_is_no_revision(client, people):
    owner = people["owner"]
    product_id = create_product(client, owner["headers"])
    v1 = calculated_bom(client, owner["headers"], product_id, activity_line(amount="1"))
    v2 = calculated_bom(client, owner["headers"], product_id, activity_line(amount="2"))
    applied = apply(client, owner["headers"], v2, people["reviewer"]["org_id"])
    app_id = applied.get_json()["id"]
    act(client, people["reviewer"], app_id, "review", {"outcome": "request_changes"})
    assert_error(_revise(client, people, app_id, v1), 422, "/bom_id")
    assert _detail(client, owner, app_id)["state"] == "changes_requested"


def test_a_revision_must_be_of_the_same_product(client, people):
    owner = people["owner"]["headers"]
    application = application_in(client, people, "changes_requested")
    other_product = create_product(client, owner)
    calculated_bom(client, owner, other_product, activity_line())
    other = calculated_bom(client, owner, other_product, activity_line())  # version 2
    body = assert_error(_revise(client, people, application["id"], other), 422, "/bom_id")
    assert "same product" in body["errors"]["/bom_id"][0]


def test_a_revision_must_be_calculated(client, people):
    owner = people["owner"]["headers"]
    application = application_in(client, people, "changes_requested")
    newer = create_bom(client, owner, application["product_id"], bom_doc(activity_line()))
    body = assert_error(_revise(client, people, application["id"], newer["id"]), 409)
    assert "calculat" in body["message"]
    detail = _detail(client, people["owner"], application["id"])
    assert detail["state"] == "changes_requested"
    assert detail["bom_id"] == application["bom_id"]
    assert len(detail["submissions"]) == 1


def test_a_revision_with_another_manufacturers_bom_is_404(client, people):
    application = application_in(client, people, "changes_requested")
    other = people["other_manufacturer"]["headers"]
    foreign = calculated_bom(client, other, create_product(client, other), activity_line())
    assert_error(_revise(client, people, application["id"], foreign), 404)
    assert_error(_revise(client, people, application["id"], "bom_unknown"), 404)


def test_a_second_open_application_for_the_product_with_the_body_is_409(client, people):
    owner = people["owner"]["headers"]
    body_org = people["reviewer"]["org_id"]
    application = application_in(client, people, "in_review")
    newer = calculated_bom(client, owner, application["product_id"], activity_line())
    for bom_id in (application["bom_id"], newer):
        body = assert_error(apply(client, owner, bom_id, body_org), 409)
        assert application["id"] in body["message"]
    # Another body may be asked at the same time.
    elsewhere = apply(client, owner, newer, people["other_reviewer"]["org_id"])
    assert elsewhere.status_code == 201, elsewhere.get_json()


@pytest.mark.parametrize("final", ["withdrawn", "rejected", "approved"])
def test_a_closed_application_does_not_block_a_new_one(client, people, final):
    owner = people["owner"]["headers"]
    application = application_in(client, people, final)
    again = apply(client, owner, application["bom_id"], application["body_org"])
    assert again.status_code == 201, again.get_json()
    assert again.get_json()["id"] != application["id"]


def test_a_draft_also_counts_as_open(client, people):
    owner = people["owner"]["headers"]
    application = application_in(client, people, "draft")
    assert_error(apply(client, owner, application["bom_id"], application["body_org"]), 409)


def test_applying_with_an_uncalculated_bom_is_409(client, people):
    owner = people["owner"]["headers"]
    product_id = create_product(client, owner)
    bom = create_bom(client, owner, product_id, bom_doc())
    body = assert_error(apply(client, owner, bom["id"], people["reviewer"]["org_id"]), 409)
    assert "calculat" in body["message"]
    listed = client.get("/api/v1/applications", headers=owner).get_json()
    assert listed == {"items": []}


@pytest.mark.parametrize("target", ["other_manufacturer", "admin", "unknown"])
def test_applying_to_something_not_a_body_is_422(client, people, target):
    owner = people["owner"]["headers"]
    product_id = create_product(client, owner)
    bom_id = calculated_bom(client, owner, product_id, activity_line())
    org = "org_unknown" if target == "unknown" else people[target]["org_id"]
    assert_error(apply(client, owner, bom_id, org), 422, "/certification_body")


def test_applying_without_a_body_is_422(client, people):
    owner = people["owner"]["headers"]
    product_id = create_product(client, owner)
    bom_id = calculated_bom(client, owner, product_id, activity_line())
    response = client.post(f"/api/v1/boms/{bom_id}/applications", headers=owner, json={})
    assert_error(response, 422, "/certification_body")


def test_an_application_starts_as_a_submission_of_the_latest_calculation(client, people):
    owner = people["owner"]["headers"]
    product_id = create_product(client, owner)
    bom = create_bom(client, owner, product_id, bom_doc(activity_line(amount="5")))
    calculate(client, owner, bom["id"])
    latest = calculate(client, owner, bom["id"])
    applied = apply(client, owner, bom["id"], people["reviewer"]["org_id"]).get_json()
    assert applied["calculation_id"] == latest["id"]
    assert applied["total_kg_co2e"] == latest["total_kg_co2e"] == "3.1025"
    assert applied["state"] == "submitted"
    assert applied["product"]["id"] == product_id
    assert applied["certification_body"]["id"] == people["reviewer"]["org_id"]
    assert applied["created_at"].endswith("Z")
