"""Resolving a label's QR URL and a product's GTIN by content negotiation (UNTP IDR, RFC 9264).

People get the verification page; machines asking for application/linkset+json get the
label's linkset, and those asking for application/vc+jwt get its UNTP DCC.
"""

from __future__ import annotations

import json

from flask import Response, redirect, request
from flask.typing import ResponseReturnValue

from service.errors import NotFound
from service.services.labels.resolver import (
    JWT_TYPE,
    LINKSET_TYPE,
    label_for_gtin,
    label_jwt,
    label_linkset,
)
from service.web.blueprint import web
from service.web.context import db, issuer

HTML_TYPE = "text/html"
# GS1 Digital Link resolvers answer ?linkType=all with the whole linkset (GS1 resolver standard).
ALL_LINKS = "all"


def wanted() -> str:
    """Return the media type the request asks for: HTML unless a machine asks otherwise."""
    if request.args.get("linkType") == ALL_LINKS:
        return LINKSET_TYPE
    best = request.accept_mimetypes.best_match([HTML_TYPE, LINKSET_TYPE, JWT_TYPE], HTML_TYPE)
    return best or HTML_TYPE


def _not_found(message: str) -> Response:
    body = {"title": "Not Found", "status": 404, "detail": message}
    return Response(json.dumps(body), status=404, mimetype="application/problem+json")


def machine_answer(label_id: str, media_type: str, anchor: str | None = None) -> Response:
    """Answer a label's URL for a machine: its linkset or its credential."""
    try:
        if media_type == LINKSET_TYPE:
            linkset = label_linkset(db(), issuer(), label_id, anchor)
            response = Response(json.dumps(linkset), mimetype=LINKSET_TYPE)
        else:
            response = Response(label_jwt(db(), label_id), mimetype=JWT_TYPE)
    except NotFound as error:
        db().rollback()
        response = _not_found(error.message)
    else:
        db().commit()  # end the read transaction
    response.vary.add("Accept")
    return response


def linkset_header(path: str) -> str:
    """Return the Link header pointing a page's readers to its linkset (RFC 9264, section 6)."""
    return f'<{path}>; rel="linkset"; type="{LINKSET_TYPE}"'


@web.get("/01/<gtin>")
def gtin_resolver(gtin: str) -> ResponseReturnValue:
    """Resolve a GS1 Digital Link GTIN URI to the product's newest label, as its QR URL does."""
    media_type = wanted()
    try:
        label_id = label_for_gtin(db(), gtin)
    except NotFound as error:
        db().rollback()
        if media_type == HTML_TYPE:
            raise
        return _not_found(error.message)
    db().commit()
    if media_type == HTML_TYPE:
        response = redirect(f"/l/{label_id}", code=307)
    else:
        response = machine_answer(label_id, media_type, f"{issuer().service_url}/01/{gtin}")
    response.vary.add("Accept")
    return response
