"""The shipped open library's data files (lca_models/library/data/): provenance and shape.

The files are still being written, so these check structure rather than counts, except the
expectation of at least 80 datasets.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from lca_models import UNITS, FootprintEngine, ProjectInfo, load_library
from lca_models.library.catalogue import COLUMNS, DATA_DIR, GRADES, KINDS


def rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def datasets() -> list[dict[str, str]]:
    return rows("datasets.csv")


@pytest.fixture(scope="module")
def exchanges_by_code() -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for row in rows("exchanges.csv"):
        out.setdefault(row["code"].strip(), []).append(row)
    return out


def test_the_library_loads() -> None:
    library = load_library()
    assert library.version.startswith("gba-open-")
    assert library.datasets and library.exchanges


def test_at_least_80_datasets(datasets: list[dict[str, str]]) -> None:
    assert len(datasets) >= 80


def test_every_code_is_unique(datasets: list[dict[str, str]]) -> None:
    counts = Counter(row["code"].strip() for row in datasets)
    assert [code for code, n in counts.items() if n > 1] == []
    assert all(code for code in counts)


def test_every_dataset_has_provenance(datasets: list[dict[str, str]]) -> None:
    problems = []
    for row in datasets:
        code = row["code"]
        for field in ("name", "geography", "source", "licence"):
            if not row[field].strip():
                problems.append(f"{code}: empty {field}")
        if row["grade"] not in GRADES:
            problems.append(f"{code}: grade {row['grade']!r}")
        if row["unit"] not in UNITS:
            problems.append(f"{code}: unit {row['unit']!r}")
        if row["kind"] not in KINDS:
            problems.append(f"{code}: kind {row['kind']!r}")
        if row["year"].strip() and not 1990 <= int(row["year"]) <= 2030:
            problems.append(f"{code}: year {row['year']!r}")
    assert problems == []


def test_every_dataset_has_exchanges(
    datasets: list[dict[str, str]], exchanges_by_code: dict[str, list[dict[str, str]]]
) -> None:
    assert [row["code"] for row in datasets if row["code"] not in exchanges_by_code] == []


def is_co2_only_electricity(row: dict[str, str]) -> bool:
    """A grid CO2 emission factor: named so, or in the CO2-only kind, per kWh."""
    name = row["name"].lower()
    return row["unit"] == "kWh" and (
        "co2 emission factor" in name or "-co2-" in row["code"] or row["kind"] == "co2-only"
    )


def test_co2_only_electricity_is_kept_apart(
    datasets: list[dict[str, str]], exchanges_by_code: dict[str, list[dict[str, str]]]
) -> None:
    co2_only = [row for row in datasets if is_co2_only_electricity(row)]
    assert co2_only, "the library should hold grid CO2 emission factors"
    problems = []
    for row in co2_only:
        if row["kind"] != "co2-only":
            problems.append(f"{row['code']}: kind {row['kind']!r}")
        flows = {ex["flow"] for ex in exchanges_by_code.get(row["code"], [])}
        if flows != {"carbon dioxide, fossil"}:
            problems.append(f"{row['code']}: flows {sorted(flows)}")
    assert problems == []


def test_the_score_table_covers_the_library(
    engine: FootprintEngine, shipped_project: ProjectInfo
) -> None:
    import numpy as np

    library = load_library()
    table = engine.table(shipped_project.library_version)
    assert set(table.codes) == {d.code for d in library.datasets}
    assert shipped_project.datasets == len(library.datasets)
    scores = np.asarray(table.scores)
    assert np.isfinite(scores).all()
    units = dict(zip(table.codes, table.units, strict=True))
    assert all(units[d.code] == d.unit for d in library.datasets)
    # every dataset's total is the sum of its parts
    np.testing.assert_allclose(scores[:, 0], scores[:, 1:4].sum(axis=1), rtol=1e-9, atol=1e-15)


def test_the_files_are_utf8_csv_with_the_expected_columns() -> None:
    for name, columns in (
        ("datasets.csv", COLUMNS),
        ("exchanges.csv", "code,flow,amount,note"),
    ):
        first = Path(DATA_DIR / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == columns
