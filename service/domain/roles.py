"""Roles, organisation kinds, and which roles belong to which kind of organisation."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    """What an organisation is to the service."""

    MANUFACTURER = "manufacturer"
    CERTIFICATION_BODY = "certification_body"
    OPERATOR = "operator"


class Role(StrEnum):
    """What a user may do; see API.md."""

    MANUFACTURER = "manufacturer"
    REVIEWER = "reviewer"
    DECISION_MAKER = "decision_maker"
    ADMIN = "admin"


JURISDICTIONS = ("CN-GD", "HK", "MO")

ROLES_BY_KIND: dict[OrgKind, frozenset[Role]] = {
    OrgKind.MANUFACTURER: frozenset({Role.MANUFACTURER}),
    OrgKind.CERTIFICATION_BODY: frozenset({Role.REVIEWER, Role.DECISION_MAKER}),
    OrgKind.OPERATOR: frozenset({Role.ADMIN}),
}


def role_fits(kind: OrgKind, role: Role) -> bool:
    """Tell whether a user with role may belong to an organisation of kind."""
    return role in ROLES_BY_KIND[kind]
