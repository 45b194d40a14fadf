"""An issued label verifies; suspension, reinstatement and revocation show at once."""

from __future__ import annotations

from tests.service.label_fixtures import issue_label


def test_issue_verify_suspend_revoke(client, make_user, headers, product_id):
    issued = issue_label(client, make_user, headers, product_id)
    label_id = issued["label_id"]
    public = client.get(f"/api/v1/labels/{label_id.lower()}")
    assert public.status_code == 200, public.json
    assert public.json["status"] == "valid"
    credential = public.json["credential"]
    verified = client.post("/api/v1/verifications", json={"credential": credential})
    assert verified.status_code == 200, verified.json
    assert verified.json["verified"] is True, verified.json
    assert all(verified.json["checks"].values())
    suspended = client.post(
        f"/api/v1/labels/{label_id}/suspension",
        headers=issued["decider"]["headers"],
        json={"reason": "surveillance visit"},
    )
    assert suspended.status_code == 200, suspended.json
    again = client.post("/api/v1/verifications", json={"credential": credential}).json
    assert again["verified"] is False and again["status"] == "suspended", again
    lifted = client.delete(
        f"/api/v1/labels/{label_id}/suspension",
        headers=issued["decider"]["headers"],
        json={"reason": "resolved"},
    )
    assert lifted.status_code == 200, lifted.json
    assert client.post("/api/v1/verifications", json={"credential": credential}).json["verified"]
    revoked = client.post(
        f"/api/v1/labels/{label_id}/revocation",
        headers=issued["decider"]["headers"],
        json={"reason": "false data"},
    )
    assert revoked.status_code == 200
    final = client.post("/api/v1/verifications", json={"credential": credential}).json
    assert final["status"] == "revoked" and not final["verified"]
    assert (
        client.post(
            f"/api/v1/labels/{label_id}/suspension",
            headers=issued["decider"]["headers"],
            json={"reason": "x"},
        ).status_code
        == 409
    )
    tampered = credential[:-4] + ("AAAA" if credential[-4:] != "AAAA" else "BBBB")
    bad = client.post("/api/v1/verifications", json={"credential": tampered}).json
    assert bad["checks"]["signature"] is False
    assert client.post("/api/v1/verifications", json={"credential": "nope"}).status_code == 422
    assert client.get("/api/v1/labels/GBA-GDXX-2026-000001-0").status_code == 404
    checkpoint = client.get("/api/v1/log/checkpoint")
    assert checkpoint.status_code == 200 and "gba-footprint/log" in checkpoint.text
    assert client.get("/api/v1/trust-list").status_code == 200


def test_artefacts_render(client, make_user, headers, product_id):
    label_id = issue_label(client, make_user, headers, product_id)["label_id"]
    pdf = client.get(f"/api/v1/labels/{label_id}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    svg = client.get(f"/api/v1/labels/{label_id}/label.svg")
    assert svg.status_code == 200 and label_id.encode() in svg.data
    qr = client.get(f"/api/v1/labels/{label_id}/qr.svg")
    assert qr.status_code == 200 and qr.data.lstrip().startswith(b"<")


def test_a_scheme_sets_its_own_label_validity(client, make_user, headers, product_id, session):
    from datetime import timedelta

    from service.persistence.labels import Label
    from service.persistence.models import Organisation

    issued = issue_label(client, make_user, headers, product_id)
    default = session.get(Label, issued["label_id"])
    assert default.valid_until - default.valid_from == timedelta(days=730)
    body = session.get(Organisation, issued["body"])
    body.label_validity_days = 365
    session.commit()
    shorter = issue_label(client, make_user, headers, product_id, amount="3", body=issued)
    label = session.get(Label, shorter["label_id"])
    assert label.valid_until - label.valid_from == timedelta(days=365)
