"""The issuing body suspends, reinstates and revokes from the web, with a reason and a
confirmation step; the history shows on the label and application pages, the status on the
manufacturer's product page with the downloads."""

from __future__ import annotations

import io

from PIL import Image
from pyzbar import pyzbar

from tests.service.label_fixtures import issue_label
from tests.service.web_world import csrf_of


def _as(client, user: dict, role: str) -> None:
    with client.session_transaction() as cookie:
        cookie["user_id"] = user["user_id"]
        cookie["email"] = f"{role}@x.test"
        cookie["role"] = role


def _post_status(client, label_id, **form):
    token = csrf_of(client)
    return client.post(f"/labels/{label_id}/status", data={"csrf_token": token} | form)


def test_suspend_reinstate_revoke_with_reasons_and_confirmation(
    client, make_user, headers, product_id, manufacturer
):
    issued = issue_label(client, make_user, headers, product_id)
    label_id, decider = issued["label_id"], issued["decider"]
    _as(client, decider, "decision_maker")
    page = client.get(f"/labels/{label_id}/manage").get_data(as_text=True)
    assert "Issued" in page and 'value="suspend"' in page and 'value="revoke"' in page

    # The first post only asks to confirm: nothing changes yet.
    _as(client, decider, "decision_maker")
    asked = _post_status(client, label_id, action="suspend", reason="site audit pending")
    assert asked.status_code == 200 and "Please confirm" in asked.get_data(as_text=True)
    assert client.get(f"/api/v1/labels/{label_id}").json["status"] == "valid"

    _as(client, decider, "decision_maker")
    done = _post_status(
        client, label_id, action="suspend", reason="site audit pending", confirm="yes"
    )
    assert done.status_code == 302
    assert client.get(f"/api/v1/labels/{label_id}").json["status"] == "suspended"
    _as(client, decider, "decision_maker")
    history = client.get(f"/labels/{label_id}/manage").get_data(as_text=True)
    assert "site audit pending" in history and 'value="reinstate"' in history

    _as(client, decider, "decision_maker")
    _post_status(client, label_id, action="reinstate", reason="audit passed", confirm="yes")
    _as(client, decider, "decision_maker")
    _post_status(client, label_id, action="revoke", reason="false data", confirm="yes")
    assert client.get(f"/api/v1/labels/{label_id}").json["status"] == "revoked"
    _as(client, decider, "decision_maker")
    final = client.get(f"/labels/{label_id}/manage").get_data(as_text=True)
    for words in ("site audit pending", "audit passed", "false data", "Reinstated", "Revoked"):
        assert words in final
    assert 'name="action"' not in final  # revocation is final: no more forms

    # The application page shows the same history.
    _as(client, decider, "decision_maker")
    application = client.get(f"/applications/{issued['application_id']}").get_data(as_text=True)
    assert "Label history" in application and "false data" in application

    # The manufacturer sees the status, the reason and the downloads on the product page.
    _as(client, manufacturer, "manufacturer")
    product = client.get(f"/products/{product_id}").get_data(as_text=True)
    assert f"Label {label_id} is Revoked." in product and "false data" in product
    for kind in ("qr.svg", "qr.png", "label.svg", "certificate.pdf"):
        assert f"/api/v1/labels/{label_id}/{kind}" in product


def test_a_reason_is_required_and_only_the_decision_maker_acts(
    client, make_user, headers, product_id, manufacturer
):
    issued = issue_label(client, make_user, headers, product_id)
    label_id = issued["label_id"]
    _as(client, issued["decider"], "decision_maker")
    missing = _post_status(client, label_id, action="revoke", reason="  ", confirm="yes")
    assert missing.status_code in (302, 422)
    assert client.get(f"/api/v1/labels/{label_id}").json["status"] == "valid"
    _as(client, issued["reviewer"], "reviewer")
    seen = client.get(f"/labels/{label_id}/manage").get_data(as_text=True)
    assert "Only a decision maker" in seen and 'name="action"' not in seen
    _as(client, issued["reviewer"], "reviewer")
    refused = _post_status(client, label_id, action="revoke", reason="x", confirm="yes")
    assert refused.status_code in (302, 403)
    assert client.get(f"/api/v1/labels/{label_id}").json["status"] == "valid"
    stranger = make_user("certification_body", "decision_maker")
    _as(client, stranger, "decision_maker")
    assert client.get(f"/labels/{label_id}/manage").status_code == 403
    _as(client, manufacturer, "manufacturer")
    assert client.get(f"/labels/{label_id}/manage").status_code == 403


def test_the_qr_png_decodes_to_the_verification_url(client, make_user, headers, product_id):
    label_id = issue_label(client, make_user, headers, product_id)["label_id"]
    response = client.get(f"/api/v1/labels/{label_id}/qr.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    with Image.open(io.BytesIO(response.data)) as image:
        decoded = [s.data.decode("ascii") for s in pyzbar.decode(image.convert("L"))]
    assert decoded == [f"HTTP://GBA.TEST/L/{label_id}"]
