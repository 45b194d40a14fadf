"""QR codes carrying the short upper-case verification URL (LABELS.md, "QR code and pages")."""

from __future__ import annotations

import io

import segno
from segno.encoder import DataOverflowError

from certificates.render.errors import QrCodeError

# Largest QR version allowed: version 3 (29 x 29 modules) prints at about 12 mm (LABELS.md).
MAX_VERSION = 3
# Minimum error correction level; segno raises it to Q or H when the data still fits the same
# version (ISO/IEC 18004:2015, 7.5.1: level M recovers about 15 % of codewords).
MIN_ERROR = "M"
# Quiet zone around the symbol, in modules (ISO/IEC 18004:2015, 6.3.8: four modules wide).
QUIET_ZONE = 4
# Version 3 alphanumeric capacity at level M (ISO/IEC 18004:2015, Table 7): 61 characters.
MAX_CHARS_V3_M = 61
# The alphanumeric mode character set (ISO/IEC 18004:2015, Table 5).
ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def qr_content(url: str) -> str:
    """Return what the QR code carries: the URL upper-cased, so it encodes in alphanumeric mode."""
    content = url.upper()
    bad = sorted(set(content) - ALPHANUMERIC)
    if bad:
        raise QrCodeError(
            f"verification URL {url!r} has characters outside the QR alphanumeric set: {bad!r}"
        )
    return content


def make_qr(url: str) -> segno.QRCode:
    """Encode the upper-cased URL in the smallest QR version (at most 3), at level M or better."""
    content = qr_content(url)
    try:
        code = segno.make(
            content, error=MIN_ERROR, boost_error=True, micro=False, mode="alphanumeric"
        )
    except DataOverflowError:  # longer than any QR version holds
        code = None
    if code is None or int(code.version) > MAX_VERSION:
        raise QrCodeError(
            f"verification URL {content!r} has {len(content)} characters; a version "
            f"{MAX_VERSION} QR code at level {MIN_ERROR} holds at most {MAX_CHARS_V3_M}"
        )
    return code


def qr_svg(url: str) -> str:
    """Return the QR code as SVG text to inline in HTML or another SVG (no XML declaration)."""
    svg: str = make_qr(url).svg_inline(border=QUIET_ZONE, omitsize=True, svgclass="qr")
    return svg


def qr_svg_file(url: str, module_mm: float = 0.4) -> str:
    """Return the QR code as a standalone SVG document sized in millimetres."""
    buffer = io.BytesIO()
    make_qr(url).save(
        buffer, kind="svg", border=QUIET_ZONE, scale=module_mm, unit="mm", xmldecl=True
    )
    return buffer.getvalue().decode("utf-8")


def qr_png_file(url: str, dots_per_module: int = 10) -> bytes:
    """Return the QR code as a PNG (10 pixels a module: about 12 mm wide at 600 dpi)."""
    buffer = io.BytesIO()
    make_qr(url).save(buffer, kind="png", border=QUIET_ZONE, scale=dots_per_module)
    return buffer.getvalue()


def qr_matrix(url: str) -> list[list[bool]]:
    """Return the QR modules (True = dark), quiet zone included, for tests and custom drawing."""
    return [[bool(module) for module in row] for row in make_qr(url).matrix_iter(border=QUIET_ZONE)]
