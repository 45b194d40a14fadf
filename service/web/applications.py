"""Application pages for manufacturers and certifiers: queue, review sheet, actions."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.domain.workflow import State, allowed_actions
from service.services.accounts import portal
from service.services.certification import applications
from service.services.certification import history as application_history
from service.web import forms
from service.web.blueprint import web
from service.web.context import caller, db, issuer, runtime

OUTCOMES = ("recommend_approval", "request_changes")
DECISIONS = ("approve", "reject")


def _to_application(application_id: str) -> ResponseReturnValue:
    return redirect(url_for("web.application", application_id=application_id))


@web.get("/applications")
def applications_page() -> ResponseReturnValue:
    """List the manufacturer's applications, or the body's queue, filtered by state."""
    state = request.args.get("state") or None
    found = applications.list_applications(db(), caller(), state)
    return render_template(
        "web/applications.html", applications=found, state=state, states=list(State)
    )


@web.get("/applications/<application_id>")
def application(application_id: str) -> ResponseReturnValue:
    """Show an application with its whole calculation explained, flags, comments and forms."""
    me = caller()
    page = portal.application_page(db(), me, runtime(), application_id)
    allowed = [action.value for action in allowed_actions(State(page["application"].state))]
    return render_template("web/application.html", me=me, allowed=allowed, **page)


@web.post("/applications/<application_id>/comments")
def comment(application_id: str) -> ResponseReturnValue:
    """Comment on the application, optionally on one BOM line."""
    text = forms.note(request.form, "text", required=True)
    application_history.add_comment(
        db(), caller(), application_id, forms.line_ref(request.form), text
    )
    flash(gettext("Comment added."), "success")
    return _to_application(application_id)


@web.post("/applications/<application_id>/review")
def review(application_id: str) -> ResponseReturnValue:
    """Record the reviewer's outcome: recommend approval or request changes."""
    outcome = forms.choice(request.form, "outcome", OUTCOMES)
    applications.review(db(), caller(), application_id, outcome, forms.note(request.form))
    flash(gettext("Review recorded."), "success")
    return _to_application(application_id)


@web.post("/applications/<application_id>/decision")
def decide(application_id: str) -> ResponseReturnValue:
    """Approve or reject (a decision maker of the body who is not the reviewer)."""
    decision = forms.choice(request.form, "decision", DECISIONS)
    _, label_id = applications.decide(
        db(), caller(), issuer(), application_id, decision, forms.note(request.form)
    )
    flash(gettext("Decision recorded."), "success")
    if label_id is not None:
        flash(gettext("Label %(label)s issued.", label=label_id), "success")
    return _to_application(application_id)


@web.post("/applications/<application_id>/revisions")
def revise(application_id: str) -> ResponseReturnValue:
    """Answer requested changes with a newer calculated BOM version."""
    applications.revise(db(), caller(), application_id, forms.bom_id(request.form))
    flash(gettext("Revision submitted."), "success")
    return _to_application(application_id)


@web.post("/applications/<application_id>/withdrawal")
def withdraw(application_id: str) -> ResponseReturnValue:
    """Withdraw the application before a decision."""
    applications.withdraw(db(), caller(), application_id, forms.note(request.form, "reason"))
    flash(gettext("Application withdrawn."), "info")
    return _to_application(application_id)
