"""The certificate states the 95% interval and the PACT ratings, rounded as the interval allows."""

from __future__ import annotations

from pathlib import Path

from certificates.render import render_certificate_pdf
from certificates.render.view import LabelView
from tests.certificates.test_render_pdf import ARTIFACTS, TEMPLATES, poppler, view


def _text(pdf: bytes, name: str) -> str:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(pdf)
    return poppler("pdftotext", "-enc", "UTF-8", str(path), "-")


def _pages(name: str) -> int:
    info = poppler("pdfinfo", str(ARTIFACTS / name))
    return int(next(ln for ln in info.splitlines() if ln.startswith("Pages:")).split()[1])


def test_the_interval_and_ratings_are_on_the_one_page():
    text = _text(render_certificate_pdf(view(), TEMPLATES), "certificate-interval.pdf")
    # lowerBound 4.21337, upperBound 5.61489: width 1.4, step 0.1, rounded outwards.
    assert "Intervalo de confiança de 95 %: 4.2 \u2013 5.7 kg CO2e" in " ".join(text.split())
    assert "95% confidence interval" in text
    assert "95% 置信区间" in text and "Intervalo de confiança de 95 %" in text
    assert "PACT 2.4 / 1.7 / 1.2" in text
    assert _pages("certificate-interval.pdf") == 1


def test_a_credential_without_an_interval_renders_as_before():
    plain = view()
    assert plain.interval is not None
    older = LabelView(**{**plain.__dict__, "interval": None, "dqi": None})
    text = _text(render_certificate_pdf(older, TEMPLATES), "certificate-no-interval.pdf")
    assert "confidence interval" not in text
    assert "4.8121" in text


def test_the_view_reads_both_from_the_credential(tmp_path: Path):
    read = view()
    assert [str(b) for b in read.interval or ()] == ["4.21337", "5.61489"]
    assert [str(r) for r in read.dqi or ()] == ["2.4", "1.7", "1.2"]
