"""Reading label IDs as people type them: case, spaces, dashes, full-width forms, typos."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates.label_ids import LabelId, read_typed

ID = str(LabelId("GD", "SZ", 2026, 42))  # GBA-GDSZ-2026-000042-C


@pytest.mark.parametrize(
    "typed",
    [
        ID,
        ID.lower(),
        ID.replace("-", " "),
        ID.replace("-", ""),
        f"  {ID}\t",
        ID.replace("-", "\u2013"),  # en dashes from a word processor
        "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in ID),  # full width
        "gba_gdsz.2026.000042.c",
    ],
)
def test_every_way_of_typing_finds_the_id(typed):
    reading = read_typed(typed)
    assert (reading.label_id, reading.problem) == (ID, None)


def test_a_wrong_check_character_is_named_as_such():
    wrong = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    assert read_typed(wrong).problem == "check_character"
    # Two adjacent digits swapped: still the shape of an ID, caught by the check character.
    swapped = ID.replace("000042", "000024")
    assert read_typed(swapped).problem == "check_character"


@pytest.mark.parametrize("typed", ["", "hello", "GBA-XX12-2026-000042-C", "GBA-GDSZ-26-42-C"])
def test_text_that_is_no_id_is_malformed(typed):
    assert read_typed(typed).problem == "malformed"


def test_issuer_codes_with_digits_are_read_back():
    for issuer in ("S1", "HK1", "A2026B", "9"):
        label = str(LabelId("HK", issuer, 2027, 123456))
        assert read_typed(label).candidates == (label,)
        assert read_typed(label.replace("-", " ")).label_id == label
        # Run together, "S1" + "2027" may also read as "S" + "1202": both are offered, and the
        # issued six-digit serial comes first.
        compact = read_typed(label.replace("-", ""))
        assert compact.label_id == label and label in compact.candidates


@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text):
    reading = read_typed(text)
    assert (reading.label_id is None) == (reading.problem is not None)
