"""The reviewer flags as pure rules: thresholds are strict limits (above, not at)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.domain.flags import (
    METERED_GAP_LIMIT,
    MOVE_LIMIT,
    SECONDARY_SHARE_LIMIT,
    LineFacts,
    MeteredEnergy,
    footprint_flags,
    line_flags,
)

D = Decimal


def _line(**facts) -> LineFacts:
    base = {"ref": "l", "kg_co2e": D("1"), "share": D("0.01"), "data": "primary", "grade": "B"}
    return LineFacts(**(base | facts))


def _codes(flags) -> list[str]:
    return [f.code for f in flags]


def test_the_limits_are_the_review_policy():
    assert D("0.05") == SECONDARY_SHARE_LIMIT
    assert D("0.10") == MOVE_LIMIT
    assert D("0.10") == METERED_GAP_LIMIT


def test_a_clean_line_has_no_flags():
    assert line_flags(_line()) == []


@pytest.mark.parametrize(
    ("grade", "flagged"), [("A", False), ("B", False), ("C", True), (None, False)]
)
def test_grade_c_data_is_flagged(grade, flagged):
    flags = line_flags(_line(grade=grade, ref="steel"))
    assert _codes(flags) == (["grade_c_data"] if flagged else [])
    if flagged:
        assert flags[0].line_ref == "steel"
        assert "grade C" in flags[0].message


@pytest.mark.parametrize(
    ("share", "data", "flagged"),
    [
        ("0.049", "secondary", False),
        ("0.05", "secondary", False),
        ("0.0501", "secondary", True),
        ("0.051", "secondary", True),
        ("1", "secondary", True),
        ("0.9", "primary", False),
    ],
)
def test_secondary_data_above_five_percent_is_flagged(share, data, flagged):
    flags = line_flags(_line(share=D(share), data=data))
    assert _codes(flags) == (["secondary_data_major_share"] if flagged else [])
    if flagged:
        assert flags[0].details == {"share": share}
        assert "limit 5%" in flags[0].message


def test_the_share_is_shown_as_a_percentage():
    (flag,) = line_flags(_line(share=D("0.051"), data="secondary"))
    assert flag.message.startswith("secondary data for 5.1% of the total")


@pytest.mark.parametrize(
    ("kind", "electricity", "expected"),
    [
        ("co2-only", True, ["co2_only_electricity"]),
        ("life-cycle", True, []),
        # any other CO2-only factor (worldsteel crude steel, process CO2) is flagged too
        ("co2-only", False, ["co2_only_factor"]),
        (None, False, []),
    ],
)
def test_a_co2_only_factor_is_flagged(kind, electricity, expected):
    flags = line_flags(_line(dataset_kind=kind, is_electricity=electricity))
    assert _codes(flags) == expected


def test_one_line_can_carry_several_flags():
    line = _line(grade="C", share=D("0.5"), data="secondary", dataset_kind="co2-only")
    flags = line_flags(LineFacts(**(line.__dict__ | {"is_electricity": True})))
    assert _codes(flags) == ["grade_c_data", "secondary_data_major_share", "co2_only_electricity"]


@pytest.mark.parametrize(
    ("previous", "total", "flagged"),
    [
        ("10", "10.9", False),  # +9%
        ("10", "11", False),  # +10% exactly is at the limit, not above it
        ("10", "11.1", True),  # +11%
        ("10", "9.1", False),  # -9%
        ("10", "8.9", True),  # -11%
        ("10", "25", True),
    ],
)
def test_a_footprint_moving_more_than_ten_percent_is_flagged(previous, total, flagged):
    flags = footprint_flags([], D(total), D(previous), None)
    assert _codes(flags) == (["footprint_moved"] if flagged else [])
    if flagged:
        assert flags[0].line_ref is None
        assert flags[0].details["previous"] == previous


def test_the_move_is_signed_in_the_message():
    (up,) = footprint_flags([], D("11.5"), D("10"), None)
    (down,) = footprint_flags([], D("8.5"), D("10"), None)
    assert "15.0%" in up.message and "-15.0%" not in up.message
    assert "-15.0%" in down.message


@pytest.mark.parametrize("previous", [None, "0"])
def test_no_previous_footprint_no_move_flag(previous):
    flags = footprint_flags([], D("10"), None if previous is None else D(previous), None)
    assert flags == []


def _energy(kwh: str, ref: str = "power") -> LineFacts:
    return _line(ref=ref, energy_kwh=D(kwh), is_electricity=True, dataset_kind="life-cycle")


@pytest.mark.parametrize(
    ("modelled", "flagged"),
    [
        ("10", False),
        ("10.9", False),  # +9%
        ("11", False),  # +10% exactly
        ("11.01", True),
        ("9.1", False),  # -9%
        ("8.9", True),  # -11%
        ("0", True),  # no energy lines at all
    ],
)
def test_metered_energy_gap_above_ten_percent_is_flagged(modelled, flagged):
    metered = MeteredEnergy(D("100000"), D("10000"))  # 10 kWh per unit
    flags = footprint_flags([_energy(modelled)], D("1"), None, metered)
    assert _codes(flags) == (["metered_energy_gap"] if flagged else [])
    if flagged:
        assert flags[0].details == {
            "metered_kwh_per_unit": "10.000000",
            "modelled_kwh_per_unit": modelled,
        }


def test_the_modelled_energy_is_the_sum_of_the_energy_lines():
    metered = MeteredEnergy(D("1000"), D("100"))  # 10 kWh per unit
    lines = [_energy("6", "a"), _energy("4", "b"), _line(ref="steel")]
    assert footprint_flags(lines, D("1"), None, metered) == []
    assert _codes(footprint_flags(lines[:1], D("1"), None, metered)) == ["metered_energy_gap"]


@pytest.mark.parametrize(("energy", "units"), [("1000", "0"), ("0", "100")])
def test_no_metered_gap_without_meaningful_meter_readings(energy, units):
    flags = footprint_flags([_energy("10")], D("1"), None, MeteredEnergy(D(energy), D(units)))
    assert flags == []


def test_line_flags_come_before_footprint_flags():
    lines = [_line(ref="a", grade="C"), _energy("1", "b")]
    flags = footprint_flags(lines, D("20"), D("10"), MeteredEnergy(D("100"), D("1")))
    assert _codes(flags) == ["grade_c_data", "footprint_moved", "metered_energy_gap"]
    assert [f.line_ref for f in flags] == ["a", None, None]
