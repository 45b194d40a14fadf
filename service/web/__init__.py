"""Server-rendered web pages (templates/web/): sign-in, manufacturer and certifier portals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from flask import Flask, session
from flask_babel import Babel, lazy_gettext

from service.web import labels
from service.web.charts import contribution_chart
from service.web.context import EMAIL_KEY, ROLE_KEY
from service.web.csrf import csrf_token
from service.web.errors import pages_for_unrouted
from service.web.i18n import SWITCHER, current_tag, localised, select_locale

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


# Guangdong, Hong Kong and Macao all keep UTC+8 without daylight saving (China Standard Time,
# Hong Kong Time, Macau Standard Time), so one fixed offset shows local time for the whole GBA.
GBA_ZONE = timezone(timedelta(hours=8), "UTC+8")


def _time(moment: datetime | None) -> str:
    """Show a stored UTC time to the minute in the GBA's zone, naming the zone."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(GBA_ZONE).strftime("%Y-%m-%d %H:%M UTC+8")


def _template_helpers() -> dict[str, Any]:
    """Return what every page template may use."""
    return {
        "csrf_token": csrf_token,
        "current_tag": current_tag,
        "languages": SWITCHER,
        "localised": localised,
        "labels": labels,
        "name_of": labels.name_of,
        "percent": labels.percent,
        "flag_message": labels.flag_message,
        "pollutant_amount": labels.pollutant_amount,
        "warning_message": labels.warning_message,
        "file_size": labels.file_size,
        "chart": contribution_chart,
        "fmt_time": _time,
        "account": {"email": session.get(EMAIL_KEY), "role": session.get(ROLE_KEY)},
        "site_name": lazy_gettext("GBA Carbon Footprint Labels"),
    }


def register_web(app: Flask) -> None:
    """Register the pages, their languages, cookie settings and error pages (after the API)."""
    from service.web import (  # noqa: F401  (they add routes)
        applications,
        evidence_pages,
        label_pages,
        library_updates,
        products,
        public,
        public_register,
        sign_in,
        synergy_pages,
    )
    from service.web.blueprint import web

    production = app.extensions["gba"].settings.environment == "production"
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS),
    )
    Babel(app, locale_selector=select_locale, default_locale="en")
    app.register_blueprint(web)
    app.context_processor(_template_helpers)
    pages_for_unrouted(app)
