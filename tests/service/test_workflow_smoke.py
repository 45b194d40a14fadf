"""A first walk through the certification workflow over the API."""

from __future__ import annotations

from tests.service.helpers import activity_line, bom_doc


def _calculated_bom(client, headers, product_id, amount="2"):
    bom = client.post(
        f"/api/v1/products/{product_id}/boms",
        headers=headers,
        json=bom_doc(activity_line(amount=amount)),
    )
    assert bom.status_code == 201, bom.json
    calc = client.post(f"/api/v1/boms/{bom.json['id']}/calculations", headers=headers)
    assert calc.status_code == 201, calc.json
    return bom.json["id"]


def test_apply_review_revise_approve(client, make_user, manufacturer, headers, product_id):
    reviewer = make_user("certification_body", "reviewer")
    body_org = reviewer["org_id"]
    decider = make_user("certification_body", "decision_maker", existing_org=body_org)
    bom_id = _calculated_bom(client, headers, product_id)
    applied = client.post(
        f"/api/v1/boms/{bom_id}/applications",
        headers=headers,
        json={"certification_body": body_org},
    )
    assert applied.status_code == 201, applied.json
    app_id = applied.json["id"]
    assert applied.json["state"] == "submitted"
    queue = client.get("/api/v1/applications?status=submitted", headers=reviewer["headers"])
    assert [a["id"] for a in queue.json["items"]] == [app_id]
    sheet = client.get(f"/api/v1/applications/{app_id}", headers=reviewer["headers"])
    assert sheet.status_code == 200, sheet.json
    assert sheet.json["lines"][0]["dataset"]["source"]
    comment = client.post(
        f"/api/v1/applications/{app_id}/comments",
        headers=reviewer["headers"],
        json={"line_ref": sheet.json["lines"][0]["ref"], "text": "meter photo please"},
    )
    assert comment.status_code == 201, comment.json
    changes = client.post(
        f"/api/v1/applications/{app_id}/review",
        headers=reviewer["headers"],
        json={"outcome": "request_changes", "note": "see comment"},
    )
    assert changes.json["state"] == "changes_requested", changes.json
    bom2 = _calculated_bom(client, headers, product_id, amount="2.5")
    revised = client.post(
        f"/api/v1/applications/{app_id}/revisions", headers=headers, json={"bom_id": bom2}
    )
    assert revised.json["state"] == "resubmitted", revised.json
    recommended = client.post(
        f"/api/v1/applications/{app_id}/review",
        headers=reviewer["headers"],
        json={"outcome": "recommend_approval", "note": "ok"},
    )
    assert recommended.json["state"] == "recommended", recommended.json
    by_reviewer = client.post(
        f"/api/v1/applications/{app_id}/decision",
        headers=reviewer["headers"],
        json={"decision": "approve"},
    )
    assert by_reviewer.status_code == 403
    decided = client.post(
        f"/api/v1/applications/{app_id}/decision",
        headers=decider["headers"],
        json={"decision": "approve", "note": "fine"},
    )
    assert decided.status_code == 200, decided.json
    assert decided.json["state"] == "approved"
    assert decided.json["label_id"].startswith("GBA-GDT")
    again = client.post(
        f"/api/v1/applications/{app_id}/decision",
        headers=decider["headers"],
        json={"decision": "approve", "note": "fine"},
    )
    assert again.status_code == 409
    assert "approved" in again.json["message"]
    events = client.get(f"/api/v1/applications/{app_id}/events", headers=headers).json["items"]
    assert [e["kind"] for e in events][:2] == ["created", "submit"]
    assert events[-1]["kind"] == "label_issued"
