"""The PDF certificate: fonts embedded, CJK text extractable, QR code readable from the page."""

from __future__ import annotations

import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from PIL import Image
from pyzbar import pyzbar

from certificates.render import (
    FetchRefused,
    FontNotFound,
    LabelView,
    RenderError,
    render_certificate_pdf,
)
from certificates.render.certificate_pdf import LocalOnlyFetcher
from certificates.render.specimen import SPECIMEN_URL, specimen_credential

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates" / "documents"
ARTIFACTS = ROOT / "test-artifacts"


def poppler(*args: str) -> str:
    """Run a poppler-utils tool (Debian poppler-utils; `make system-packages`) and return stdout."""
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout  # noqa: S603


def page_png(pdf: Path, dpi: int, page: int = 1) -> Path:
    """Rasterise one page of a PDF with pdftoppm and return the PNG path."""
    stem = pdf.with_name(f"{pdf.stem}-{dpi}dpi")
    poppler(
        "pdftoppm",
        "-r",
        str(dpi),
        "-png",
        "-singlefile",
        "-f",
        str(page),
        "-l",
        str(page),
        str(pdf),
        str(stem),
    )
    return stem.with_suffix(".png")


def ink_share(png: Path) -> float:
    """Return the share of pixels that are not (near) white."""
    with Image.open(png) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    return sum(histogram[:240]) / (grey.width * grey.height)


def qr_texts(png: Path) -> list[str]:
    """Decode every QR code on an image with ZBar."""
    with Image.open(png) as image:
        return [symbol.data.decode("ascii") for symbol in pyzbar.decode(image.convert("L"))]


def fonts_of(pdf: Path) -> list[tuple[str, str]]:
    """Return (name, embedded) for every font pdffonts lists."""
    lines = poppler("pdffonts", str(pdf)).splitlines()[2:]
    return [(line.split()[0], line[line.index("Identity-H") + 17 :].split()[0]) for line in lines]


def view(**subject_changes: object) -> LabelView:
    """Return the specimen label, optionally with changed credentialSubject fields."""
    payload = specimen_credential()
    payload["credentialSubject"].update(subject_changes)
    return LabelView.from_credential(payload, "valid", SPECIMEN_URL)


@pytest.fixture(scope="module")
def certificate() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "certificate.pdf"
    path.write_bytes(render_certificate_pdf(view(), TEMPLATES))
    return path


def test_is_a_one_page_pdf(certificate: Path):
    assert certificate.read_bytes().startswith(b"%PDF-")
    assert "Pages:           1" in poppler("pdfinfo", str(certificate))


def test_page_is_not_blank(certificate: Path):
    assert ink_share(page_png(certificate, 50)) > 0.01


def test_qr_on_the_page_decodes_to_the_verification_url(certificate: Path):
    assert qr_texts(page_png(certificate, 150)) == [SPECIMEN_URL.upper()]


def test_text_holds_the_label_in_four_languages(certificate: Path):
    text = poppler("pdftotext", "-enc", "UTF-8", str(certificate), "-")
    for expected in (
        "GBA-SZ-2026-000042-7",
        "4.8121",
        "碳足迹",
        "碳足跡",
        "Carbon Footprint Label Certificate",
        "Certificado de Rótulo de Pegada de Carbono",
        "移动电源",
        "流動電源",
        "Carregador portátil",
        "CNAS C123-P",
        "2028-11-25",
        "ISO 14067:2018",
        "45.72 %",
    ):
        assert expected in text, expected


def test_every_font_is_embedded_and_is_the_one_passed_in(certificate: Path):
    fonts = fonts_of(certificate)
    assert fonts
    assert all(embedded == "yes" for _, embedded in fonts), fonts
    assert all("Certificate-Sans" in name for name, _ in fonts), fonts


def test_hostile_product_names_are_text_not_markup(tmp_path: Path):
    hostile = specimen_credential()["credentialSubject"]["product"]
    hostile["productName"]["en"] = "<b>Bold & </p><script>x</script>"
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(render_certificate_pdf(view(product=hostile), TEMPLATES))
    text = poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    assert "<b>Bold & </p><script>x</script>" in text


def test_rendering_is_repeatable():
    assert render_certificate_pdf(view(), TEMPLATES) == render_certificate_pdf(view(), TEMPLATES)


