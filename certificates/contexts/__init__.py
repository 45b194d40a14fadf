"""The service's own JSON-LD context, pinned as a file and named by a stable URL."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

LABEL_CONTEXT_URL = "https://schema.gba-footprint.org/contexts/label/v1"
VC_V2_CONTEXT_URL = "https://www.w3.org/ns/credentials/v2"
_FILE = Path(__file__).parent / "label-v1.jsonld"


@lru_cache(maxsize=1)
def label_context() -> dict[str, Any]:
    """Return the label context document."""
    document: dict[str, Any] = json.loads(_FILE.read_text(encoding="utf-8"))
    return document


def label_context_sha256() -> str:
    """Return the SHA-256 of the pinned context file (recorded so verifiers can pin it)."""
    return hashlib.sha256(_FILE.read_bytes()).hexdigest()
