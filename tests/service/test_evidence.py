"""Evidence uploads: accepted types checked by their bytes, limits, downloads, who sees what."""

from __future__ import annotations

import hashlib

import pytest

from service.services.certification.evidence import MAX_EVIDENCE_BYTES
from tests.service.helpers import activity_line, assert_error, bom_doc, create_product, post_bom
from tests.service.workflow_helpers import CSV, JPEG, PDF, PNG, application_in, make_people, upload


@pytest.fixture()
def people(session, make_user, manufacturer):
    return make_people(session, make_user, manufacturer)


@pytest.mark.parametrize(
    ("content", "filename", "content_type"),
    [
        (PDF, "invoice.pdf", "application/pdf"),
        (PNG, "meter.png", "image/png"),
        (JPEG, "meter.jpg", "image/jpeg"),
        (JPEG, "METER.JPEG", "image/jpeg"),
        (CSV, "readings.csv", "text/csv"),
        ("\ufeffdate;kWh\n2025-01-31;12000\n".encode(), "readings.csv", "text/csv"),
    ],
)
def test_accepted_files_answer_201_with_sha256_and_size(
    client, headers, content, filename, content_type
):
    response = upload(client, headers, content, filename)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["size_bytes"] == len(content)
    assert body["content_type"] == content_type
    assert body["filename"] == filename
    assert body["application_id"] is None
    assert body["content_url"] == f"/api/v1/evidence/{body['id']}/content"
    assert body["created_at"].endswith("Z")
    meta = client.get(f"/api/v1/evidence/{body['id']}", headers=headers)
    assert meta.status_code == 200 and meta.get_json() == body
    download = client.get(body["content_url"], headers=headers)
    assert download.status_code == 200
    assert download.data == content
    assert download.mimetype == content_type
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert filename in download.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (PNG, "invoice.pdf"),  # a PNG named .pdf
        (PDF, "meter.png"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "setup.exe"),  # a Windows program
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "setup.pdf"),
        (b"#!/bin/sh\nrm -rf /\n", "script.csv"),  # text, but not CSV
        (b"a,b\n\x00\x01", "data.csv"),  # binary pretending to be CSV
        (b"\xff\xfe\x00a,b", "utf16.csv"),
        (CSV, "readings.txt"),  # an extension that is not accepted
        (CSV, "readings"),
        (b"<html><script>alert(1)</script></html>", "page.html"),
    ],
)
def test_mislabelled_or_unsupported_files_are_422_at_file(client, headers, content, filename):
    body = assert_error(upload(client, headers, content, filename), 422, "/file")
    assert "PDF, PNG, JPEG or CSV" in body["errors"]["/file"][0]


def test_an_empty_file_is_422(client, headers):
    body = assert_error(upload(client, headers, b"", "empty.pdf"), 422, "/file")
    assert body["errors"]["/file"] == ["is empty"]


def test_a_missing_file_is_422(client, headers):
    response = client.post(
        "/api/v1/evidence", headers=headers, data={}, content_type="multipart/form-data"
    )
    assert_error(response, 422, "/files/file")


def test_exactly_10_mb_is_accepted(client, headers):
    content = PDF + b"0" * (MAX_EVIDENCE_BYTES - len(PDF))
    response = upload(client, headers, content, "big.pdf")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["size_bytes"] == MAX_EVIDENCE_BYTES


def test_one_byte_over_10_mb_is_422_at_file(client, headers):
    content = PDF + b"0" * (MAX_EVIDENCE_BYTES + 1 - len(PDF))
    body = assert_error(upload(client, headers, content, "big.pdf"), 422, "/file")
    assert body["errors"]["/file"] == ["must be at most 10 MB"]


def test_a_far_larger_file_is_413_naming_the_10_mb_limit(client, headers):
    content = PDF + b"0" * (12 * 1024 * 1024)
    body = assert_error(upload(client, headers, content, "huge.pdf"), 413)
    assert body["code"] == "payload_too_large"
    assert "10 MB" in body["message"], body


def test_other_bodies_stay_limited_to_2_mb(client, headers):
    response = client.post(
        "/api/v1/products",
        headers=headers | {"Content-Type": "application/json"},
        data=b'{"sku": "' + b"x" * (3 * 1024 * 1024) + b'"}',
    )
    body = assert_error(response, 413)
    assert "2 MB" in body["message"]


