"""A second open library version: the shipped files with the 2023 grid factor raised 20%."""

from __future__ import annotations

import csv
import io
import tempfile
from functools import lru_cache
from pathlib import Path

from lca_models.library.catalogue import DATA_DIR

GRID = "electricity-cn-footprint-2023"  # 0.6205 kg CO2e/kWh; no other dataset uses it
RAISE = 1.2
RELEASE = "gba-test-grid+20"


@lru_cache(maxsize=1)
def raised_grid_library() -> Path:
    """Return a folder with datasets.csv and exchanges.csv, the grid factor x 1.2."""
    folder = Path(tempfile.mkdtemp(prefix="gba-library-v2-"))
    (folder / "datasets.csv").write_bytes((DATA_DIR / "datasets.csv").read_bytes())
    text = (DATA_DIR / "exchanges.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    changed = 0
    for row in rows:
        if row["code"] == GRID:
            row["amount"] = repr(float(row["amount"]) * RAISE)
            changed += 1
    assert changed == 1
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "exchanges.csv").write_text(out.getvalue(), encoding="utf-8")
    return folder
