"""Surveillance: a recalculation more than 10% above the certified footprint flags the label."""

from __future__ import annotations

import pytest

from tests.service.helpers import activity_line, assert_error, bom_doc
from tests.service.label_helpers import certifiers, cheap_key_sealing, issue_for, public


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


def _recalculate(client, headers, product_id, amount):
    """Upload a new BOM version of the certified product and calculate it."""
    bom = client.post(
        f"/api/v1/products/{product_id}/boms",
        headers=headers,
        json=bom_doc(activity_line(amount=amount)),
    )
    assert bom.status_code == 201, bom.json
    calculated = client.post(f"/api/v1/boms/{bom.json['id']}/calculations", headers=headers)
    assert calculated.status_code == 201, calculated.json
    return calculated.json


def _flagged(client, body):
    response = client.get(
        "/api/v1/labels", query_string={"surveillance": "true"}, headers=body["reviewer"]["headers"]
    )
    assert response.status_code == 200, response.json
    return [item["label_id"] for item in response.json["items"]]


def test_a_recalculation_over_10_percent_worse_flags_the_label(
    client, make_user, headers, product_id
):
    body = certifiers(make_user)
    label_id = issue_for(client, headers, product_id, body, amount="2")
    listed = client.get("/api/v1/labels", headers=body["decider"]["headers"]).json["items"]
    assert [item["label_id"] for item in listed] == [label_id]
    assert listed[0]["surveillance_note"] is None

    _recalculate(client, headers, product_id, "2.18")  # 9% more electricity, 9% worse
    assert _flagged(client, body) == []
    assert public(client, label_id)["surveillance_note"] is None

    worse = _recalculate(client, headers, product_id, "2.3")  # 15% worse
    assert _flagged(client, body) == [label_id]
    note = public(client, label_id)["surveillance_note"]
    assert note and worse["id"] in note and "15.0%" in note
    # The flag asks the body to look; the label itself stays valid until it decides.
    assert public(client, label_id)["status"] == "valid"


def test_only_the_issuing_bodys_certifiers_list_its_labels(client, make_user, headers, product_id):
    body = certifiers(make_user)
    label_id = issue_for(client, headers, product_id, body)
    _recalculate(client, headers, product_id, "3")
    other = certifiers(make_user)
    assert _flagged(client, other) == []
    assert _flagged(client, body) == [label_id]
    assert_error(client.get("/api/v1/labels", headers=headers), 403)
    assert_error(client.get("/api/v1/labels"), 401)
