"""The printed label artwork: a 50 x 30 mm SVG with the footprint, its scope and the QR code."""

from __future__ import annotations

import re
from html import escape

from certificates.render.qr import qr_svg
from certificates.render.texts import (
    BOUNDARY_TERMS,
    STATUS_TERMS,
    date_text,
    decimal_text,
    term,
)
from certificates.render.view import LabelView

# Artwork size in millimetres; one viewBox unit is one millimetre.
WIDTH_MM = 50.0
HEIGHT_MM = 30.0
MARGIN_MM = 2.0
# QR code box including its 4-module quiet zone: 15 mm puts the 29-module version 3 symbol at
# about 11.8 mm (LABELS.md: "fits QR version 3 at about 12 mm").
QR_BOX_MM = 15.0
FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans', sans-serif"
INK = "#1b4332"
# A label not in force: its figure is greyed and struck, its status stated in red.
VOID_INK = "#9ca3af"
ALERT = "#b91c1c"
IN_FORCE = "valid"
# Hong Kong and Macao write Traditional Chinese (zh-Hant); Guangdong Simplified.
TRADITIONAL_JURISDICTIONS = frozenset({"HK", "MO"})
# Advance widths in em used to shrink a line that would overflow: CJK ideographs are full-width
# (1 em); 0.6 em is a safe upper bound for Noto Sans Latin glyphs.
WIDE_EM = 1.0
NARROW_EM = 0.6
# Characters XML 1.0 forbids (section 2.2, "Characters"), removed before escaping.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Escape text for XML content or a quoted attribute, dropping characters XML forbids."""
    return escape(_XML_INVALID.sub("", text), quote=True)


def text_width(text: str, size: float) -> float:
    """Estimate a line's width from its character classes (an upper bound, not a measurement)."""
    return sum(size * (WIDE_EM if ord(ch) >= 0x2E80 else NARROW_EM) for ch in text)


def fit_size(text: str, size: float, width: float) -> float:
    """Return the font size, at most size, at which the line fits the given width."""
    estimated = text_width(text, size)
    return size if estimated <= width else round(size * width / estimated, 2)


def _line(x: float, y: float, text: str, size: float, width: float, weight: str = "normal") -> str:
    """Return one escaped text element, shrunk to fit width."""
    fitted = fit_size(text, size, width)
    return (
        f'<text x="{x}" y="{y}" font-size="{fitted}" font-weight="{weight}">{xml_text(text)}</text>'
    )


def _qr(url: str, x: float, y: float, size: float) -> str:
    """Return the QR code as a nested svg element placed at x, y with the given size."""
    inline = qr_svg(url)
    return inline.replace("<svg ", f'<svg x="{x}" y="{y}" width="{size}" height="{size}" ', 1)


def _status_line(view: LabelView, left: float, full: float, traditional: bool) -> str:
    """Return the validity line: "valid until" while in force, the status in red otherwise."""
    if view.status == IN_FORCE:
        return _line(left, 22.6, f"有效期至 Valid until {date_text(view.valid_until)}", 1.7, full)
    word = term(STATUS_TERMS, view.status)
    chinese = word.zh_hant if traditional else word.zh_hans
    text = f"{chinese} {word.en.upper()}"
    return (
        f'<g fill="{ALERT}">{_line(left, 22.6, text, 2.2, full, "bold")}</g>'
        f'<rect x="0.25" y="0.25" width="{WIDTH_MM - 0.5}" height="{HEIGHT_MM - 0.5}" rx="1.5" '
        f'fill="none" stroke="{ALERT}" stroke-width="0.6"/>'
    )


def label_svg(view: LabelView) -> str:
    """Return the label artwork as a standalone SVG document: all text as text, nothing fetched.

    A suspended, revoked or expired label says so in red where "valid until" stood, and its
    figure is greyed and struck through, so a printed copy cannot pass for a label in force.
    """
    left = MARGIN_MM
    qr_x = WIDTH_MM - QR_BOX_MM - 0.5
    beside_qr = qr_x - left  # width of the lines left of the QR code
    full = WIDTH_MM - 2 * MARGIN_MM
    traditional = view.body_jurisdiction in TRADITIONAL_JURISDICTIONS
    in_force = view.status == IN_FORCE
    value = decimal_text(view.pcf_excluding_biogenic_uptake)
    unit = (
        f" {view.unit_of_measurement} / {decimal_text(view.declared_amount)} {view.declared_unit}"
    )
    value_size = fit_size(value, 5.0, beside_qr * 0.45)
    unit_size = fit_size(unit, 1.9, beside_qr - text_width(value, value_size))
    boundary = term(BOUNDARY_TERMS, view.system_boundary)
    names = view.product_names
    chinese_name = names.get("zh-Hant" if traditional else "zh-Hans") or names["zh-Hans"]
    heading = "碳足跡 Carbon Footprint" if traditional else "碳足迹 Carbon Footprint"
    boundary_words = boundary.zh_hant if traditional else boundary.zh_hans
    figure_ink = INK if in_force else VOID_INK
    figure_width = text_width(value, value_size) + text_width(unit, unit_size)
    strike = (
        ""
        if in_force
        else f'<line x1="{left}" y1="9.2" x2="{left + min(figure_width, beside_qr)}" y2="9.2" '
        f'stroke="{ALERT}" stroke-width="0.45"/>'
    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH_MM}mm" height="{HEIGHT_MM}mm" '
        f'viewBox="0 0 {WIDTH_MM} {HEIGHT_MM}" font-family="{FONT_FAMILY}" fill="{INK}" '
        f'role="img" aria-labelledby="label-title" data-status="{xml_text(view.status)}">',
        f'<title id="label-title">{xml_text(f"Carbon footprint label {view.label_id}")}</title>',
        f'<rect x="0.25" y="0.25" width="{WIDTH_MM - 0.5}" height="{HEIGHT_MM - 0.5}" rx="1.5" '
        f'fill="#ffffff" stroke="{INK}" stroke-width="0.35"/>',
        _line(left, 4.6, heading, 2.6, beside_qr, "bold"),
        f'<text x="{left}" y="10.6" font-weight="bold" fill="{figure_ink}">'
        f'<tspan font-size="{value_size}">{xml_text(value)}</tspan>'
        f'<tspan font-size="{unit_size}" font-weight="normal">{xml_text(unit)}</tspan></text>',
        strike,
        _line(left, 13.6, f"{chinese_name} {names['en']}", 1.9, beside_qr),
        _line(
            left, 16.4, f"{boundary_words} {boundary.en} ({view.system_boundary})", 1.6, beside_qr
        ),
        _line(left, 19.6, view.issuer_name, 1.7, full),
        _status_line(view, left, full, traditional),
        f'<line x1="{left}" y1="24.4" x2="{WIDTH_MM - MARGIN_MM}" y2="24.4" '
        f'stroke="{INK}" stroke-width="0.15"/>',
        _line(left, 27.4, view.label_id, 2.2, full, "bold"),
        _qr(view.verification_url, qr_x, 0.8, QR_BOX_MM),
        "</svg>",
    ]
    return "\n".join(part for part in parts if part) + "\n"
