"""Data quality scores of result lines, including datasets without one of our grades."""

from __future__ import annotations

from lca_models import Dataset
from service.services.footprints.results import _line_score


class _Runtime:
    """A runtime whose only dataset is an imported one without a grade."""

    def dataset(self, code: str, version: str) -> Dataset:
        return Dataset(code, "imported", "kg", "GLO", None, "life-cycle", "ecoinvent", "", "", "")


def test_an_ungraded_imported_dataset_scores_like_grade_c():
    line = {"activity": "x", "data": "secondary"}
    assert _line_score(line, _Runtime(), "v") == 3  # type: ignore[arg-type]
    assert _line_score(line | {"data": "primary"}, _Runtime(), "v") == 1  # type: ignore[arg-type]
