"""Human artefacts of a signed label: QR code, SVG label artwork and PDF certificate."""

from certificates.render.certificate_pdf import DEFAULT_FONT_DIRS, render_certificate_pdf
from certificates.render.errors import (
    CredentialShapeError,
    FetchRefused,
    FontNotFound,
    QrCodeError,
    RenderError,
)
from certificates.render.label_svg import label_svg
from certificates.render.qr import qr_matrix, qr_png_file, qr_svg, qr_svg_file
from certificates.render.view import Contribution, LabelView

__all__ = [
    "DEFAULT_FONT_DIRS",
    "Contribution",
    "CredentialShapeError",
    "FetchRefused",
    "FontNotFound",
    "LabelView",
    "QrCodeError",
    "RenderError",
    "label_svg",
    "qr_matrix",
    "qr_png_file",
    "qr_svg",
    "qr_svg_file",
    "render_certificate_pdf",
]
