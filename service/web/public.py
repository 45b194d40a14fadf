"""The public verification page of a label (the QR code's target): no sign-in, four languages.

Its words live here and in templates/web/public/, so the Portuguese catalogue, which only the
public pages use, can be checked for exactly these texts.
"""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext

from service.services.labels import public_pages
from service.web.blueprint import web
from service.web.context import db, issuer
from service.web.i18n import PUBLIC_SWITCHER
from service.web.labels import BOUNDARIES, POLLUTANTS

# Each verdict: its word, a sentence under it, and the colour class (green, amber, red, grey).
VERDICTS = {
    "valid": (
        lazy_gettext("Valid"),
        lazy_gettext("This label was issued by a recognised certification body and is in force."),
    ),
    "suspended": (
        lazy_gettext("Suspended"),
        lazy_gettext("The certification body has suspended this label for now."),
    ),
    "revoked": (
        lazy_gettext("Revoked"),
        lazy_gettext("The certification body has withdrawn this label for good."),
    ),
    "expired": (
        lazy_gettext("Expired"),
        lazy_gettext("This label is past its expiry date."),
    ),
    "unknown": (
        lazy_gettext("Unknown label"),
        lazy_gettext("No label with this ID was issued here. Check the ID on the product."),
    ),
}
PARTS = {
    "fossilGhgEmissions": lazy_gettext("Fossil"),
    "biogenicEmissions": lazy_gettext("Biogenic"),
    "landUseChangeGhgEmissions": lazy_gettext("Land-use change"),
    "biogenicUptake": lazy_gettext("Biogenic uptake (reported apart)"),
}
PLACES = {
    "CN-GD": lazy_gettext("Guangdong"),
    "HK": lazy_gettext("Hong Kong"),
    "MO": lazy_gettext("Macao"),
}
UNITS = {
    "piece": lazy_gettext("piece"),
    "kg": "kg",
    "kWh": "kWh",
    "l": lazy_gettext("litre"),
    "litre": lazy_gettext("litre"),
    "m2": "m²",
}
PURPOSES = {
    "revocation": lazy_gettext("Revocation status list"),
    "suspension": lazy_gettext("Suspension status list"),
}


def words(table: dict[str, Any], code: str | None) -> str:
    """Return the translated name of a code, or the code itself when it has none."""
    return "" if code is None else str(table.get(code, code))


def _page(**context: Any) -> str:
    return render_template(
        "web/public/label.html",
        verdicts=VERDICTS,
        words=words,
        tables={
            "boundaries": BOUNDARIES,
            "parts": PARTS,
            "pollutants": POLLUTANTS,
            "places": PLACES,
            "units": UNITS,
            "purposes": PURPOSES,
        },
        public_languages=PUBLIC_SWITCHER,
        **context,
    )


@web.get("/L/<label_id>")  # the QR code's upper-case URL (registered second: links use /l/)
@web.get("/l/<label_id>")
def public_label(label_id: str) -> ResponseReturnValue:
    """Show a label's verdict and statements to anyone; unknown IDs get a 404 page."""
    found = public_pages.label_page(db(), issuer(), label_id)
    if found is None:
        return _page(label=None, asked=label_id[:64]), 404
    return _page(label=found, asked=label_id)
