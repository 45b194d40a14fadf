"""The BOM editor pages: a new BOM version typed in the browser, and the dataset picker's search."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.errors import ValidationFailed
from service.services.footprints import bom_editor
from service.services.library import search as library
from service.web import bom_form
from service.web.blueprint import web
from service.web.context import caller, db, runtime
from service.web.i18n import current_tag, locale_for
from service.web.public import PLACES, UNITS

BLANK_ROWS = 5
MORE_ROWS = 5
MAX_QUERY = 200
SEARCH_LIMIT = 20


def _render(
    product_id: str, editor: bom_form.Editor, from_bom_id: str | None, status: int
) -> ResponseReturnValue:
    page = bom_editor.editor_page(db(), caller(), product_id, from_bom_id)
    page.pop("start")
    codes = {row["activity"].strip() for row in editor.rows if row["activity"].strip()}
    page["datasets"] = bom_editor.datasets_named(db(), runtime(), codes)
    return render_template(
        "web/bom_editor.html",
        editor=editor,
        kinds=bom_form.KINDS,
        blank=bom_form.empty_row(),
        places=PLACES,
        unit_names=UNITS,
        **page,
    ), status


@web.get("/products/<product_id>/boms/new")
def bom_editor_page(product_id: str) -> ResponseReturnValue:
    """Show the BOM editor, empty or starting from a previous version ("copy and edit")."""
    from_bom_id = request.args.get("from") or None
    page = bom_editor.editor_page(db(), caller(), product_id, from_bom_id)
    editor = bom_form.from_document(page["start"], BLANK_ROWS if not from_bom_id else 2)
    return _render(product_id, editor, from_bom_id, 200)


@web.post("/products/<product_id>/boms/new")
def create_bom_from_editor(product_id: str) -> ResponseReturnValue:
    """Store the typed BOM as a new version, or show the form again with the errors."""
    editor = bom_form.from_form(request.form)
    from_bom_id = request.form.get("from") or None
    if request.form.get("action") == "more":
        editor.rows.extend(bom_form.empty_row() for _ in range(MORE_ROWS))
        return _render(product_id, editor, from_bom_id, 200)
    document, sources = bom_form.to_document(editor)
    try:
        bom = bom_editor.create_from_editor(db(), caller(), runtime(), product_id, document)
    except ValidationFailed as error:
        bom_form.place_errors(editor, error, sources)
        return _render(product_id, editor, from_bom_id, 422)
    flash(gettext("BOM version %(version)s stored.", version=bom.version), "success")
    return redirect(url_for("web.bom", bom_id=bom.id))


@web.get("/library/search.json")
def library_search() -> ResponseReturnValue:
    """Return datasets matching the typed words, for the editor's picker (signed-in users)."""
    caller()
    query = request.args.get("q", "")[:MAX_QUERY]
    # Any BCP 47 tag the page sends (zh-Hant, zh-HK, zh-CN, en) names one of the catalogue's.
    asked = locale_for((request.args.get("lang") or "")[:35])
    lang = asked.replace("_", "-") if asked else current_tag()
    found = library.search_activities(db(), runtime(), query, None, SEARCH_LIMIT)
    items = [
        {
            "code": item["code"],
            "name": (item.get("names") or {}).get(lang) or item["name"],
            "unit": item["unit"],
            "region": item["region"],
            "year": item["year"],
            "source": item["source"],
            "grade": item["grade"],
        }
        for item in found["items"]
    ]
    return jsonify({"items": items, "total": found["total"], "library": found["library"]})
