"""Signing in and out, the home redirect, and the language switcher."""

from __future__ import annotations

from contextlib import suppress

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.domain.roles import Role
from service.errors import Unauthenticated
from service.rate_limits import client_address, limits
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
    account = email.strip().lower()
    # Locked out after too many failures: even the right password waits for the window.
    limits().check("sign_in_account", account)
    limits().check("sign_in_address", client_address())
    try:
        signed = auth.sign_in(db(), email, request.form.get("password", ""))
    except Unauthenticated:
        limits().hit("sign_in_account", account)
        limits().hit("sign_in_address", client_address())
        raise
    remember(signed, email)
    flash(gettext("Signed in."), "success")
    return redirect(target or url_for("web.home"))


@web.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    """Sign out (ending every session of the user) and return to the sign-in page."""
    if signed_in():
        with suppress(Unauthenticated):  # the session had already ended
            auth.end_sessions(db(), caller().user_id)
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
