"""QR codes carry the upper-case verification URL in a version 3 (or smaller) symbol."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from pyzbar import pyzbar

from certificates.render import QrCodeError, qr_matrix, qr_svg, qr_svg_file
from certificates.render.qr import QUIET_ZONE, make_qr
from certificates.render.specimen import SPECIMEN_URL

UPPER = "HTTPS://GBA.EXAMPLE/L/GBA-SZ-2026-000042-7"


def decode_matrix(matrix: list[list[bool]], scale: int = 8) -> list[str]:
    """Draw the modules with Pillow and decode them with ZBar (an independent decoder)."""
    size = len(matrix)
    image = Image.new("L", (size, size), 255)
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    image = image.resize((size * scale, size * scale), Image.Resampling.NEAREST)
    return [symbol.data.decode("ascii") for symbol in pyzbar.decode(image)]


def test_qr_decodes_to_the_upper_case_url():
    assert decode_matrix(qr_matrix(SPECIMEN_URL)) == [UPPER]


def test_qr_is_version_3_or_smaller_alphanumeric_at_level_m_or_better():
    code = make_qr(SPECIMEN_URL)
    assert int(code.version) <= 3
    assert code.mode == "alphanumeric"
    assert code.error in ("M", "Q", "H")
    matrix = qr_matrix(SPECIMEN_URL)
    assert len(matrix) == 17 + 4 * int(code.version) + 2 * QUIET_ZONE  # ISO/IEC 18004, 5.3.1
    assert not any(matrix[0]) and not any(row[0] for row in matrix)  # quiet zone is light


def test_shorter_urls_still_decode():
    url = "https://gba.example/l/GBA-HK-2027-000001-3"
    assert decode_matrix(qr_matrix(url)) == [url.upper()]


def test_url_too_long_for_version_3_is_refused():
    url = "https://certification-body.gba.example/labels/GBA-SZ-2026-000042-7"
    with pytest.raises(QrCodeError, match="version 3"):
        qr_matrix(url)


def test_characters_outside_the_alphanumeric_set_are_refused():
    with pytest.raises(QrCodeError, match="alphanumeric"):
        qr_svg("https://gba.example/l/GBA?lang=en")


def test_inline_svg_has_no_xml_declaration_and_parses():
    svg = qr_svg(SPECIMEN_URL)
    assert svg.startswith("<svg")
    root = ET.fromstring(svg)  # noqa: S314  (our own output)
    assert root.get("viewBox") == "0 0 37 37"  # 29 modules + 2 x 4 quiet zone


def test_standalone_svg_is_a_sized_document():
    svg = qr_svg_file(SPECIMEN_URL)
    assert svg.startswith("<?xml")
    root = ET.fromstring(svg.encode())  # noqa: S314  (our own output)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width", "").endswith("mm")
