"""The issuing body's label page: status, history, and suspend / reinstate / revoke with a
reason and a confirmation step."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.services.labels import lifecycle, status_history
from service.web import forms
from service.web.blueprint import web
from service.web.context import caller, db, issuer
from service.web.labels import LABEL_STATUSES, name_of

ACTIONS = ("suspend", "reinstate", "revoke")


@web.get("/labels/<label_id>/manage")
def label_manage(label_id: str) -> ResponseReturnValue:
    """Show one of the body's labels with its history and the status forms."""
    page = status_history.label_admin_page(db(), caller(), label_id)
    return render_template("web/label_manage.html", confirming=None, **page)


@web.post("/labels/<label_id>/status")
def label_status(label_id: str) -> ResponseReturnValue:
    """Change a label's status: the first post asks to confirm, the second does it."""
    action = forms.choice(request.form, "action", ACTIONS)
    reason = forms.note(request.form, "reason", required=True)
    if request.form.get("confirm") != "yes":
        page = status_history.label_admin_page(db(), caller(), label_id)
        confirming = {"action": action, "reason": reason}
        return render_template("web/label_manage.html", confirming=confirming, **page)
    label = lifecycle.change_status(db(), caller(), issuer(), label_id, action, reason)
    flash(
        gettext(
            "Label %(label)s is now %(status)s.",
            label=label.id,
            status=name_of(LABEL_STATUSES, label.status),
        ),
        "success",
    )
    return redirect(url_for("web.label_manage", label_id=label.id))
