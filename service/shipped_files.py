"""Where the files that ship beside the code live: templates, migrations, docs.

In a checkout they are top-level folders next to the packages (ARCHITECTURE.md); an
installed release (`pip install .`, not editable) carries them as data files under
`<prefix>/share/gba-footprint/` (pyproject.toml, `[tool.setuptools.data-files]`).
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
SHARE = "share/gba-footprint"


def shipped_dir(name: str, prefixes: tuple[str, ...] = (sys.prefix, sys.base_prefix)) -> Path:
    """Return the checkout's folder `name`, or else the installed release's copy."""
    local = CHECKOUT / name
    if local.is_dir():
        return local
    for prefix in prefixes:
        installed = Path(prefix) / SHARE / name
        if installed.is_dir():
            return installed
    return local  # neither: the caller's error names the checkout's path
