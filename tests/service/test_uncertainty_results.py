"""Every calculation carries a Monte Carlo 95% interval and PACT data-quality ratings."""

from __future__ import annotations

from decimal import Decimal

from tests.service.helpers import (
    ELECTRICITY,
    activity_line,
    bom_doc,
    calculate,
    create_bom,
    create_product,
    emission_line,
    footprint_of,
)


def test_a_calculation_answers_its_interval_reproducibly(client, headers):
    product_id = create_product(client, headers)
    document = bom_doc(
        activity_line("power", amount="2", uncertainty={"distribution": "lognormal", "gsd": "1.2"}),
        emission_line("gas", ("methane, fossil", "0.01", "kg"), data="primary"),
    )
    bom = create_bom(client, headers, product_id, document)
    first = calculate(client, headers, bom["id"])
    spread = first["uncertainty"]
    assert spread["method"] == "monte-carlo"
    assert spread["draws"] == 1000  # an integer, as API.md shows
    assert spread["confidence"] == "0.95"
    total = {k: Decimal(v) for k, v in spread["total_kg_co2e"].items()}
    assert set(total) == {"p2_5", "p50", "p97_5", "mean"}
    assert total["p2_5"] < total["p50"] < total["p97_5"]
    # 2 kWh x 0.6205 + 0.01 kg x 29.8 = 1.539: the median lies near the deterministic total.
    assert abs(total["p50"] - Decimal(first["total_kg_co2e"])) < Decimal("0.1")
    assert set(spread["by_stage"]) == {"production"}
    refs = [c["ref"] for c in spread["variance_contributors"]]
    assert refs[0] == "power"  # the grade-B grid factor dominates
    assert spread["blocked"] == []
    again = calculate(client, headers, bom["id"])
    assert again["uncertainty"] == spread  # same BOM, same library version: same interval


def test_a_line_stated_exact_gives_a_degenerate_interval(client, headers):
    # Direct methane at GSD 1: characterisation factors are fixed, so every draw is 0.298.
    calc = footprint_of(
        client,
        headers,
        emission_line(
            "gas",
            ("methane, fossil", "0.01", "kg"),
            uncertainty={"distribution": "lognormal", "gsd": "1"},
        ),
    )
    interval = calc["uncertainty"]["total_kg_co2e"]
    assert {Decimal(v) for v in interval.values()} == {Decimal("0.298")}
    assert calc["uncertainty"]["variance_contributors"] == []


def test_pact_ratings_are_emission_weighted(client, headers):
    # The 2023 national grid factor (CN, grade B) for a CN-GD site in 2025: technological 3
    # (grade B), geographical 2 (the country containing the region), temporal 1 (2 years).
    calc = footprint_of(client, headers, activity_line(activity=ELECTRICITY, amount="2"))
    quality = calc["data_quality"]
    assert (quality["technological_dqr"], quality["geographical_dqr"]) == ("3", "2")
    assert quality["temporal_dqr"] == "1"
    # A primary line with its own pedigree weighs in by its kg CO2e (1.241 vs 0.298).
    calc = footprint_of(
        client,
        headers,
        activity_line(activity=ELECTRICITY, amount="2"),
        emission_line(
            "gas",
            ("methane, fossil", "0.01", "kg"),
            data="primary",
            pedigree={
                "reliability": 1,
                "completeness": 1,
                "temporal": 5,
                "geographical": 1,
                "technological": 1,
            },
        ),
    )
    weight = Decimal("0.298") / (Decimal("1.241") + Decimal("0.298"))
    temporal = (1 - weight) * 1 + weight * 5
    assert Decimal(calc["data_quality"]["temporal_dqr"]) == round(temporal, 1)
