"""Inclusion receipts: an entry's audit path to a signed checkpoint, and their verification."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from certificates.log.checkpoint import open_checkpoint, parse_checkpoint
from certificates.log.errors import LogError, MalformedReceipt
from certificates.log.merkle import HASH_SIZE, MerkleLog, hash_leaf, verify_inclusion
from certificates.log.note import NoteVerifier, b64decode, b64encode


@dataclass(frozen=True)
class InclusionReceipt:
    """Proof that the entry at index is in the tree of tree_size named by a signed checkpoint."""

    index: int
    tree_size: int
    leaf_hash: bytes
    audit_path: tuple[bytes, ...]
    checkpoint: str

    def to_json(self) -> dict[str, Any]:
        """Return the receipt as a JSON-ready dict, hashes in standard base64."""
        return {
            "index": self.index,
            "tree_size": self.tree_size,
            "leaf_hash": b64encode(self.leaf_hash),
            "audit_path": [b64encode(h) for h in self.audit_path],
            "checkpoint": self.checkpoint,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> InclusionReceipt:
        """Parse a receipt from to_json's shape, or raise MalformedReceipt."""
        index, tree_size = _count(data.get("index")), _count(data.get("tree_size"))
        path, checkpoint = data.get("audit_path"), data.get("checkpoint")
        if not isinstance(path, list) or not isinstance(checkpoint, str):
            raise MalformedReceipt("audit_path must be a list and checkpoint a string")
        return cls(
            index,
            tree_size,
            _hash_from_json(data.get("leaf_hash")),
            tuple(_hash_from_json(h) for h in path),
            checkpoint,
        )


def make_receipt(log: MerkleLog, index: int, checkpoint: str) -> InclusionReceipt:
    """Return the receipt of the entry at index against a checkpoint the log signed."""
    tree_size = parse_checkpoint(checkpoint).tree_size
    return InclusionReceipt(
        index,
        tree_size,
        log.leaf_hash(index),
        tuple(log.inclusion_proof(index, tree_size)),
        checkpoint,
    )


def verify_receipt(
    receipt: InclusionReceipt,
    entry: bytes,
    verifiers: Iterable[NoteVerifier],
    *,
    origin: str | None = None,
) -> list[str]:
    """Return the checks the receipt fails for entry; an empty list means it holds."""
    failures: list[str] = []
    # RFC 9162 section 2.1.1: the leaf hash is SHA-256(0x00 || entry).
    if hash_leaf(entry) != receipt.leaf_hash:
        failures.append("the leaf hash is not the hash of the entry")
    try:
        checkpoint = open_checkpoint(receipt.checkpoint, verifiers, origin=origin)
    except LogError as error:
        failures.append(f"the checkpoint does not verify: {error}")
        return failures
    if checkpoint.tree_size != receipt.tree_size:
        failures.append("the receipt's tree size is not the checkpoint's")
    # RFC 9162 section 2.1.3.2: the audit path must lead from the leaf to the checkpoint's root.
    if not verify_inclusion(
        receipt.leaf_hash,
        receipt.index,
        checkpoint.tree_size,
        receipt.audit_path,
        checkpoint.root_hash,
    ):
        failures.append("the audit path does not lead to the checkpoint's root hash")
    return failures


def _count(value: object) -> int:
    """Return value if it is a non-negative int (and not a bool), or raise MalformedReceipt."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise MalformedReceipt("index and tree_size must be non-negative integers")
    return value


def _hash_from_json(value: object) -> bytes:
    """Decode one base64 SHA-256 hash, or raise MalformedReceipt."""
    if not isinstance(value, str):
        raise MalformedReceipt("hashes must be base64 strings")
    try:
        digest = b64decode(value)
    except ValueError as error:
        raise MalformedReceipt(f"bad hash: {error}") from None
    if len(digest) != HASH_SIZE:
        raise MalformedReceipt("hashes must be 32 bytes")
    return digest
