"""The label artwork: well-formed SVG, every text escaped, the QR code readable once printed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from weasyprint import HTML

from certificates.render import LabelView, label_svg
from certificates.render.specimen import SPECIMEN_URL, specimen_credential
from tests.certificates.test_render_pdf import ARTIFACTS, fonts_of, ink_share, page_png, qr_texts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """Parse SVG this package wrote (not untrusted input)."""
    return ET.fromstring(svg.encode("utf-8"))  # noqa: S314  (our own output, parsed to check it)


def view(names: dict[str, str] | None = None, **subject: object) -> LabelView:
    """Return the specimen label with other product names or subject fields."""
    payload = specimen_credential()
    payload["credentialSubject"].update(subject)
    if names:
        payload["credentialSubject"]["product"]["productName"].update(names)
    return LabelView.from_credential(payload, "valid", SPECIMEN_URL)


def texts(svg: str) -> list[str]:
    """Return the full text of every text element."""
    root = parse(svg)
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_is_a_50_by_30_mm_svg_document():
    root = parse(label_svg(view()))
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "50.0mm",
        "30.0mm",
        "0 0 50.0 30.0",
    )
    assert "Noto Sans CJK SC" in root.get("font-family", "")


def test_states_value_unit_boundary_id_issuer_and_expiry():
    lines = texts(label_svg(view()))
    assert "碳足迹 Carbon Footprint" in lines
    assert "4.8121 kg CO2e / 1 piece" in lines
    assert any("cradle-to-gate" in line for line in lines)
    assert "GBA-SZ-2026-000042-7" in lines
    assert "Shenzhen Certification Body" in lines
    assert any("2028-11-25" in line for line in lines)


def test_everything_is_text_and_nothing_is_fetched():
    svg = label_svg(view())
    assert not re.search(r"href|<image|url\(|@import", svg)
    root = parse(svg)
    assert root.find(f"{SVG}svg") is not None  # the QR code, nested


@pytest.mark.parametrize(
    "hostile",
    ['<script>alert("x")</script>', "A & B <C> \"D\" 'E'", "]]><!-- -->", "zero\x00byte\x1b"],
)
def test_hostile_product_names_are_escaped(hostile: str):
    lines = texts(label_svg(view({"zh-Hans": hostile, "en": hostile})))
    expected = re.sub("[\x00-\x1f]", "", hostile)
    assert f"{expected} {expected}" in lines


def test_long_lines_shrink_instead_of_overflowing():
    svg = label_svg(view({"zh-Hans": "超长的产品名称" * 6, "en": "Very long product name " * 4}))
    root = parse(svg)
    sizes = [float(t.get("font-size", "9")) for t in root.iter(f"{SVG}text") if t.get("font-size")]
    assert min(sizes) < 1.0


def test_printed_label_shows_a_readable_qr_code():
    ARTIFACTS.mkdir(exist_ok=True)
    svg = label_svg(view())
    (ARTIFACTS / "label.svg").write_text(svg, encoding="utf-8")
    page = "@page { size: 50mm 30mm; margin: 0 } body { margin: 0 } svg { display: block }"
    html = f"<style>{page}</style>{svg.split('?>', 1)[1]}"
    pdf = ARTIFACTS / "label.pdf"
    pdf.write_bytes(HTML(string=html).write_pdf())
    assert all(embedded == "yes" for _, embedded in fonts_of(pdf))
    png = page_png(pdf, 600)
    assert ink_share(png) > 0.05
    assert qr_texts(png) == [SPECIMEN_URL.upper()]


@pytest.mark.parametrize(
    ("status", "words"),
    [("revoked", "已撤销 REVOKED"), ("suspended", "暂停 SUSPENDED"), ("expired", "已过期 EXPIRED")],
)
def test_a_label_not_in_force_says_so_and_strikes_its_figure(status, words):
    payload = specimen_credential()
    svg = label_svg(LabelView.from_credential(payload, status, SPECIMEN_URL))
    root = parse(svg)
    assert root.get("data-status") == status
    lines = texts(svg)
    assert words in lines
    assert not any("Valid until" in line for line in lines)
    figure = next(e for e in root.iter(f"{SVG}text") if "4.8121" in "".join(e.itertext()))
    assert figure.get("fill") == "#9ca3af"  # greyed
    assert any(e.get("stroke") == "#b91c1c" for e in root.iter(f"{SVG}line"))  # struck


def test_a_valid_label_states_its_expiry_and_no_status_mark():
    svg = label_svg(view())
    assert any("Valid until 2028-11-25" in line for line in texts(svg))
    assert not any(e.get("stroke") == "#b91c1c" for e in parse(svg).iter(f"{SVG}line"))


def test_hong_kong_and_macao_bodies_get_traditional_chinese_artwork():
    payload = specimen_credential()
    payload["credentialSubject"]["certificationBody"]["jurisdiction"] = "HK"
    lines = texts(label_svg(LabelView.from_credential(payload, "revoked", SPECIMEN_URL)))
    assert "碳足跡 Carbon Footprint" in lines
    assert any(line.startswith("流動電源") for line in lines)
    assert "已撤銷 REVOKED" in lines
