"""Signing in and out, the home redirect, and the language switcher."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.domain.roles import Role
from service.services.accounts import auth
from service.web.blueprint import web
from service.web.context import caller, db, forget, remember, signed_in
from service.web.errors import safe_target
from service.web.i18n import COOKIE, LOCALES

ONE_YEAR = 365 * 24 * 3600


@web.get("/")
def home() -> ResponseReturnValue:
    """Send a signed-in person to their portal, anyone else to the sign-in page."""
    if not signed_in():
        return redirect(url_for("web.sign_in"))
    portal = "web.products_page" if caller().role == Role.MANUFACTURER else "web.applications_page"
    return redirect(url_for(portal))


@web.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    """Show the sign-in form, or sign in with email and password."""
    target = safe_target(request.values.get("next") or request.form.get("back"))
    if request.method == "GET":
        return render_template("web/sign_in.html", next=target)
    email = request.form.get("email", "")
    remember(auth.sign_in(db(), email, request.form.get("password", "")), email)
    flash(gettext("Signed in."), "success")
    return redirect(target or url_for("web.home"))


@web.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    """Sign out and return to the sign-in page."""
    forget()
    flash(gettext("Signed out."), "info")
    return redirect(url_for("web.sign_in"))


@web.get("/language/<code>")
def language(code: str) -> ResponseReturnValue:
    """Remember the chosen language in a cookie and go back to the page."""
    if code not in LOCALES:
        abort(404)
    response = redirect(safe_target(request.args.get("next")) or url_for("web.home"))
    response.set_cookie(COOKIE, code, max_age=ONE_YEAR, httponly=True, samesite="Lax")
    return response
