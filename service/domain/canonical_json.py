"""Canonical JSON: the one byte form of a value that is hashed, chained or logged.

Keys sorted, no insignificant whitespace, UTF-8 without escapes (as RFC 8785 and the audit
chain's hashes expect); certificates/jws.py and lca_models/bom.py keep the same form inside
their own packages, which may not import the service.
"""

from __future__ import annotations

import json
from typing import Any


def canonical_json(value: Any) -> bytes:
    """Return value as sorted, compact JSON in UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )
