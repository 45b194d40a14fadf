"""Validating bodies against the official PACT v3 OpenAPI document in ../shared/pact.

The document is not part of the project (MIT-licensed data of WBCSD); tests read it where the
workspace keeps it and are skipped, saying why, when it is absent.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
_CANDIDATES = [REPO.parent / "shared" / "pact", REPO.parent.parent / "shared" / "pact"]
# PACT README: decimals are strings without exponent.
DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_URN = re.compile(r"^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$", re.IGNORECASE)


def schema_dir() -> Path | None:
    """Return the folder holding openapi_v3_0.yaml, or None."""
    given = os.environ.get("PACT_SCHEMA_DIR")
    for folder in [Path(given)] if given else _CANDIDATES:
        if (folder / "openapi_v3_0.yaml").is_file():
            return folder
    return None


@cache
def _document() -> dict[str, Any]:
    import yaml

    folder = schema_dir()
    assert folder is not None
    loaded: dict[str, Any] = yaml.safe_load((folder / "openapi_v3_0.yaml").read_text("utf-8"))
    return loaded


def _checker() -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(["uuid"])

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme) and " " not in value

    @checker.checks("date-time")
    def _date_time(value: object) -> bool:
        if not isinstance(value, str) or not _DATE_TIME.match(value):
            return False
        datetime.fromisoformat(value)
        return True

    @checker.checks("decimal")
    def _decimal(value: object) -> bool:
        return not isinstance(value, str) or bool(DECIMAL.match(value))

    @checker.checks("urn")
    def _urn(value: object) -> bool:
        return not isinstance(value, str) or bool(_URN.match(value))

    return checker


def require_schema() -> None:
    """Skip the calling test when the official schema is not in the workspace."""
    if schema_dir() is None:
        pytest.skip("the official PACT OpenAPI (../shared/pact/openapi_v3_0.yaml) is absent")


def validate(instance: Any, component: str) -> None:
    """Check a body against #/components/schemas/<component>; fail naming every error."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    require_schema()
    resource = Resource.from_contents(_document(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("urn:pact-openapi", resource)
    schema = {"$ref": f"urn:pact-openapi#/components/schemas/{component}"}
    validator = Draft202012Validator(schema, registry=registry, format_checker=_checker())
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]
    assert not errors, errors


def validate_list(body: Any) -> None:
    """A ListFootprints answer: {"data": [ProductFootprint...]}, never null."""
    assert isinstance(body, dict) and set(body) == {"data"}, body
    assert isinstance(body["data"], list)
    for footprint in body["data"]:
        validate(footprint, "ProductFootprint")


def validate_error(body: Any, code: str) -> None:
    """A PACT Error body with the expected code."""
    validate(body, "Error")
    assert body["code"] == code, body
