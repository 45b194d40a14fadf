"""Monte Carlo footprints: hand-checkable intervals and the fast method against bw2calc.

The hand checks run on a constant background (every draw of the sampled table equals the
deterministic score), so only the line amounts vary and the expected percentiles follow
from the distributions alone. Sampling error of a percentile estimate with n draws is about
sqrt(p(1-p)/n)/f(q); with n = 200,000 that is under 0.5% at the 2.5th percentile of the
lognormals used here, and the tolerances are a few times that.
"""

from __future__ import annotations

import math
import warnings
from decimal import Decimal as D
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from lca_models import (
    INDICATORS,
    AmountUncertainty,
    Bom,
    Emission,
    FootprintEngine,
    Line,
    ProjectInfo,
    UncertaintyEngine,
    load_methods,
)
from lca_models.uncertainty.background import SampledTable
from lca_models.uncertainty.monte_carlo import MonteCarlo, bom_seed
from lca_models.uncertainty.pedigree import Pedigree

GWP = INDICATORS.index("gwp_total")
N = 200_000


def constant_background(engine: FootprintEngine, version: str) -> SampledTable:
    table = engine.table(version)
    gwp = np.asarray(table.scores[:, GWP], dtype=np.float64)
    return SampledTable(version, 1, 0, table.codes, gwp.reshape(-1, 1), frozenset())


def run(engine: FootprintEngine, version: str, lines: tuple[Line, ...], draws: int = N):
    bom = Bom("b", D(1), "piece", lines)
    sampler = MonteCarlo(
        engine.table(version), constant_background(engine, version), _none, _none, 7, draws
    )
    return sampler.run(bom)


def _none(key: str):
    raise AssertionError(key)


def lognormal(gsd: str) -> AmountUncertainty:
    return AmountUncertainty("lognormal", gsd=float(gsd))


def test_one_lognormal_line_spans_median_times_gsd_to_the_1_96(
    engine: FootprintEngine, tiny: str
) -> None:
    # 2 kg of steel at 2.348 kg CO2e/kg (test_hand_checked), median 4.696, GSD 1.5.
    line = Line("s", "raw_materials", D(2), "kg", activity="steel", uncertainty=lognormal("1.5"))
    result = run(engine, tiny, (line,))
    median = 2 * 2.348
    assert result.total.p50 == pytest.approx(median, rel=5e-3)
    assert result.total.p2_5 == pytest.approx(median * 1.5**-1.96, rel=1e-2)
    assert result.total.p97_5 == pytest.approx(median * 1.5**1.96, rel=1e-2)
    # The lognormal's mean: median * exp(sigma^2 / 2).
    assert result.total.mean == pytest.approx(median * math.exp(math.log(1.5) ** 2 / 2), rel=5e-3)
    assert [c.ref for c in result.contributors] == ["s"]
    assert result.contributors[0].share == pytest.approx(1.0)


def test_a_line_without_spread_gives_a_degenerate_interval(
    engine: FootprintEngine, tiny: str
) -> None:
    line = Line("e", "production", D("0.8"), "kWh", activity="elec", uncertainty=lognormal("1"))
    result = run(engine, tiny, (line,), draws=1000)
    assert result.total.p2_5 == result.total.p50 == result.total.p97_5 == pytest.approx(0.4)
    assert result.contributors == ()


