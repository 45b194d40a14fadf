"""The public verification page of a label (the QR code's target): no sign-in, four languages.

Its words live here and in templates/web/public/, so the Portuguese catalogue, which only the
public pages use, can be checked for exactly these texts.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext

from service.services.labels import public_pages
from service.web.blueprint import web
from service.web.context import db, issuer
from service.web.i18n import PUBLIC_SWITCHER
from service.web.labels import BOUNDARIES, POLLUTANTS
from service.web.resolver import HTML_TYPE, linkset_header, machine_answer, wanted

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

# How a pollutant moved with CO2e since the product's previous label (synergy assessment).
CHANGES = {
    "synergy": lazy_gettext("both fell: synergy"),
    "carbon_only": lazy_gettext("carbon fell, this pollutant did not"),
    "pollution_only": lazy_gettext("this pollutant fell, carbon did not"),
    "trade_off": lazy_gettext("one rose while the other fell"),
    "neither": lazy_gettext("neither fell"),
}


def change_text(reduction: str | None) -> str:
    """Return a reduction as a signed change for people: "0.25" -> "-25%", "-0.1" -> "+10%".

    The minus is the typographic MINUS SIGN (U+2212), which never breaks from its number.
    """
    if reduction is None:
        return ""
    try:
        change = -Decimal(reduction) * 100
    except InvalidOperation:
        return ""
    rounded = (
        change.quantize(Decimal("1")) if abs(change) >= 10 else change.quantize(Decimal("0.1"))
    )
    sign = "\u2212" if rounded < 0 else "+" if rounded > 0 else "\u00b1"
    return f"{sign}{abs(rounded)}%"


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
            "changes": CHANGES,
        },
        change_text=change_text,
        public_languages=PUBLIC_SWITCHER,
        **context,
    )


@web.get("/L/<label_id>")  # the QR code's upper-case URL (registered second: links use /l/)
@web.get("/l/<label_id>")
def public_label(label_id: str) -> ResponseReturnValue:
    """Show a label's verdict and statements to anyone; unknown IDs get a 404 page.

    Machines asking for a linkset or a vc+jwt credential get those instead (resolver).
    """
    media_type = wanted()
    if media_type != HTML_TYPE:
        return machine_answer(label_id, media_type)
    found = public_pages.label_page(db(), issuer(), label_id)
    if found is None:
        return _page(label=None, asked=label_id[:64]), 404, {"Vary": "Accept"}
    headers = {"Vary": "Accept", "Link": linkset_header(f"/l/{found['label_id']}?linkType=all")}
    return _page(label=found, asked=label_id), 200, headers
