"""Data-quality grading of a footprint: each line scored 1 (best) to 3, weighted by its share.

Measured primary data and grade A library data score 1, grade B 2, grade C 3 (the library's
grades, DOMAIN.md "Rules for data"). Imported databases (e.g. ecoinvent) carry no grade of ours
and score as grade C; components score 2 until a component's own rating is carried through.
"""

from __future__ import annotations

from dataclasses import dataclass

GRADE_SCORE = {"A": 1, "B": 2, "C": 3}
UNGRADED_SCORE = 3
COMPONENT_SCORE = 2
PRIMARY_SCORE = 1
# With nothing to weigh (a zero footprint), the rating is the worst, never a flattering 1.
EMPTY_RATING = 3.0


def line_score(data: str, kind: str, grade: str | None) -> int:
    """Return a line's score from its data kind (primary/secondary) and what it names.

    kind is "activity" (grade is the dataset's, None if the dataset has none or is unknown),
    "component" or "emissions".
    """
    if data == "primary":
        return PRIMARY_SCORE
    if kind == "activity":
        return GRADE_SCORE.get(grade or "", UNGRADED_SCORE)
    return COMPONENT_SCORE if kind == "component" else PRIMARY_SCORE


@dataclass
class QualityTally:
    """Running weights of a footprint's lines (weights are absolute kg CO2e)."""

    weight: float = 0.0
    primary_weight: float = 0.0
    score_weight: float = 0.0

    def add(self, kg_co2e: float, data: str, score: int) -> None:
        """Count one line."""
        self.weight += abs(kg_co2e)
        self.primary_weight += abs(kg_co2e) if data == "primary" else 0.0
        self.score_weight += abs(kg_co2e) * score

    def primary_share(self) -> float:
        """Return the share of the footprint on primary data (0 when there is nothing)."""
        return self.primary_weight / self.weight if self.weight else 0.0

    def rating(self) -> float:
        """Return the weighted mean score (EMPTY_RATING when there is nothing to weigh)."""
        return self.score_weight / self.weight if self.weight else EMPTY_RATING
