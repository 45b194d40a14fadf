"""Building an issued label through the API, for the label tests."""

from __future__ import annotations

from typing import Any

from tests.service.helpers import activity_line, bom_doc


def issue_label(
    client, make_user, headers, product_id, amount: str = "2", body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Calculate, apply, review and approve; return ids, headers and the label id.

    body: a previous result of issue_label, to apply to the same body with the same people.
    """
    if body is None:
        reviewer = make_user("certification_body", "reviewer")
        decider = make_user("certification_body", "decision_maker", existing_org=reviewer["org_id"])
    else:
        reviewer, decider = body["reviewer"], body["decider"]
    body = reviewer["org_id"]
    bom = client.post(
        f"/api/v1/products/{product_id}/boms",
        headers=headers,
        json=bom_doc(activity_line(amount=amount)),
    ).json
    client.post(f"/api/v1/boms/{bom['id']}/calculations", headers=headers)
    app_id = client.post(
        f"/api/v1/boms/{bom['id']}/applications",
        headers=headers,
        json={"certification_body": body},
    ).json["id"]
    client.post(
        f"/api/v1/applications/{app_id}/review",
        headers=reviewer["headers"],
        json={"outcome": "recommend_approval", "note": "ok"},
    )
    decided = client.post(
        f"/api/v1/applications/{app_id}/decision",
        headers=decider["headers"],
        json={"decision": "approve", "note": "ok"},
    )
    assert decided.status_code == 200, decided.json
    return {
        "label_id": decided.json["label_id"],
        "application_id": app_id,
        "body": body,
        "reviewer": reviewer,
        "decider": decider,
        "bom_id": bom["id"],
    }
