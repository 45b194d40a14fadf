"""Errors raised while rendering a label's QR code, SVG artwork and PDF certificate."""

from certificates.errors import CertificateError


class RenderError(CertificateError):
    """Base class: a label could not be rendered."""


class CredentialShapeError(RenderError):
    """The credential payload lacks a field the renderings need, or holds a malformed value."""


class QrCodeError(RenderError):
    """The verification URL does not fit an alphanumeric QR code of version 3 or lower."""


class FetchRefused(RenderError):
    """WeasyPrint asked for a resource outside the allowed local directories."""


class FontNotFound(RenderError):
    """A font file the certificate needs is in none of the given font directories."""
