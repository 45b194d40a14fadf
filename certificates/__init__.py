"""Signed labels: keys, credentials, status lists, log, QR, SVG and PDF (issue 4)."""
