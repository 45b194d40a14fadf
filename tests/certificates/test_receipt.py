"""Inclusion receipts: JSON round trip and every check verify_receipt makes."""

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates.log import (
    Checkpoint,
    InclusionReceipt,
    MalformedReceipt,
    MemoryNodeStore,
    MerkleLog,
    NoteSigner,
    cosign_note,
    make_receipt,
    sign_checkpoint,
    verify_receipt,
)

ORIGIN = "example.org/gba-labels/log"
ENTRIES = [f"label {i}".encode() for i in range(21)]


@pytest.fixture
def log_key() -> NoteSigner:
    return NoteSigner.from_private_key(ORIGIN, Ed25519PrivateKey.generate())


@pytest.fixture
def log() -> MerkleLog:
    merkle_log = MerkleLog(MemoryNodeStore())
    for entry in ENTRIES:
        merkle_log.append(entry)
    return merkle_log


def checkpoint_of(log: MerkleLog, signer: NoteSigner, size: int | None = None) -> str:
    size = log.size if size is None else size
    return sign_checkpoint(Checkpoint(ORIGIN, size, log.root(size)), signer)


def test_every_entry_gets_a_receipt_that_verifies(log, log_key):
    note = checkpoint_of(log, log_key)
    for index, entry in enumerate(ENTRIES):
        receipt = make_receipt(log, index, note)
        assert receipt.tree_size == len(ENTRIES)
        assert verify_receipt(receipt, entry, [log_key.verifier], origin=ORIGIN) == []


def test_a_receipt_against_an_older_checkpoint_still_verifies(log, log_key):
    receipt = make_receipt(log, 3, checkpoint_of(log, log_key, size=8))
    assert receipt.tree_size == 8
    assert verify_receipt(receipt, ENTRIES[3], [log_key.verifier]) == []


def test_json_round_trip(log, log_key):
    receipt = make_receipt(log, 5, checkpoint_of(log, log_key))
    data = json.loads(json.dumps(receipt.to_json()))
    assert set(data) == {"index", "tree_size", "leaf_hash", "audit_path", "checkpoint"}
    assert base64.b64decode(data["leaf_hash"]) == receipt.leaf_hash
    assert InclusionReceipt.from_json(data) == receipt


def test_a_witness_cosigned_checkpoint_verifies_with_the_log_key_alone(log, log_key):
    witness = NoteSigner.from_private_key("example.com/witness", Ed25519PrivateKey.generate())
    note = cosign_note(checkpoint_of(log, log_key), witness)
    receipt = make_receipt(log, 0, note)
    assert verify_receipt(receipt, ENTRIES[0], [log_key.verifier]) == []


def test_another_entry_fails_the_leaf_hash_and_path(log, log_key):
    receipt = make_receipt(log, 5, checkpoint_of(log, log_key))
    assert verify_receipt(receipt, ENTRIES[6], [log_key.verifier]) == [
        "the leaf hash is not the hash of the entry"
    ]
    forged = InclusionReceipt(
        5, receipt.tree_size, log.leaf_hash(6), receipt.audit_path, receipt.checkpoint
    )
    assert verify_receipt(forged, ENTRIES[6], [log_key.verifier]) == [
        "the audit path does not lead to the checkpoint's root hash"
    ]


def test_a_wrong_index_or_size_fails(log, log_key):
    receipt = make_receipt(log, 5, checkpoint_of(log, log_key))
    moved = InclusionReceipt(
        4, receipt.tree_size, receipt.leaf_hash, receipt.audit_path, receipt.checkpoint
    )
    assert verify_receipt(moved, ENTRIES[5], [log_key.verifier]) == [
        "the audit path does not lead to the checkpoint's root hash"
    ]
    resized = InclusionReceipt(5, 20, receipt.leaf_hash, receipt.audit_path, receipt.checkpoint)
    assert verify_receipt(resized, ENTRIES[5], [log_key.verifier]) == [
        "the receipt's tree size is not the checkpoint's"
    ]


def test_a_tampered_path_fails(log, log_key):
    receipt = make_receipt(log, 5, checkpoint_of(log, log_key))
    first = bytes([receipt.audit_path[0][0] ^ 1]) + receipt.audit_path[0][1:]
    tampered = InclusionReceipt(
        5,
        receipt.tree_size,
        receipt.leaf_hash,
        (first, *receipt.audit_path[1:]),
        receipt.checkpoint,
    )
    assert verify_receipt(tampered, ENTRIES[5], [log_key.verifier]) == [
        "the audit path does not lead to the checkpoint's root hash"
    ]


def test_an_unsigned_or_tampered_checkpoint_fails(log, log_key):
    receipt = make_receipt(log, 5, checkpoint_of(log, log_key))
    stranger = NoteSigner.from_private_key(ORIGIN, Ed25519PrivateKey.generate())
    [failure] = verify_receipt(receipt, ENTRIES[5], [stranger.verifier])
    assert failure.startswith("the checkpoint does not verify: no signature")
    size_line = f"\n{len(ENTRIES)}\n"
    tampered = InclusionReceipt(
        5,
        20,
        receipt.leaf_hash,
        receipt.audit_path,
        receipt.checkpoint.replace(size_line, "\n20\n"),
    )
    [failure] = verify_receipt(tampered, ENTRIES[5], [log_key.verifier])
    assert failure.startswith("the checkpoint does not verify: the signature")
    [failure] = verify_receipt(receipt, ENTRIES[5], [log_key.verifier], origin="example.com/x")
    assert failure.startswith("the checkpoint does not verify: the checkpoint's origin")


@pytest.mark.parametrize(
    "change",
    [
        {"index": -1},
        {"index": True},
        {"tree_size": "21"},
        {"leaf_hash": "AAAA"},
        {"leaf_hash": None},
        {"audit_path": "not a list"},
        {"audit_path": ["!!"]},
        {"checkpoint": 5},
    ],
)
def test_malformed_json_is_rejected(log, log_key, change):
    data = make_receipt(log, 5, checkpoint_of(log, log_key)).to_json() | change
    with pytest.raises(MalformedReceipt):
        InclusionReceipt.from_json(data)