def test_independent_lines_add_up_like_a_plain_sampling_reference(
    engine: FootprintEngine, tiny: str
) -> None:
    lines = (
        Line("s", "raw_materials", D(2), "kg", activity="steel", uncertainty=lognormal("1.3")),
        Line(
            "e",
            "production",
            D(10),
            "kWh",
            activity="elec",
            uncertainty=AmountUncertainty("triangular", minimum=8.0, maximum=15.0),
        ),
        Line(
            "t",
            "distribution",
            D(5),
            "t*km",
            activity="truck",
            uncertainty=AmountUncertainty("normal", sd=1.0),
        ),
        Line(
            "w",
            "production",
            D(3),
            "MJ",
            activity="heat",
            uncertainty=AmountUncertainty("uniform", minimum=1.0, maximum=4.0),
        ),
        Line(
            "m",
            "production",
            uncertainty=from_pedigree_scores(2, 2, 1, 1, 1),
            emissions=(Emission("methane, fossil", D("0.01"), "kg"),),
        ),
    )
    result = run(engine, tiny, lines)
    # The reference: numpy's own samplers, independent of the engine's inverse-CDF draws.
    rng = np.random.default_rng(2026)
    gsd_pedigree = Pedigree(2, 2, 1, 1, 1).gsd()
    reference = (
        2 * rng.lognormal(0, math.log(1.3), N) * 2.348
        + rng.triangular(8, 10, 15, N) * 0.5
        + rng.normal(5, 1, N) * 0.1185758
        + rng.uniform(1, 4, N) * 0.0560298
        + 0.01 * rng.lognormal(0, math.log(gsd_pedigree), N) * 29.8
    )
    expected = np.percentile(reference, [2.5, 50, 97.5])
    got = [result.total.p2_5, result.total.p50, result.total.p97_5]
    np.testing.assert_allclose(got, expected, rtol=1e-2)
    assert result.total.mean == pytest.approx(reference.mean(), rel=5e-3)
    assert set(result.by_stage) == {"raw_materials", "production", "distribution"}
    assert result.contributors[0].ref == "s"  # steel carries most of the variance
    assert sum(c.share for c in result.contributors) == pytest.approx(1.0, abs=0.02)


def from_pedigree_scores(*scores: int) -> AmountUncertainty:
    return AmountUncertainty("lognormal", gsd=Pedigree(*scores).gsd(), origin="pedigree")


def test_pedigree_matrix_gives_the_ecoinvent_v3_spread() -> None:
    # sigma = sqrt(ln 1.05^2 + ln 1.61^2 + ln 1.04^2 + ln 1.10^2 + ln 1.08^2 + ln 1.65^2) / 2
    logs = [math.log(x) for x in (1.05, 1.61, 1.04, 1.10, 1.08, 1.65)]
    expected = math.exp(math.sqrt(sum(x * x for x in logs)) / 2)
    assert Pedigree(3, 3, 3, 3, 3).gsd() == pytest.approx(expected, rel=1e-12)
    assert Pedigree(1, 1, 1, 1, 1).gsd() == pytest.approx(math.sqrt(1.05), rel=1e-12)


@pytest.fixture(scope="module")
def tiny_sampled(
    engine: FootprintEngine, brightway_dir: Path, tiny_project: ProjectInfo
) -> UncertaintyEngine:
    """The tiny library's background sampled 4,000 times (the library grades' lognormals)."""
    return UncertaintyEngine(brightway_dir, engine, background_draws=4000)


def test_same_bom_same_library_gives_the_same_interval(
    tiny_sampled: UncertaintyEngine, tiny: str
) -> None:
    bom = Bom("b", D(1), "piece", (Line("s", "raw_materials", D(2), "kg", activity="steel"),))
    first = tiny_sampled.footprint(bom, tiny, "ab" * 32, _none)
    again = tiny_sampled.footprint(bom, tiny, "ab" * 32, _none)
    assert first.total == again.total
    assert first.seed == again.seed == bom_seed("ab" * 32, tiny)
    other = tiny_sampled.footprint(bom, tiny, "cd" * 32, _none)
    assert other.total != first.total


def test_lines_sharing_a_dataset_stay_correlated(
    tiny_sampled: UncertaintyEngine, tiny: str
) -> None:
    fixed = lognormal("1")
    one = Bom(
        "a", D(1), "piece", (Line("x", "production", D(2), "kWh", "elec", uncertainty=fixed),)
    )
    two = Bom(
        "b",
        D(1),
        "piece",
        (
            Line("x", "production", D(1), "kWh", "elec", uncertainty=fixed),
            Line("y", "production", D(1), "kWh", "elec", uncertainty=fixed),
        ),
    )
    a = tiny_sampled.footprint(one, tiny, "00", _none, draws=4000)
    b = tiny_sampled.footprint(two, tiny, "11", _none, draws=4000)
    # The same background draws: two 1 kWh lines are exactly one 2 kWh line, draw by draw.
    np.testing.assert_allclose(a.total_draws, b.total_draws, rtol=1e-12)


