"""The public register: look a label up by the ID on the product, or browse the directory.

Public pages like the label page (four languages, no sign-in); their words are checked in the
Portuguese catalogue with the label page's.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext

from service.services.labels import registry_search
from service.web.blueprint import web
from service.web.context import db
from service.web.i18n import PUBLIC_SWITCHER

PROBLEMS = {
    "malformed": lazy_gettext(
        "This is not a label ID. A label ID looks like GBA-GDSZ-2026-000042-7: "
        "please re-type it from the product."
    ),
    "check_character": lazy_gettext(
        "The check character does not match: please re-type the ID. One of its letters or "
        "digits is probably wrong or swapped."
    ),
    "unknown": lazy_gettext("No label with this ID was issued here. Check the ID on the product."),
}


@web.get("/L/")  # the QR code's upper-case form
@web.get("/l/")
def label_lookup() -> ResponseReturnValue:
    """Ask for a label ID; with ?id= find it whatever case, spaces or dashes were typed."""
    typed = request.args.get("id", "")
    if not typed.strip():
        return render_template("web/public/lookup.html", public_languages=PUBLIC_SWITCHER)
    found = registry_search.lookup(db(), typed)
    if found.label_id is not None:
        return redirect(url_for("web.public_label", label_id=found.label_id) + _lang())
    page = render_template(
        "web/public/lookup.html",
        public_languages=PUBLIC_SWITCHER,
        typed=found.typed,
        problem=PROBLEMS[found.problem or "unknown"],
    )
    return page, 404 if found.problem == "unknown" else 422


@web.get("/labels")
def label_directory() -> ResponseReturnValue:
    """List the labels in force, searchable by product, manufacturer, GTIN or label ID."""
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        page = 1
    found = registry_search.directory(db(), request.args.get("q", ""), page)
    return render_template("web/public/directory.html", public_languages=PUBLIC_SWITCHER, **found)


def _lang() -> str:
    """Carry an explicit ?lang= on to the label page."""
    chosen = request.args.get("lang")
    return f"?{urlencode({'lang': chosen})}" if chosen else ""