def test_missing_fonts_fail_naming_the_package(tmp_path: Path):
    with pytest.raises(FontNotFound, match="fonts-noto-cjk"):
        render_certificate_pdf(view(), TEMPLATES, font_dirs=[tmp_path])


def test_missing_local_files_stop_rendering(tmp_path: Path):
    (tmp_path / "certificate.html").write_text('<link rel="stylesheet" href="gone.css">')
    with pytest.raises(RenderError, match=r"gone\.css"):
        render_certificate_pdf(view(), tmp_path)


def test_templates_cannot_reach_the_network(tmp_path: Path):
    (tmp_path / "certificate.html").write_text(
        '<p>x</p><img src="https://gba.example/tracker.png">', encoding="utf-8"
    )
    with pytest.raises(FetchRefused, match="only file: and data:"):
        render_certificate_pdf(view(), tmp_path)


@pytest.mark.parametrize(
    "url",
    ["http://gba.example/x.css", "file:///etc/passwd", "file://host/share/x.css", "ftp://x/y"],
)
def test_fetcher_refuses_everything_outside_its_roots(url: str):
    with pytest.raises(FetchRefused):
        LocalOnlyFetcher([TEMPLATES]).fetch(url)


def test_fetcher_serves_files_under_its_roots_and_data_urls():
    fetcher = LocalOnlyFetcher([TEMPLATES])
    with closing(fetcher.fetch((TEMPLATES / "certificate.css").as_uri())) as response:
        assert b"@page" in response.read()
    with closing(fetcher.fetch("data:text/plain,ok")) as response:
        assert response.read() == b"ok"


def test_uncovered_pollutants_say_so_instead_of_zero(tmp_path: Path):
    coverage = {"nox": "0.2832", "so2": "1", "pm25": "0", "nmvoc": "0"}
    pdf = tmp_path / "coverage.pdf"
    pdf.write_bytes(render_certificate_pdf(view(airPollutantCoverage=coverage), TEMPLATES))
    text = " ".join(poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-").split())
    assert "not covered" in text and "未覆盖" in text and "未覆蓋" in text
    # NOx comes from lines making up 28.32% of the footprint: partial, floored to 28 %
    assert "partial · parcial 28 %" in text
    assert "Pages:           1" in poppler("pdfinfo", str(pdf))


def test_a_label_with_a_predecessor_states_its_change_on_one_page(tmp_path: Path):
    change = {
        "previousLabelId": "GBA-SZ-2025-000007-3",
        "co2eReduction": "0.12",
        "pollutantChanges": {
            "nox": {"reduction": "0.3", "classification": "synergy"},
            "so2": {"reduction": "-0.05", "classification": "trade_off"},
            "pm25": {},
            "nmvoc": {"reduction": "0", "classification": "carbon_only"},
        },
    }
    pdf = tmp_path / "change.pdf"
    pdf.write_bytes(render_certificate_pdf(view(changeSincePreviousLabel=change), TEMPLATES))
    text = poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    assert "Pages:           1" in poppler("pdfinfo", str(pdf))
    # A reduction of 0.12 is a change of -12 %; -0.05 is a rise of +5 %; PM2.5 states nothing.
    for expected in (
        "GBA-SZ-2025-000007-3",
        "\u221212 %",
        "\u221230 %",
        "+5 %",
        "synergy",
        "协同减排",
    ):
        assert expected in text, expected
    assert "PM2.5 \u2212" not in text and "PM2.5 +" not in text


def test_a_malformed_change_is_a_shape_error():
    with pytest.raises(RenderError):
        view(changeSincePreviousLabel={"previousLabelId": "X", "pollutantChanges": []})


def test_a_revoked_certificate_says_so_and_drops_its_expiry(tmp_path: Path):
    payload = specimen_credential()
    pdf = tmp_path / "revoked.pdf"
    pdf.write_bytes(
        render_certificate_pdf(
            LabelView.from_credential(payload, "revoked", SPECIMEN_URL), TEMPLATES
        )
    )
    text = poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    assert "Pages:           1" in poppler("pdfinfo", str(pdf))
    # Stated by the status box and again where the expiry stood (the diagonal watermark is
    # rotated text, which pdftotext leaves out).
    assert text.count("Revoked") >= 2 and text.count("已撤销") >= 2
    assert "2028-11-25" not in text  # "valid until" is gone; the issue date stays
    assert "2026-11-25" in text
