"""A small world for the page tests: two manufacturers, a body with a reviewer and a decision
maker, another body, and one calculated, submitted application (built with the use cases)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from service.services.accounts.auth import caller_by_id
from service.services.certification import applications, evidence
from service.services.footprints import boms, calculations, products
from service.services.footprints.bom_schema import BomSchema
from tests.service.helpers import bom_doc

ROLES = ("anonymous", "manufacturer", "other_manufacturer", "reviewer", "decider", "other_body")


@dataclass
class World:
    """Ids of everything a page route names, and the users by role."""

    users: dict[str, dict[str, Any]]
    product_id: str
    bom_id: str
    calculation_id: str
    application_id: str
    evidence_id: str


def build_world(app: Flask, session: Session, make_user: Callable[..., dict[str, Any]]) -> World:
    """Create the organisations, users and one submitted application."""
    maker = make_user()
    reviewer = make_user("certification_body", "reviewer")
    users = {
        "manufacturer": maker,
        "other_manufacturer": make_user(),
        "reviewer": reviewer,
        "decider": make_user("certification_body", "decision_maker", reviewer["org_id"]),
        "other_body": make_user("certification_body", "reviewer"),
    }
    caller = caller_by_id(session, maker["user_id"])
    runtime = app.extensions["gba"].runtime
    product = products.create_product(
        session,
        caller,
        {
            "sku": "W-1",
            "names": {"en": "Kettle", "zh-Hans": "电水壶", "zh-Hant": "電水壺"},
            "declared_unit": {"amount": Decimal(1), "unit": "piece"},
        },
    )
    bom = boms.create_bom(session, caller, runtime, product.id, BomSchema().load(bom_doc()))
    calculation = calculations.calculate(session, caller, runtime, bom.id)
    application = applications.apply(session, caller, bom.id, reviewer["org_id"])
    meter = b"month,kWh\n2025-01,1200\n"
    sent = evidence.upload(session, caller, "meter.csv", meter, application.id)
    return World(users, product.id, bom.id, calculation.id, application.id, sent.id)


def sign_in_as(client: FlaskClient, world: World, role: str) -> None:
    """Put a role's user in the client's session cookie (anonymous leaves it empty)."""
    if role == "anonymous":
        return
    user = world.users[role]
    with client.session_transaction() as cookie:
        cookie["user_id"] = user["user_id"]
        cookie["email"] = f"{role}@x.test"
        cookie["role"] = "manufacturer" if "manufacturer" in role else "certifier"


def csrf_of(client: FlaskClient) -> str:
    """Return the CSRF token of the client's session, making one by loading the sign-in page."""
    client.get("/sign-in")
    with client.session_transaction() as cookie:
        token: str = cookie["csrf"]
    return token
