"""C2SP tlog-checkpoint bodies, signed and opened as C2SP signed notes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from certificates.log.errors import MalformedCheckpoint
from certificates.log.merkle import HASH_SIZE
from certificates.log.note import (
    NoteSigner,
    NoteVerifier,
    b64decode,
    b64encode,
    parse_note,
    sign_note,
    verify_note,
)

# tlog-checkpoint, Note text: the tree size is ASCII decimal with no leading zeroes.
_TREE_SIZE = re.compile(r"0|[1-9][0-9]*")


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head: origin, tree size, root hash, and opaque extension lines."""

    origin: str
    tree_size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Reject values the note text could not carry."""
        # tlog-checkpoint, Note text: the origin MUST be non-empty; lines are newline-separated.
        if not self.origin or "\n" in self.origin:
            raise MalformedCheckpoint("the origin must be one non-empty line")
        if self.tree_size < 0:
            raise MalformedCheckpoint("the tree size must not be negative")
        # The root hash is that of the RFC 6962 (SHA-256) Merkle tree.
        if len(self.root_hash) != HASH_SIZE:
            raise MalformedCheckpoint("the root hash must be 32 bytes")
        # Extension lines, if any, MUST be non-empty.
        if any(not line or "\n" in line for line in self.extensions):
            raise MalformedCheckpoint("extension lines must be single non-empty lines")

    def to_text(self) -> str:
        """Return the note text: origin, size, base64 root and extensions, one per line."""
        lines = (self.origin, str(self.tree_size), b64encode(self.root_hash), *self.extensions)
        return "".join(line + "\n" for line in lines)

    @classmethod
    def from_text(cls, text: str) -> Checkpoint:
        """Parse a checkpoint note text (tlog-checkpoint, Note text)."""
        # At least three non-empty lines, each ending in a newline.
        if not text.endswith("\n"):
            raise MalformedCheckpoint("a checkpoint body ends in a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise MalformedCheckpoint("a checkpoint body has at least three lines")
        origin, size, root, *extensions = lines
        if not _TREE_SIZE.fullmatch(size):
            raise MalformedCheckpoint("the tree size must be decimal with no leading zeroes")
        try:
            root_hash = b64decode(root)
        except ValueError as error:
            raise MalformedCheckpoint(f"bad root hash: {error}") from None
        return cls(origin, int(size), root_hash, tuple(extensions))


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> str:
    """Return the checkpoint as a note signed by the log's key."""
    return sign_note(checkpoint.to_text(), [signer])


def parse_checkpoint(note: str | bytes) -> Checkpoint:
    """Return the checkpoint in a signed note without checking any signature."""
    return Checkpoint.from_text(parse_note(note).text)


def open_checkpoint(
    note: str | bytes, verifiers: Iterable[NoteVerifier], *, origin: str | None = None
) -> Checkpoint:
    """Verify a signed checkpoint against known keys and return it; unknown cosigners are ignored.

    With origin, the checkpoint must also name that log: one log's key must not vouch for another.
    """
    checkpoint = Checkpoint.from_text(verify_note(note, verifiers).text)
    if origin is not None and checkpoint.origin != origin:
        raise MalformedCheckpoint(f"the checkpoint's origin is not {origin!r}")
    return checkpoint
