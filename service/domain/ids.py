"""Opaque identifiers: a short type prefix and 128 random bits."""

from __future__ import annotations

import secrets

PREFIXES = {
    "organisation": "org",
    "user": "usr",
    "token": "tok",
    "product": "prd",
    "bom": "bom",
    "calculation": "calc",
    "application": "app",
    "submission": "sub",
    "comment": "cmt",
    "evidence": "evd",
    "event": "evt",
    "status_list": "sl",
    "endorsement": "end",
    "job": "job",
    "rescore_result": "rsr",
    "accreditation_anchor": "dia",
    "synergy": "syn",
}


def new_id(kind: str) -> str:
    """Return a new opaque id for an entity of the given kind."""
    return f"{PREFIXES[kind]}_{secrets.token_hex(16)}"
