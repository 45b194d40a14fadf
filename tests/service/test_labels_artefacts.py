"""A label's PDF certificate, SVG label and QR code, in each status, read back independently."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from pyzbar import pyzbar
from sqlalchemy import select

from service.persistence.labels import RenderedArtefact
from tests.service.helpers import assert_error
from tests.service.label_helpers import certifiers, cheap_key_sealing, issue_for, set_status

STATUS_WORD = {"valid": None, "suspended": "Suspended", "revoked": "Revoked"}
STEPS = {"valid": [], "suspended": ["suspend"], "revoked": ["suspend", "revoke"]}


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


def _run(*args: str) -> str:
    """Run a poppler-utils tool and return its stdout."""
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout  # noqa: S603


def _png(pdf_bytes: bytes, folder, dpi: int = 150):
    pdf = folder / "certificate.pdf"
    pdf.write_bytes(pdf_bytes)
    _run(
        "pdftoppm",
        "-r",
        str(dpi),
        "-png",
        "-singlefile",
        "-f",
        "1",
        "-l",
        "1",
        str(pdf),
        str(folder / "page"),
    )
    return folder / "page.png", pdf


def _qr_from_svg(svg: bytes) -> list[str]:
    """Rasterise segno's SVG path (M/m moves, h runs of one module) and decode it with ZBar."""
    root = ET.fromstring(svg)  # noqa: S314  (the service's own output)
    size = int(float(root.get("viewBox").split()[2]) / 0.4)
    path = next(e for e in root.iter() if e.tag.endswith("path")).get("d")
    dark = set()
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(x) + i, int(y)) for i in range(int(float(a))))
            x += float(a)
    image = Image.new("L", (size, size), 255)
    image.putdata([0 if (col, row) in dark else 255 for row in range(size) for col in range(size)])
    image = image.resize((size * 8, size * 8), Image.Resampling.NEAREST)
    return [symbol.data.decode("ascii") for symbol in pyzbar.decode(image)]


@pytest.mark.parametrize("status", ["valid", "suspended", "revoked"])
def test_artefacts_in_each_status(client, make_user, headers, product_id, tmp_path, status):
    body = certifiers(make_user)
    label_id = issue_for(client, headers, product_id, body)
    for action in STEPS[status]:
        assert set_status(client, label_id, action, body["decider"]["headers"]).status_code == 200
    url = f"HTTP://GBA.TEST/L/{label_id}"
    base = f"/api/v1/labels/{label_id.lower()}"

    pdf = client.get(f"{base}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    png, pdf_path = _png(pdf.data, tmp_path)
    with Image.open(png) as page:
        grey = page.convert("L")
        assert sum(grey.histogram()[:240]) / (grey.width * grey.height) > 0.01  # not blank
        assert [s.data.decode("ascii") for s in pyzbar.decode(grey)] == [url]
    text = _run("pdftotext", str(pdf_path), "-")
    assert label_id in text
    if STATUS_WORD[status]:
        assert STATUS_WORD[status] in text

    label = client.get(f"{base}/label.svg")
    assert label.status_code == 200 and label.mimetype == "image/svg+xml"
    ET.fromstring(label.data)  # noqa: S314  (well-formed)
    # The printed artwork states the label, not its status (the QR code leads to the status).
    assert label_id.encode() in label.data

    qr = client.get(f"{base}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert _qr_from_svg(qr.data) == [url]


@pytest.mark.parametrize("kind", ["certificate.pdf", "label.svg", "qr.svg"])
def test_an_unknown_label_has_no_artefacts(client, kind):
    assert_error(client.get(f"/api/v1/labels/GBA-GDXX-2026-000001-0/{kind}"), 404)
    assert_error(client.get(f"/api/v1/labels/not-a-label/{kind}"), 404)


def _pdf_text(pdf_bytes: bytes, folder) -> str:
    path = folder / "read.pdf"
    path.write_bytes(pdf_bytes)
    return _run("pdftotext", str(path), "-")


def test_the_certificate_is_rendered_once_per_status_and_served_with_a_strong_etag(
    client, session, make_user, headers, product_id, tmp_path
):
    body = certifiers(make_user)
    label_id = issue_for(client, headers, product_id, body)
    path = f"/api/v1/labels/{label_id}/certificate.pdf"
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)  # strong (no W/), the bytes' SHA-256
    assert "no-cache" in first.headers["Cache-Control"]
    assert "public" in first.headers["Cache-Control"]
    rows = session.scalars(select(RenderedArtefact).where(RenderedArtefact.label_id == label_id))
    assert [(r.kind, r.status) for r in rows] == [("certificate.pdf", "valid")]
    # Served from the stored row on the next read.
    again = client.get(path)
    assert again.data == first.data and again.headers["ETag"] == etag
    unchanged = client.get(path, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert unchanged.headers["ETag"] == etag
    # Suspension invalidates: a new render stating the status, with a new ETag.
    assert set_status(client, label_id, "suspend", body["decider"]["headers"]).status_code == 200
    suspended = client.get(path, headers={"If-None-Match": etag})
    assert suspended.status_code == 200 and suspended.headers["ETag"] != etag
    assert "Suspended" in _pdf_text(suspended.data, tmp_path)
    # Reinstatement too: the suspended render is deleted, a valid one is stored again.
    assert set_status(client, label_id, "reinstate", body["decider"]["headers"]).status_code == 200
    reinstated = client.get(path, headers={"If-None-Match": suspended.headers["ETag"]})
    assert reinstated.status_code == 200
    assert reinstated.headers["ETag"] == etag  # the same status renders the same bytes
    assert "Suspended" not in _pdf_text(reinstated.data, tmp_path)
    rows = session.scalars(select(RenderedArtefact).where(RenderedArtefact.label_id == label_id))
    assert [r.status for r in rows] == ["valid"]


@pytest.mark.parametrize("kind", ["label.svg", "qr.svg"])
def test_svg_artefacts_answer_304_to_their_etag(client, make_user, headers, product_id, kind):
    label_id = issue_for(client, headers, product_id, certifiers(make_user))
    first = client.get(f"/api/v1/labels/{label_id}/{kind}")
    again = client.get(
        f"/api/v1/labels/{label_id}/{kind}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
