"""Evidence on the application pages: upload with flash messages, list, download, visibility."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.service.web_world import World, build_world, csrf_of, sign_in_as

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture()
def world(app: Flask, session: Session, make_user: Callable[..., dict[str, Any]]) -> World:
    """The users and the submitted application (with one CSV of meter readings)."""
    return build_world(app, session, make_user)


def _upload(client: FlaskClient, world: World, name: str, content: bytes) -> Any:
    token = csrf_of(client)
    sign_in_as(client, world, "manufacturer")
    back = f"/applications/{world.application_id}"
    return client.post(
        f"{back}/evidence",
        data={"csrf_token": token, "back": back, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_upload_lists_and_downloads_the_file(client: FlaskClient, world: World):
    response = _upload(client, world, "audit report.pdf", PDF)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Evidence audit report.pdf stored." in page
    assert hashlib.sha256(PDF).hexdigest() in page
    assert f"{len(PDF)} B" in page and "meter.csv" in page
    link = page.split('href="/evidence/')[2].split('"')[0]  # [1] is the world's meter.csv
    download = client.get(f"/evidence/{link}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Digest"] == f"sha-256={hashlib.sha256(PDF).hexdigest()}"


def test_the_reviewer_sees_the_same_evidence(client: FlaskClient, world: World):
    _upload(client, world, "report.pdf", PDF)
    sign_in_as(client, world, "reviewer")
    page = client.get(f"/applications/{world.application_id}").get_data(as_text=True)
    assert "report.pdf" in page and "meter.csv" in page
    assert hashlib.sha256(PDF).hexdigest() in page
    assert 'action="/applications/' not in page.split('id="evidence"')[1].split("</section>")[0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", PDF, "must be a PDF, PNG, JPEG or CSV whose name matches its content"),
        ("tool.exe", b"MZ\x00\x00", "must be a PDF, PNG, JPEG or CSV"),
        ("empty.csv", b"", "is empty"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "file: must be at most 10 MB"),
        ("huge.pdf", PDF + b"0" * (11 * 1024 * 1024), "evidence may be at most 10 MB"),
    ],
)
def test_refused_uploads_are_flash_messages(client, world, name, content, message):
    response = _upload(client, world, name, content)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<p class="flash error" role="alert">' in page and message in page
    assert name not in page.split('id="evidence"')[1].split("</section>")[0]


def test_a_file_under_10_mb_but_over_2_mb_is_accepted(client, world):
    big = PDF + b"0" * (3 * 1024 * 1024)
    page = _upload(client, world, "scan.pdf", big).get_data(as_text=True)
    assert "Evidence scan.pdf stored." in page and "3.0 MB" in page
