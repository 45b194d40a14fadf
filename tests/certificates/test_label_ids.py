"""Label IDs: the format of LABELS.md and an ISO/IEC 7064 MOD 37,36 check character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certificates.errors import InvalidLabelId
from certificates.label_ids import ALPHABET, LabelId, check_character, parse_label_id

EXAMPLE = "GBA-GDSZ-2026-000042-C"


def iso7064_valid(text: str) -> bool:
    """ISO/IEC 7064 hybrid MOD 37,36 check of a string ending in its check character."""
    product = 36
    for char in text[:-1]:
        product = (((product + ALPHABET.index(char)) % 36 or 36) * 2) % 37
    return (product + ALPHABET.index(text[-1])) % 36 == 1


def test_a_published_mod_37_36_vector():
    # python-stdnum's documented example: calc_check_digit('A12425GABC1234002') == 'M'.
    assert check_character("A12425GABC1234002") == "M"
    assert iso7064_valid("A12425GABC1234002M")


def test_the_example_id():
    label = LabelId("GD", "SZ", 2026, 42)
    assert str(label) == EXAMPLE
    assert iso7064_valid(EXAMPLE.replace("-", ""))
    assert parse_label_id(EXAMPLE) == label


@pytest.mark.parametrize("text", [EXAMPLE.lower(), f"  {EXAMPLE}\n", "gba-gdsz-2026-000042-c"])
def test_any_letter_case_and_surrounding_space_parse(text):
    assert str(parse_label_id(text)) == EXAMPLE


def test_every_single_character_substitution_is_caught():
    for i, original in enumerate(EXAMPLE):
        if original == "-":
            continue
        for char in ALPHABET.replace(original, ""):
            with pytest.raises(InvalidLabelId):
                parse_label_id(EXAMPLE[:i] + char + EXAMPLE[i + 1 :])


def test_every_adjacent_transposition_is_caught():
    for i in range(len(EXAMPLE) - 1):
        a, b = EXAMPLE[i], EXAMPLE[i + 1]
        if a == b:
            continue
        with pytest.raises(InvalidLabelId):
            parse_label_id(EXAMPLE[:i] + b + a + EXAMPLE[i + 2 :])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "GBA-SZ-2026-000042-7",  # no jurisdiction
        "GBA-XXSZ-2026-000042-C",  # unknown jurisdiction
        "GBA-GDSZ-2026-42-C",  # serial shorter than six digits
        "GBA-GDSZ-26-000042-C",
        "GBA-GD-2026-000042-C",  # no issuer code
        "GBA-GDABCDEFG-2026-000042-C",  # issuer code over six characters
        "GBA-GDSZ-2026-000042",  # no check character
        "GBA-GDSZ-2026-000042-CC",
        "GBX-GDSZ-2026-000042-C",
        "GBA_GDSZ_2026_000042_C",
    ],
)
def test_malformed_ids_are_refused(text):
    with pytest.raises(InvalidLabelId):
        parse_label_id(text)


@settings(max_examples=200, deadline=None)
@given(
    jurisdiction=st.sampled_from(["GD", "HK", "MO"]),
    code=st.text(alphabet=ALPHABET, min_size=1, max_size=6),
    year=st.integers(2000, 2999),
    serial=st.integers(1, 10**8),
)
def test_generated_ids_round_trip_and_pass_the_standard_check(jurisdiction, code, year, serial):
    text = str(LabelId(jurisdiction, code, year, serial))
    assert iso7064_valid(text.replace("-", ""))
    assert parse_label_id(text) == LabelId(jurisdiction, code, year, serial)
    assert len(text.split("-")[3]) >= 6
