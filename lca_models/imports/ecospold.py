"""Reading EcoSpold 2 and EcoSpold 1 files (placeholder until the readers land)."""

from __future__ import annotations

from pathlib import Path

from lca_models.errors import ImportFailed
from lca_models.imports.inventory import RawInventory


def read_ecospold2(folder: Path, name: str) -> RawInventory:
    """Read a folder of .spold files."""
    raise ImportFailed(f"{name}: EcoSpold 2 import is not available yet")


def read_ecospold1(folder: Path, name: str) -> RawInventory:
    """Read a folder of EcoSpold 1 XML files."""
    raise ImportFailed(f"{name}: EcoSpold 1 import is not available yet")
