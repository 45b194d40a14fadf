"""The app bench/verify.py serves under gunicorn: create_app plus a bare endpoint.

The bare endpoint is registered here only, never in the service: it answers a constant
through the same app, WSGI stack and gunicorn settings, so it is the floor of any request.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask

from service import create_app


def bench_app() -> Flask:
    """Return the service's app (settings from the environment) with /bench/bare added."""
    app = create_app()
    app.add_url_rule("/bench/bare", "bench_bare", lambda: {"ok": True})
    return app
