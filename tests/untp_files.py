"""UNTP 0.6.1 and W3C VC 2.0 schemas and contexts, read where the project's shared files live.

They are GPL-3.0 (UNTP) and W3C-licensed files kept outside the project (../shared/untp, see
its README): never copied here. Tests that need them skip, saying why, where they are absent.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pyld import jsonld

from tests.certificates.test_credential_jsonld import _expanded_leaves, _leaves


def untp_dir() -> Path | None:
    """Return the nearest ancestor's shared/untp folder (or $UNTP_DIR), None when absent."""
    if os.environ.get("UNTP_DIR"):
        return Path(os.environ["UNTP_DIR"])
    for parent in Path(__file__).resolve().parents[1:]:
        candidate = parent / "shared" / "untp"
        if (candidate / "untp-dcc-schema-0.6.1.json").is_file():
            return candidate
    return None


requires_untp = pytest.mark.skipif(
    untp_dir() is None,
    reason="the UNTP 0.6.1 files (../shared/untp, GPL-3.0, not part of the project) are absent",
)

# The only contexts a UNTP 0.6.1 DCC may use (README of ../shared/untp), and a DIA's.
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://test.uncefact.org/vocabulary/untp/dcc/0.6.1/": "untp-dcc-0.6.1.jsonld",
}
DIA_CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://test.uncefact.org/vocabulary/untp/dia/0.6.1/": "untp-dia-0.6.1.jsonld",
}


@lru_cache(maxsize=8)
def read(name: str) -> Any:
    """Return one of the shared files, parsed."""
    folder = untp_dir()
    assert folder is not None, "requires_untp"
    return json.loads((folder / name).read_text(encoding="utf-8"))


def loader_of(files: dict[str, str]) -> Any:
    """Return a JSON-LD document loader serving only these contexts (others fail the test)."""

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url not in files:
            raise AssertionError(f"tried to load a context other than {sorted(files)}: {url}")
        return {"contextUrl": None, "documentUrl": url, "document": read(files[url])}

    return load


def _errors(schema: dict[str, Any], payload: dict[str, Any]) -> list[str]:
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    return [
        f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(payload)
    ]


def dcc_schema_errors(payload: dict[str, Any]) -> list[str]:
    """Return where a payload breaks the UNTP 0.6.1 DCC JSON Schema ([] when valid)."""
    return _errors(read("untp-dcc-schema-0.6.1.json"), payload)


def vcdm_schema_errors(payload: dict[str, Any]) -> list[str]:
    """Return where a payload breaks the W3C VC 2.0 JSON Schema ([] when valid)."""
    return _errors(read("vcdm2-verifiable-credential-schema.json"), payload)


def dropped_by_expansion(payload: dict[str, Any], files: dict[str, str] = CONTEXT_FILES) -> int:
    """Expand with only the two contexts; return how many values were dropped (0 is right).

    A term the contexts do not define is dropped; a redefinition of a protected term raises.
    """
    expanded = jsonld.expand(payload, {"documentLoader": loader_of(files)})
    return _leaves(payload) - _expanded_leaves(expanded)


def untp_problems(payload: dict[str, Any]) -> list[str]:
    """Return every reason UNTP's validation steps would refuse a DCC payload."""
    problems = []
    if payload.get("@context", [None])[0] != "https://www.w3.org/ns/credentials/v2":
        problems.append("not a VC 2.0 credential (first @context)")
    problems += [f"VCDM schema {e}" for e in vcdm_schema_errors(payload)]
    problems += [f"UNTP DCC schema {e}" for e in dcc_schema_errors(payload)]
    contexts = payload.get("@context")
    if not isinstance(contexts, list) or set(contexts) - set(CONTEXT_FILES):
        problems.append(f"contexts other than VC 2.0 and UNTP DCC: {contexts}")
    else:
        dropped = dropped_by_expansion(payload)
        if dropped:
            problems.append(f"JSON-LD expansion dropped {dropped} values")
    return problems


def dia_problems(payload: dict[str, Any]) -> list[str]:
    """Return every reason UNTP's validation steps would refuse a DIA payload."""
    problems = [f"VCDM schema {e}" for e in vcdm_schema_errors(payload)]
    problems += [
        f"UNTP DIA schema {e}" for e in _errors(read("untp-dia-schema-0.6.1.json"), payload)
    ]
    if payload.get("@context") != list(DIA_CONTEXT_FILES):
        problems.append(f"contexts other than VC 2.0 and UNTP DIA: {payload.get('@context')}")
    elif dropped := dropped_by_expansion(payload, DIA_CONTEXT_FILES):
        problems.append(f"JSON-LD expansion dropped {dropped} values")
    return problems