def test_uploads_need_a_token_and_a_manufacturer(client, people):
    assert_error(upload(client, {}, PDF, "a.pdf"), 401)
    assert_error(upload(client, people["reviewer"]["headers"], PDF, "a.pdf"), 403)


def test_evidence_of_another_manufacturer_is_404(client, people):
    uploaded = upload(client, people["owner"]["headers"], PDF, "a.pdf").get_json()
    other = people["other_manufacturer"]["headers"]
    for url in (f"/api/v1/evidence/{uploaded['id']}", uploaded["content_url"]):
        assert_error(client.get(url, headers=other), 404)
    assert_error(client.get("/api/v1/evidence/evd_unknown", headers=other), 404)


def test_no_body_sees_evidence_not_sent_to_it(client, people):
    uploaded = upload(client, people["owner"]["headers"], PDF, "a.pdf").get_json()
    assert_error(client.get(uploaded["content_url"], headers=people["reviewer"]["headers"]), 404)


def test_attaching_to_another_manufacturers_application_is_404(client, people):
    application = application_in(client, people, "submitted")
    other = people["other_manufacturer"]["headers"]
    assert_error(upload(client, other, PDF, "a.pdf", application["id"]), 404)
    assert_error(upload(client, other, PDF, "a.pdf", "app_unknown"), 404)


def test_the_addressed_body_reads_evidence_attached_to_an_application(client, people):
    application = application_in(client, people, "submitted")
    uploaded = upload(client, people["owner"]["headers"], PNG, "meter.png", application["id"])
    assert uploaded.status_code == 201, uploaded.get_json()
    body = uploaded.get_json()
    assert body["application_id"] == application["id"]
    for who in ("reviewer", "decision_maker"):
        headers = people[who]["headers"]
        assert client.get(f"/api/v1/evidence/{body['id']}", headers=headers).get_json() == body
        download = client.get(body["content_url"], headers=headers)
        assert download.status_code == 200
        assert download.data == PNG and download.mimetype == "image/png"
    for who in ("other_reviewer", "other_decision_maker", "other_manufacturer"):
        assert_error(client.get(body["content_url"], headers=people[who]["headers"]), 404)


def test_the_addressed_body_reads_evidence_cited_by_a_line_under_review(client, people):
    owner = people["owner"]["headers"]
    evidence_id = upload(client, owner, PDF, "meter.pdf").get_json()["id"]
    application = application_in(
        client, people, "submitted", activity_line(data="primary", evidence=[evidence_id])
    )
    sheet = client.get(
        f"/api/v1/applications/{application['id']}", headers=people["reviewer"]["headers"]
    ).get_json()
    assert sheet["lines"][0]["evidence"] == [evidence_id]
    for who in ("reviewer", "decision_maker"):
        download = client.get(
            f"/api/v1/evidence/{evidence_id}/content", headers=people[who]["headers"]
        )
        assert download.status_code == 200, download.get_json()
        assert download.data == PDF
    for who in ("other_reviewer", "other_manufacturer"):
        response = client.get(f"/api/v1/evidence/{evidence_id}", headers=people[who]["headers"])
        assert_error(response, 404)


def test_bom_lines_may_cite_own_evidence(client, headers):
    first = upload(client, headers, PDF, "bill.pdf").get_json()["id"]
    second = upload(client, headers, CSV, "meter.csv").get_json()["id"]
    product_id = create_product(client, headers)
    line = activity_line(data="primary", evidence=[first, second])
    response = post_bom(client, headers, product_id, bom_doc(line))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["document"]["lines"][0]["evidence"] == [first, second]


def test_bom_lines_may_not_cite_unknown_or_others_evidence(client, people):
    owner = people["owner"]["headers"]
    mine = upload(client, owner, PDF, "mine.pdf").get_json()["id"]
    theirs = upload(client, people["other_manufacturer"]["headers"], PDF, "x.pdf").get_json()["id"]
    product_id = create_product(client, owner)
    document = bom_doc(
        activity_line("a", data="primary", evidence=[mine]),
        activity_line("b", data="primary", evidence=[mine, "evd_unknown"]),
        activity_line("c", data="primary", evidence=[theirs]),
    )
    body = assert_error(post_bom(client, owner, product_id, document), 422)
    assert set(body["errors"]) == {"/lines/1/evidence/1", "/lines/2/evidence/0"}
