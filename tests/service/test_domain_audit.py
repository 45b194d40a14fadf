"""Hash chaining of audit events as pure rules."""

from __future__ import annotations

import dataclasses

import pytest

from service.domain.audit import GENESIS, EventContent, event_hash, first_break


def _chain(n: int) -> list[tuple[EventContent, str, str]]:
    events, previous = [], GENESIS
    for seq in range(1, n + 1):
        content = EventContent(
            application_id="app_1",
            seq=seq,
            kind="comment",
            actor_id="usr_1",
            payload={"text": f"note {seq}", "n": seq, "电": "力"},
            created_at=f"2026-01-0{seq}T10:00:00.000001Z",
        )
        digest = event_hash(previous, content)
        events.append((content, previous, digest))
        previous = digest
    return events


def test_the_hash_is_a_sha256_hex_digest_and_deterministic():
    content = _chain(1)[0][0]
    digest = event_hash(GENESIS, content)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert event_hash(GENESIS, content) == digest
    # Key order in the payload does not matter: the JSON is canonical.
    reordered = dataclasses.replace(content, payload=dict(reversed(content.payload.items())))
    assert event_hash(GENESIS, reordered) == digest


@pytest.mark.parametrize(
    "change",
    [
        {"application_id": "app_2"},
        {"seq": 2},
        {"kind": "approve"},
        {"actor_id": None},
        {"payload": {"text": "note 1!"}},
        {"created_at": "2026-01-01T10:00:00.000002Z"},
    ],
)
def test_every_field_is_covered_by_the_hash(change):
    content = _chain(1)[0][0]
    assert event_hash(GENESIS, dataclasses.replace(content, **change)) != event_hash(
        GENESIS, content
    )


def test_the_previous_hash_is_covered():
    content = _chain(1)[0][0]
    assert event_hash(GENESIS, content) != event_hash("1" * 64, content)


def test_an_intact_chain_and_an_empty_one_have_no_break():
    assert first_break(_chain(5)) is None
    assert first_break([]) is None


def test_a_changed_payload_breaks_at_that_event():
    events = _chain(5)
    content, previous, digest = events[2]
    events[2] = (dataclasses.replace(content, payload={"text": "edited"}), previous, digest)
    found = first_break(events)
    assert found is not None
    assert (found.application_id, found.seq) == ("app_1", 3)
    assert found.reason == "content does not match hash"


def test_a_recomputed_hash_breaks_the_next_link():
    events = _chain(5)
    content, previous, _digest = events[1]
    edited = dataclasses.replace(content, kind="approve")
    events[1] = (edited, previous, event_hash(previous, edited))
    found = first_break(events)
    assert found is not None
    assert found.seq == 3
    assert found.reason == "link to previous event broken"


def test_a_missing_event_breaks_at_the_one_after_the_gap():
    events = _chain(5)
    del events[2]
    found = first_break(events)
    assert found is not None
    assert found.seq == 4
    assert found.reason == "expected seq 3"


def test_a_chain_must_start_from_genesis():
    events = _chain(3)[1:]
    found = first_break(events)
    assert found is not None and found.seq == 2