def bw2calc_draws(brightway_dir: Path, tiny: str, demand: dict[str, float], n: int) -> np.ndarray:
    """Brute force: bw2calc's own Monte Carlo, a fresh LCA solve per draw."""
    import bw2calc
    import bw2data

    ids = {bw2data.get_node(database=tiny, code=code).id: amount for code, amount in demand.items()}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "All values in characterization matrix are zero")
        lca = bw2calc.LCA(
            ids,
            method=load_methods().method_name("gwp_total"),
            use_distributions=True,
            seed_override=12345,
        )
        lca.lci()
        lca.lcia()
        scores = []
        for _ in range(n):
            next(lca)
            scores.append(lca.score)
    return np.array(scores)


def test_fast_percentiles_agree_with_bw2calc_monte_carlo(
    tiny_sampled: UncertaintyEngine, brightway_dir: Path, tiny: str
) -> None:
    """4,000 draws each; percentiles within 6% and a two-sample KS test at the 0.1% level.

    With the total's log-spread here (sigma about 0.3), the standard error of the difference
    of two independent 2.5th-percentile estimates from 4,000 draws is about 1.5%; 6% is four
    of them. Amounts are exact (GSD 1), so only the background varies on both sides.
    """
    demand = {"steel": 2.0, "truck": 30.0, "timber": 0.01, "diesel-burn": 0.5}
    exact = lognormal("1")
    lines = tuple(
        Line(code, "raw_materials", D(str(amount)), unit, code, uncertainty=exact)
        for (code, amount), unit in zip(demand.items(), ("kg", "t*km", "m3", "kg"), strict=True)
    )
    fast = tiny_sampled.footprint(Bom("b", D(1), "piece", lines), tiny, "ee", _none, draws=4000)
    brute = bw2calc_draws(brightway_dir, tiny, demand, 4000)
    expected = np.percentile(brute, [2.5, 50, 97.5])
    got = [fast.total.p2_5, fast.total.p50, fast.total.p97_5]
    np.testing.assert_allclose(got, expected, rtol=0.06)
    assert fast.total.mean == pytest.approx(brute.mean(), rel=0.03)
    assert stats.ks_2samp(fast.total_draws, brute).pvalue > 1e-3


def test_entry_draws_equal_brightways_own_matrix_draws(
    brightway_dir: Path, tiny_project: ProjectInfo, tiny: str
) -> None:
    """Same seed, same generator: the entry arrays give exactly Brightway's sampled matrices."""
    from lca_models.project import use_directory
    from lca_models.uncertainty.background import _lca
    from lca_models.uncertainty.matrix_draws import EntryDraws

    bd = use_directory(brightway_dir)
    method = load_methods().method_name("gwp_total")
    ours, theirs = _lca(bd, tiny, method, 99), _lca(bd, tiny, method, 99)
    technosphere, biosphere = EntryDraws(ours.technosphere_mm), EntryDraws(ours.biosphere_mm)
    assert technosphere.usable and biosphere.usable
    rng = np.random.default_rng(1)
    for _ in range(3):
        next(theirs.technosphere_mm)
        next(theirs.biosphere_mm)
        t_values, b_values = technosphere.draw(), biosphere.draw()
        x = rng.random(theirs.technosphere_mm.matrix.shape[0])
        w = rng.random(theirs.biosphere_mm.matrix.shape[0])
        expected_t = theirs.technosphere_mm.matrix.T @ x
        np.testing.assert_allclose(technosphere.transposed_product(t_values, x), expected_t)
        expected_b = theirs.biosphere_mm.matrix.T @ w
        np.testing.assert_allclose(biosphere.weighted_column_sums(b_values, w), expected_b)
        dense = technosphere.transposed_matrix(t_values).toarray()
        np.testing.assert_allclose(dense, theirs.technosphere_mm.matrix.T.toarray())


def test_the_sampled_table_is_the_same_in_one_process_or_two(
    brightway_dir: Path, tiny_project: ProjectInfo, tiny: str
) -> None:
    from lca_models.uncertainty.background import sample_background

    codes, one, seed = sample_background(brightway_dir, tiny, 40, workers=1)
    codes_two, two, seed_two = sample_background(brightway_dir, tiny, 40, workers=2)
    assert (codes, seed) == (codes_two, seed_two)
    np.testing.assert_array_equal(one, two)
    assert one.shape == (len(codes), 40)
